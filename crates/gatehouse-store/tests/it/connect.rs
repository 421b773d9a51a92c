//! Opening a store: URL validation, file creation, idempotent migrations.

use diesel::{Connection, RunQueryDsl, SqliteConnection};
use gatehouse_store::testing::TestDb;
use gatehouse_store::{connect, Backend, StoreError};

#[test]
fn unsupported_scheme_is_named_without_the_password() {
    let err = connect("mysql://admin:hunter2@db.example/gatehouse", 2).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::UnsupportedScheme { .. }), "{err:?}");
    assert!(message.contains("`mysql`"), "{message}");
    assert!(!message.contains("hunter2") && !format!("{err:?}").contains("hunter2"), "{message}");
}

#[test]
fn zero_pool_size_is_refused() {
    let db = TestDb::sqlite();
    assert!(matches!(connect(&db.url, 0), Err(StoreError::PoolSize)));
}

#[test]
fn missing_directory_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/gatehouse.db");
    let err = connect(&format!("sqlite:{}", path.display()), 1).unwrap_err();
    assert!(matches!(err, StoreError::CreateFile { .. }), "{err:?}");
    assert!(err.to_string().contains("no/such/dir/gatehouse.db"), "{err}");
}

#[test]
fn sqlite_file_is_created_in_wal_mode_and_migrations_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    for url in [format!("sqlite://{}", path.display()), path.display().to_string()] {
        let store = connect(&url, 2).unwrap();
        assert_eq!(store.backend(), Backend::Sqlite);
        store.migrate().unwrap();
        store.migrate().unwrap();
    }
    assert!(path.exists());
    let mut conn = SqliteConnection::establish(&path.display().to_string()).unwrap();
    let mode: Vec<JournalMode> = diesel::sql_query("PRAGMA journal_mode").load(&mut conn).unwrap();
    assert_eq!(mode[0].journal_mode, "wal");
}

#[derive(diesel::QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = diesel::sql_types::Text)]
    journal_mode: String,
}

#[test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
fn postgres_migrations_are_idempotent() {
    let Some(db) = TestDb::postgres() else { return };
    let store = db.store();
    assert_eq!(store.backend(), Backend::Postgres);
    store.migrate().unwrap();
    let again = connect(&db.url, 1).unwrap();
    again.migrate().unwrap();
}
