//! The few places where SQL differs between PostgreSQL and SQLite (STYLE §5).
//!
//! Everything else is written once against the multi-backend [`DbConn`].

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use gatehouse_core::{CoreError, CoreResult};

use crate::conn::DbConn;
use crate::error::StoreError;
use crate::query::lockout::LockoutColumns;
use crate::rows::UserRow;
use crate::schema::{login_failures, settings, users};

/// The SQLite migration tree.
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
/// The PostgreSQL migration tree (same migration names as the SQLite one).
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Key of the PostgreSQL advisory lock that serialises migrations of several instances.
const MIGRATION_LOCK: i64 = 0x6761_7465_686f_7573; // "gatehous"

/// What a transaction may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxMode {
    /// Reads only.
    Read,
    /// Reads and writes.
    Write,
}

/// Run `f` in a transaction; commit when it returns `Ok`, roll back otherwise.
///
/// Except reads: they run statement by statement, each on its own snapshot, on both backends.
/// PostgreSQL at READ COMMITTED takes a snapshot per statement whether or not a transaction is
/// open, so `BEGIN`/`COMMIT` bought no consistency and cost two of the four round trips of an
/// authenticated request; SQLite runs each statement in its own implicit read transaction.
/// Authentication is one statement, so it sees one snapshot either way.
pub(crate) fn transaction(
    conn: &mut DbConn,
    mode: TxMode,
    f: impl FnOnce(&mut DbConn) -> CoreResult<()>,
) -> CoreResult<()> {
    if mode == TxMode::Read {
        return f(conn);
    }
    begin(conn, mode).map_err(CoreError::internal)?;
    match f(conn) {
        Ok(()) => DbConn::commit_transaction(conn).map_err(CoreError::internal),
        Err(e) => {
            if let Err(rollback) = DbConn::rollback_transaction(conn) {
                // The pool drops the connection: its transaction manager is now broken.
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

fn begin(conn: &mut DbConn, mode: TxMode) -> QueryResult<()> {
    match (conn, mode) {
        // SQLite: take the write lock up front. A deferred transaction that reads and then
        // writes fails at once (SQLITE_BUSY, no busy wait) if another writer committed in
        // between; `BEGIN IMMEDIATE` waits for the lock (busy_timeout) instead.
        (DbConn::Sqlite(conn), TxMode::Write) => {
            AnsiTransactionManager::begin_transaction_sql(conn, "BEGIN IMMEDIATE")
        }
        (conn, _) => DbConn::begin_transaction(conn),
    }
}

/// A user row locked against concurrent writers until commit.
pub(crate) fn user_row_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<UserRow>> {
    let query = users::table.find(id);
    match conn {
        DbConn::Pg(conn) => query.select(UserRow::as_select()).for_update().first(conn).optional(),
        // The IMMEDIATE write transaction already holds SQLite's only write lock.
        DbConn::Sqlite(conn) => query.select(UserRow::as_select()).first(conn).optional(),
    }
}

/// The lockout columns of a user, locked until commit.
pub(crate) fn user_lockout_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<LockoutColumns>> {
    let query = users::table.find(id).select((
        users::failed_logins,
        users::locked_until,
        users::logins_in_flight,
        users::in_flight_since,
    ));
    match conn {
        DbConn::Pg(conn) => query.for_update().first(conn).optional(),
        DbConn::Sqlite(conn) => query.first(conn).optional(),
    }
}

/// The lockout columns of an unknown login name, locked until commit.
pub(crate) fn name_lockout_for_update(conn: &mut DbConn, hash: &str) -> QueryResult<Option<LockoutColumns>> {
    let query = login_failures::table.find(hash).select((
        login_failures::failed_logins,
        login_failures::locked_until,
        login_failures::logins_in_flight,
        login_failures::in_flight_since,
    ));
    match conn {
        DbConn::Pg(conn) => query.for_update().first(conn).optional(),
        DbConn::Sqlite(conn) => query.first(conn).optional(),
    }
}

/// Give an unknown login name its counters unless it has them (two instances may race).
pub(crate) fn insert_login_failure_if_absent(conn: &mut DbConn, hash: &str) -> QueryResult<()> {
    let row = login_failures::name_hash.eq(hash);
    match conn {
        DbConn::Pg(conn) => diesel::insert_into(login_failures::table)
            .values(row)
            .on_conflict(login_failures::name_hash)
            .do_nothing()
            .execute(conn),
        DbConn::Sqlite(conn) => {
            diesel::insert_or_ignore_into(login_failures::table).values(row).execute(conn)
        }
    }
    .map(drop)
}

/// Insert a setting unless one exists; a concurrent insert by another process is no error.
pub(crate) fn insert_setting_if_absent(conn: &mut DbConn, name: &str, value: &str) -> QueryResult<()> {
    let row = (settings::name.eq(name), settings::value.eq(value));
    match conn {
        DbConn::Pg(conn) => diesel::insert_into(settings::table)
            .values(row)
            .on_conflict(settings::name)
            .do_nothing()
            .execute(conn),
        DbConn::Sqlite(conn) => diesel::insert_or_ignore_into(settings::table).values(row).execute(conn),
    }
    .map(drop)
}

/// Apply the pending embedded migrations of the connection's backend; returns how many ran.
pub(crate) fn run_migrations(conn: &mut DbConn) -> Result<usize, StoreError> {
    match conn {
        DbConn::Pg(conn) => {
            // Instances sharing one PostgreSQL may start together; let one migrate at a time.
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(conn)?;
            let migrated = conn.run_pending_migrations(PG_MIGRATIONS).map(|done| done.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(conn)?;
            migrated.map_err(StoreError::Migration)
        }
        DbConn::Sqlite(conn) => conn
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|done| done.len())
            .map_err(StoreError::Migration),
    }
}
