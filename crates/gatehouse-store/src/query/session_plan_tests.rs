//! The plans PostgreSQL makes for the credential lookups on their own connection (issue #7).

// Test support: failing loudly is the point.
#![allow(clippy::panic, clippy::expect_used)]

use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::{sessions, users, SessionRow, UserRow};
use crate::conn::DbConn;
use crate::testing::TestDb;

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The statement text diesel sends for `query`, without the bind values it appends.
fn statement<Q: diesel::query_builder::QueryFragment<Pg>>(query: &Q) -> String {
    let text = diesel::debug_query::<Pg, _>(query).to_string();
    text.split(" -- binds:").next().unwrap_or_default().to_string()
}

/// The plan `conn` uses for `sql`, prepared with one `text[]` parameter.
fn plan(conn: &mut PgConnection, name: &str, sql: &str) -> String {
    diesel::sql_query(format!("PREPARE {name}(text[]) AS {sql}")).execute(conn).expect("prepare");
    let lines: Vec<PlanLine> =
        diesel::sql_query(format!("EXPLAIN EXECUTE {name}('{{a,b,c}}')")).load(conn).expect("explain");
    lines.into_iter().map(|l| l.line).collect::<Vec<_>>().join("\n")
}

/// On empty tables PostgreSQL would scan and hash them, and keep that plan as they grow.
#[test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
fn lookups_use_the_key_indexes_however_small_the_tables() {
    let Some(db) = TestDb::postgres() else { return };
    let store = db.store();
    let none: Vec<&str> = Vec::new();
    let by_id = statement(&sessions_with_owners!().filter(sessions::id.eq_any(&none)));
    let by_secret = statement(&sessions_with_owners!().filter(sessions::secret_hash.eq_any(&none)));
    assert!(by_id.contains("= ANY($1)"), "{by_id}");

    let pool = store.lookups.as_ref().expect("a PostgreSQL store keeps a lookup connection");
    let mut conn = pool.get().expect("the lookup connection");
    let DbConn::Pg(conn) = &mut *conn else { panic!("a PostgreSQL store gave a SQLite connection") };
    for (name, sql, index) in
        [("by_id", &by_id, "sessions_pkey"), ("by_secret", &by_secret, "sessions_secret_hash_key")]
    {
        let plan = plan(conn, name, sql);
        assert!(plan.contains(&format!("Index Scan using {index} on sessions")), "{name}:\n{plan}");
        assert!(plan.contains("Index Scan using users_pkey on users"), "{name}:\n{plan}");
        assert!(!plan.contains("Seq Scan"), "{name}:\n{plan}");
    }
}
