//! Test databases for this crate's and the server's tests (cargo feature `testing`).
//!
//! Every test gets its own database, so tests run in parallel: SQLite a file in a fresh
//! temporary directory, PostgreSQL a fresh `gh_test_<uuid>` database on the server named
//! by `GATEHOUSE_TEST_PG_URL`, dropped again in `Drop` (STYLE §7). Without that variable a
//! local run skips PostgreSQL tests with a visible message, and CI (`CI=true`) fails them.

// Test support: failing loudly is the point.
#![allow(clippy::panic, clippy::expect_used)]

use diesel::{Connection, PgConnection, RunQueryDsl};
use gatehouse_core::store::Store;

use crate::database_url::redact;
use crate::{connect, Backend, DbStore};

/// Environment variable naming a PostgreSQL admin URL, e.g. `postgres://postgres@127.0.0.1:5432/test`.
pub const PG_URL_VAR: &str = "GATEHOUSE_TEST_PG_URL";

/// Pool size of [`TestDb::store`].
const TEST_POOL_SIZE: u32 = 4;

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    /// URL to pass to [`connect`] or to a server configuration.
    pub url: String,
    backend: Backend,
    /// Holds the SQLite file (and its `-wal`/`-shm` files) until drop.
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL database to drop: (admin URL, database name).
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A new, empty SQLite database file in a temporary directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("create a temporary directory for SQLite");
        let url = format!("sqlite://{}", dir.path().join("gatehouse.db").display());
        TestDb { url, backend: Backend::Sqlite, _dir: Some(dir), pg: None }
    }

    /// A new, empty PostgreSQL database, or `None` (with a message) when `GATEHOUSE_TEST_PG_URL`
    /// is unset outside CI. Panics in CI without it, and whenever the server is unreachable.
    pub fn postgres() -> Option<TestDb> {
        let admin_url = match std::env::var(PG_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => url,
            _ if in_ci() => panic!(
                "{PG_URL_VAR} is not set but CI is: PostgreSQL store tests must run in CI, \
                 set {PG_URL_VAR} to an admin URL such as postgres://postgres@127.0.0.1:5432/test"
            ),
            _ => {
                eprintln!("skipping PostgreSQL test: {PG_URL_VAR} is not set");
                return None;
            }
        };
        let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
            panic!("{PG_URL_VAR} is set but PostgreSQL at {} is unreachable: {e}", redact(&admin_url))
        });
        let name = format!("gh_test_{}", uuid::Uuid::new_v4().simple());
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        Some(TestDb {
            url: with_database(&admin_url, &name),
            backend: Backend::Postgres,
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    /// Which engine the database runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A migrated store on this database.
    pub fn store(&self) -> DbStore {
        let store = connect(&self.url, TEST_POOL_SIZE).expect("connect to the test database");
        store.migrate().expect("migrate the test database");
        store
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = &self.pg else {
            return;
        };
        // FORCE: a pool the test leaked may still hold connections.
        let dropped = PgConnection::establish(admin_url).map_err(|e| e.to_string()).and_then(|mut admin| {
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .map_err(|e| e.to_string())
        });
        if let Err(e) = dropped {
            eprintln!("cannot drop test database {name}: {e}");
        }
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `url` with its database (path) replaced by `database`, keeping any query string.
fn with_database(url: &str, database: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[authority_start..].find(['/', '?']).map_or(url.len(), |i| authority_start + i);
    let query_start = url[authority_end..].find('?').map_or(url.len(), |i| authority_end + i);
    format!("{}/{database}{}", &url[..authority_end], &url[query_start..])
}

/// Run `test` on a fresh migrated SQLite store.
pub fn on_sqlite(test: impl FnOnce(&dyn Store)) {
    let db = TestDb::sqlite();
    let store = db.store();
    test(&store);
    drop(store);
}

/// Run `test` on a fresh migrated PostgreSQL store, or skip as [`TestDb::postgres`] says.
pub fn on_postgres(test: impl FnOnce(&dyn Store)) {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let store = db.store();
    test(&store);
    drop(store);
}

/// For each `fn name(store: &dyn Store)` given, generate tests `name::sqlite` and
/// `name::postgres`, each on its own fresh database.
#[macro_export]
macro_rules! store_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    $crate::testing::on_sqlite(super::$name);
                }

                #[test]
                #[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
                fn postgres() {
                    $crate::testing::on_postgres(super::$name);
                }
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn with_database_replaces_only_the_path() {
        let cases = [
            ("postgres://postgres@127.0.0.1:5432/test", "postgres://postgres@127.0.0.1:5432/x"),
            ("postgres://u:p@h/test?sslmode=disable", "postgres://u:p@h/x?sslmode=disable"),
            ("postgres://h:5432", "postgres://h:5432/x"),
            ("postgresql://h?sslmode=disable", "postgresql://h/x?sslmode=disable"),
        ];
        for (url, want) in cases {
            assert_eq!(with_database(url, "x"), want);
        }
    }
}
