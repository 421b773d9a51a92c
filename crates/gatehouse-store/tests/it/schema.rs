//! Both migration trees must define the same tables, columns, types, nullability and
//! indexes, so one `schema.rs` fits both and the trees cannot drift apart.

use std::collections::BTreeSet;

use diesel::sql_types::{Integer, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use gatehouse_store::testing::TestDb;

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    column_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

#[derive(QueryableByName)]
struct Index {
    #[diesel(sql_type = Text)]
    name: String,
}

/// (table, column, type family, nullable)
type Column = (String, String, &'static str, bool);

fn sqlite_family(declared: &str, pk: bool) -> &'static str {
    match declared.to_ascii_uppercase().as_str() {
        // INTEGER PRIMARY KEY is SQLite's 64-bit rowid.
        "INTEGER" if pk => "int8",
        "INTEGER" => "int4",
        "BIGINT" => "int8",
        "TEXT" => "text",
        "BOOLEAN" => "bool",
        "TIMESTAMP" => "timestamp",
        other => {
            panic!("SQLite column type {other} has no family; use one both backends map alike")
        }
    }
}

fn pg_family(data_type: &str) -> &'static str {
    match data_type {
        "integer" => "int4",
        "bigint" => "int8",
        "text" => "text",
        "boolean" => "bool",
        "timestamp without time zone" => "timestamp",
        other => {
            panic!("PostgreSQL column type {other} has no family; use one both backends map alike")
        }
    }
}

fn sqlite_schema(db: &TestDb) -> (BTreeSet<Column>, BTreeSet<String>) {
    let path = db.url.strip_prefix("sqlite://").unwrap();
    let mut conn = SqliteConnection::establish(path).unwrap();
    let columns: Vec<SqliteColumn> = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, p.type AS column_type, \
                p.\"notnull\" AS not_null, p.pk AS pk \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
           AND m.name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    let indexes: Vec<Index> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .load(&mut conn)
            .unwrap();
    let columns = columns
        .into_iter()
        .map(|c| {
            let pk = c.pk > 0;
            let family = sqlite_family(&c.column_type, pk);
            (c.table_name, c.column_name, family, c.not_null == 0 && !pk)
        })
        .collect();
    (columns, indexes.into_iter().map(|i| i.name).collect())
}

fn pg_schema(db: &TestDb) -> (BTreeSet<Column>, BTreeSet<String>) {
    let mut conn = PgConnection::establish(&db.url).unwrap();
    let columns: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                data_type::text AS data_type, is_nullable::text AS is_nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    // Indexes created by CREATE INDEX, not those backing PRIMARY KEY / UNIQUE constraints.
    let indexes: Vec<Index> = diesel::sql_query(
        "SELECT indexname::text AS name FROM pg_indexes \
         WHERE schemaname = 'public' \
           AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .load(&mut conn)
    .unwrap();
    let columns = columns
        .into_iter()
        .map(|c| {
            let family = pg_family(&c.data_type);
            (c.table_name, c.column_name, family, c.is_nullable == "YES")
        })
        .collect();
    (columns, indexes.into_iter().map(|i| i.name).collect())
}

#[test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
fn both_migration_trees_define_the_same_schema() {
    let sqlite = TestDb::sqlite();
    sqlite.store();
    let (sqlite_columns, sqlite_indexes) = sqlite_schema(&sqlite);
    assert!(sqlite_columns.len() > 30, "SQLite tables were created");

    let Some(pg) = TestDb::postgres() else { return };
    pg.store();
    let (pg_columns, pg_indexes) = pg_schema(&pg);

    let only_sqlite: Vec<_> = sqlite_columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "migration trees differ\n only in SQLite: {only_sqlite:#?}\n only in PostgreSQL: {only_pg:#?}"
    );
    assert_eq!(sqlite_indexes, pg_indexes, "indexes differ");
}
