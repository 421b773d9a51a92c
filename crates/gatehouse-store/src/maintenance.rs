//! Operations on the database as a whole: retention purges, the SQLite checkpoint on stop and
//! online backups (issue #18). They run outside the core's use cases, from the server.

use std::path::Path;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use crate::backend::{self, TxMode};
use crate::conn::DbConn;
use crate::error::StoreError;
use crate::query::purge;
use crate::{Backend, DbStore};

/// What one retention run removes, and how.
#[derive(Debug, Clone, Copy)]
pub struct PurgePlan {
    /// Sessions that expired or were revoked before this are deleted.
    pub sessions_before: DateTime<Utc>,
    /// Audit events recorded before this are deleted; `None` keeps them all.
    pub audit_before: Option<DateTime<Utc>>,
    /// Most rows one transaction deletes.
    pub batch: i64,
}

/// Rows one retention run deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Session rows.
    pub sessions: u64,
    /// Audit event rows.
    pub audit_events: u64,
}

/// The row `PRAGMA wal_checkpoint` answers.
#[derive(QueryableByName)]
struct CheckpointRow {
    /// 1 when a reader or writer kept the checkpoint from completing.
    #[diesel(sql_type = Integer)]
    busy: i32,
}

/// The row `PRAGMA integrity_check` answers.
#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

type Batch = fn(&mut DbConn, DateTime<Utc>, i64) -> QueryResult<usize>;

impl DbStore {
    /// Run one retention pass: batches of at most `plan.batch` rows, each its own short write
    /// transaction, until a batch comes back short.
    pub fn purge(&self, plan: &PurgePlan) -> Result<Purged, StoreError> {
        let batch = plan.batch.max(1);
        let mut purged = Purged::default();
        let session_batches: [Batch; 2] = [purge::expired_sessions, purge::revoked_sessions];
        for delete in session_batches {
            purged.sessions += self.in_batches(|conn| delete(conn, plan.sessions_before, batch), batch)?;
        }
        if let Some(before) = plan.audit_before {
            purged.audit_events +=
                self.in_batches(|conn| purge::old_audit_events(conn, before, batch), batch)?;
        }
        Ok(purged)
    }

    fn in_batches(
        &self,
        mut delete: impl FnMut(&mut DbConn) -> QueryResult<usize>,
        batch: i64,
    ) -> Result<u64, StoreError> {
        let mut total = 0u64;
        loop {
            let n = self.write_conn(|conn| delete(conn))?;
            total += n as u64;
            if (n as i64) < batch {
                return Ok(total);
            }
        }
    }

    /// Run `f` in one write transaction, queued behind this process's other SQLite writers.
    fn write_conn<R>(&self, f: impl FnOnce(&mut DbConn) -> QueryResult<R>) -> Result<R, StoreError> {
        let _writer = self.sqlite_writer.as_ref().map(|lock| lock.lock().unwrap_or_else(|p| p.into_inner()));
        let mut conn = self.conn()?;
        let mut out = None;
        backend::transaction(&mut conn, TxMode::Write, |conn| {
            out = Some(f(conn).map_err(gatehouse_core::CoreError::internal)?);
            Ok(())
        })
        .map_err(|e| StoreError::Maintenance(e.to_string()))?;
        out.ok_or_else(|| StoreError::Maintenance("the write did not run".into()))
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<crate::pool::Manager>, StoreError> {
        self.pool.get().map_err(|source| StoreError::Connect { url: self.url.clone(), source })
    }

    /// SQLite: move every committed page from the WAL into the main file and empty the WAL
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`), so the main file alone is complete. Nothing on
    /// PostgreSQL.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let mut conn = self.conn()?;
        let DbConn::Sqlite(conn) = &mut *conn else {
            return Ok(());
        };
        let row: CheckpointRow = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").get_result(conn)?;
        if row.busy != 0 {
            return Err(StoreError::Maintenance("the checkpoint was blocked by an open transaction".into()));
        }
        Ok(())
    }

    /// SQLite: write a consistent copy of the live database to `path` (`VACUUM INTO`, one
    /// read transaction, writers go on meanwhile). The file is created mode 0600 and must not
    /// exist yet. PostgreSQL: refused; use `pg_dump`.
    pub fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Maintenance(
                "this is a PostgreSQL database: back it up with pg_dump (see README, Run in production)"
                    .into(),
            ));
        }
        crate::pool::create_private_file(path, true)?;
        let mut conn = self.conn()?;
        let DbConn::Sqlite(conn) = &mut *conn else {
            return Ok(());
        };
        let target = path.to_string_lossy().into_owned();
        let done = diesel::sql_query("VACUUM INTO ?").bind::<Text, _>(&target).execute(conn);
        if let Err(e) = done {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
        Ok(())
    }
}

/// `PRAGMA integrity_check` of the SQLite file at `path`: `Ok` when it answers `ok`.
pub fn sqlite_integrity_check(path: &Path) -> Result<(), StoreError> {
    let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| StoreError::Maintenance(format!("cannot open {}: {e}", path.display())))?;
    let rows: Vec<IntegrityRow> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
    match rows.first().map(|r| r.integrity_check.as_str()) {
        Some("ok") => Ok(()),
        _ => Err(StoreError::Maintenance(format!(
            "{} fails PRAGMA integrity_check: {}",
            path.display(),
            rows.iter().map(|r| r.integrity_check.as_str()).collect::<Vec<_>>().join("; ")
        ))),
    }
}
