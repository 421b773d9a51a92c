//! The r2d2 pool: connections are opened for the backend the URL names, never by trial.
//!
//! diesel's own `ConnectionManager` would try each variant of [`DbConn`] in turn, so an
//! unreachable PostgreSQL URL could end up opened as an SQLite file; this manager picks
//! the variant from the parsed URL instead.

use std::fmt;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, ConnectionError, PgConnection, SqliteConnection};

use crate::conn::DbConn;
use crate::database_url::Target;
use crate::error::StoreError;

/// The pool type of a store.
pub(crate) type Pool = r2d2::Pool<Manager>;

/// SQLite settings for every pooled connection (SPEC §2, STYLE §5). `busy_timeout` comes
/// first so the others wait for a lock instead of failing; `synchronous = FULL` makes a
/// commit durable before it is acknowledged.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; \
     PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON;";

/// PostgreSQL planner settings of the credential-lookup connection. It only reads sessions
/// and API keys by primary or unique key, each with its owner by primary key, for which
/// plain index scans in a nested loop are the plan to want at any table size. Left to itself,
/// PostgreSQL plans sequential scans and a hash join while the tables look small, caches
/// that generic plan and keeps it as they grow until the next `ANALYZE` replans it: during
/// a login storm on a new database every lookup read every session (issue #7). With these
/// settings the generic plan is made once per statement and stays an index plan.
const PG_LOOKUP_SETTINGS: &str = "SET enable_seqscan = off; \
     SET enable_bitmapscan = off; \
     SET enable_hashjoin = off; \
     SET enable_mergejoin = off; \
     SET plan_cache_mode = force_generic_plan;";

/// What a pool's connections are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Every use case's reads and writes.
    General,
    /// Credential lookups only (PostgreSQL), with [`PG_LOOKUP_SETTINGS`].
    Lookups,
}

/// How long `pool.get()` waits for a free or new connection: when the database is gone,
/// requests fail with an internal error after this long instead of piling up (issue #8).
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a pooled connection could not be opened or checked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConnError {
    /// Opening failed.
    #[error(transparent)]
    Connect(#[from] ConnectionError),
    /// A setup or health-check statement failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Opens connections of the variant its target names.
pub(crate) struct Manager {
    target: Target,
}

impl fmt::Debug for Manager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Manager").field("target", &self.target.redacted()).finish()
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnError;

    fn connect(&self) -> Result<DbConn, ConnError> {
        Ok(match &self.target {
            Target::Postgres(url) => DbConn::Pg(PgConnection::establish(url)?),
            Target::Sqlite(path) => DbConn::Sqlite(SqliteConnection::establish(path)?),
        })
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnError> {
        Ok(conn.ping()?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Applies [`SQLITE_PRAGMAS`] to each new SQLite connection, and [`PG_LOOKUP_SETTINGS`] to
/// each new PostgreSQL connection of a lookup pool.
#[derive(Debug)]
struct Settings(Purpose);

impl r2d2::CustomizeConnection<DbConn, ConnError> for Settings {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), ConnError> {
        match conn {
            DbConn::Sqlite(conn) => conn.batch_execute(SQLITE_PRAGMAS)?,
            DbConn::Pg(conn) if self.0 == Purpose::Lookups => conn.batch_execute(PG_LOOKUP_SETTINGS)?,
            DbConn::Pg(_) => {}
        }
        Ok(())
    }
}

/// Build a pool of at most `size` connections for `purpose` and open the first one.
pub(crate) fn build(target: Target, size: u32, purpose: Purpose) -> Result<Pool, StoreError> {
    if size == 0 {
        return Err(StoreError::PoolSize);
    }
    if let Target::Sqlite(path) = &target {
        create_file(path)?;
    }
    let url = target.redacted();
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(CHECKOUT_TIMEOUT)
        // No `SELECT 1` before every checkout: on PostgreSQL it was one extra round trip per
        // transaction (two per authenticated read). A connection that died is still caught:
        // its failed query errors that one request and `has_broken` drops it from the pool.
        .test_on_check_out(false)
        .connection_customizer(Box::new(Settings(purpose)))
        .event_handler(Box::new(PoolWaits))
        .build(Manager { target })
        .map_err(|source| StoreError::Connect { url, source })
}

/// Counts how long checkouts waited for a connection, and those that timed out
/// (`gatehouse_db_pool_wait_seconds`, `gatehouse_db_pool_timeouts_total`).
#[derive(Debug)]
struct PoolWaits;

impl r2d2::HandleEvent for PoolWaits {
    fn handle_checkout(&self, event: r2d2::event::CheckoutEvent) {
        metrics::histogram!("gatehouse_db_pool_wait_seconds").record(event.duration().as_secs_f64());
    }

    fn handle_timeout(&self, _: r2d2::event::TimeoutEvent) {
        metrics::counter!("gatehouse_db_pool_timeouts_total").increment(1);
    }
}

/// Create the SQLite file if missing, so a bad directory is reported with its path. It holds
/// password hashes and the JWT secret, so it is made readable by its owner only, and an
/// existing file readable by others is narrowed to that; SQLite gives its `-wal` and `-shm`
/// files the mode of the main file.
fn create_file(path: &str) -> Result<(), StoreError> {
    create_private_file(std::path::Path::new(path), false)
}

/// Create `path` mode 0600 (`new`: it must not exist yet), or narrow an existing file to 0600.
pub(crate) fn create_private_file(path: &std::path::Path, new: bool) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let failed = |source| StoreError::CreateFile { path: path.display().to_string(), source };
    let mut open = std::fs::OpenOptions::new();
    open.append(true).mode(0o600);
    if new {
        open.create_new(true);
    } else {
        open.create(true);
    }
    let file = open.open(path).map_err(failed)?;
    let mode = file.metadata().map_err(failed)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(path = %path.display(), mode = format!("{:o}", mode & 0o777), "database file was readable by others; setting mode 0600");
        file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(failed)?;
    }
    Ok(())
}
