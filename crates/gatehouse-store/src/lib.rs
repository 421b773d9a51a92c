//! Gatehouse storage: the diesel + r2d2 implementation of the core's [`Store`] and [`Tx`]
//! for SQLite (embedded default) and PostgreSQL, with the embedded migrations (SPEC §2).
//!
//! This crate owns SQL, diesel row types, the connection pool and the migrations. It
//! depends on `gatehouse-core` only and must never depend on a front end (REST, SOAP,
//! server); only the server wires the two together.

mod backend;
mod conn;
mod database_url;
mod error;
mod maintenance;
mod pool;
mod query;
mod rows;
mod schema;
#[cfg(feature = "testing")]
pub mod testing;
mod tx;

use std::fmt;
use std::sync::Mutex;

use diesel::r2d2::R2D2Connection;
use gatehouse_core::store::{Store, Tx};
use gatehouse_core::{CoreError, CoreResult};

use crate::backend::TxMode;
use crate::database_url::Target;
use crate::pool::Purpose;
use crate::tx::DbTx;

pub use crate::database_url::{describe_database, Backend};
pub use crate::error::StoreError;
pub use crate::maintenance::{sqlite_integrity_check, PurgePlan, Purged};

/// The database behind the core: a pool of SQLite or PostgreSQL connections.
pub struct DbStore {
    pool: pool::Pool,
    /// PostgreSQL only: the one connection of the credential lookups, planned for key reads.
    lookups: Option<pool::Pool>,
    backend: Backend,
    /// The URL with any password redacted, for errors and `Debug`.
    url: String,
    /// SQLite only: queues this process's writers before `BEGIN IMMEDIATE` (see `DbStore::run`).
    sqlite_writer: Option<Mutex<()>>,
}

/// Open a store: validate `url`, create the SQLite file if missing, and build a pool of at
/// most `pool_size` connections (on PostgreSQL plus one for credential lookups). Call
/// [`DbStore::migrate`] before use.
pub fn connect(url: &str, pool_size: u32) -> Result<DbStore, StoreError> {
    let target = Target::parse(url)?;
    let backend = target.backend();
    let url = target.redacted();
    let pool = pool::build(target.clone(), pool_size, Purpose::General)?;
    let lookups = match backend {
        Backend::Postgres => Some(pool::build(target, 1, Purpose::Lookups)?),
        Backend::Sqlite => None,
    };
    let sqlite_writer = (backend == Backend::Sqlite).then(|| Mutex::new(()));
    Ok(DbStore { pool, lookups, backend, url, sqlite_writer })
}

impl DbStore {
    /// Apply the pending embedded migrations (at start and for `gatehouse migrate`).
    pub fn migrate(&self) -> Result<(), StoreError> {
        let mut conn =
            self.pool.get().map_err(|source| StoreError::Connect { url: self.url.clone(), source })?;
        let applied = backend::run_migrations(&mut conn)?;
        let skeletons = query::user::backfill_skeletons(&mut conn)?;
        tracing::info!(backend = self.backend.as_str(), applied, skeletons, "database migrated");
        Ok(())
    }

    /// Which engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn run(&self, mode: TxMode, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()> {
        // SQLite has one writer at a time. Concurrent `BEGIN IMMEDIATE`s of this process would
        // wait in SQLite's busy handler, which sleeps and retries with growing backoff (up to
        // 100 ms a try): under write load that gave resets a p99 near 1 s. Queueing them here
        // first hands the lock straight to the next writer; another process sharing the file
        // still meets busy_timeout. Taken before a connection, so waiters hold none.
        let _writer = match (&self.sqlite_writer, mode) {
            (Some(lock), TxMode::Write) => Some(lock.lock().unwrap_or_else(|p| p.into_inner())),
            _ => None,
        };
        run_on(&self.pool, mode, f)
    }
}

/// Run `f` on a connection of `pool`, taken on the caller's (blocking) thread and returned
/// when this call ends.
fn run_on(
    pool: &pool::Pool,
    mode: TxMode,
    f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>,
) -> CoreResult<()> {
    let mut conn = pool.get().map_err(CoreError::internal)?;
    backend::transaction(&mut conn, mode, |conn| f(&mut DbTx::new(conn)))
}

impl fmt::Debug for DbStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbStore")
            .field("backend", &self.backend)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Store for DbStore {
    fn write_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()> {
        self.run(TxMode::Write, f)
    }

    fn read_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()> {
        self.run(TxMode::Read, f)
    }

    fn lookup_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()> {
        match &self.lookups {
            Some(pool) => run_on(pool, TxMode::Read, f),
            None => self.run(TxMode::Read, f),
        }
    }

    fn ping(&self) -> CoreResult<()> {
        let mut conn = self.pool.get().map_err(CoreError::internal)?;
        conn.ping().map_err(CoreError::internal)
    }
}
