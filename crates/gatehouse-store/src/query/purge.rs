//! Retention: delete dead sessions and old audit events in small batches (issue #18).
//!
//! Each batch runs in one short write transaction: it reads at most `batch` keys through an
//! index, then deletes those rows by key, so other writers wait at most one batch for the lock.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::conn::DbConn;
use crate::rows::to_db;
use crate::schema::{audit_events, sessions};

/// Delete up to `batch` sessions whose absolute expiry is before `cutoff`.
pub(crate) fn expired_sessions(conn: &mut DbConn, cutoff: DateTime<Utc>, batch: i64) -> QueryResult<usize> {
    let ids: Vec<String> = sessions::table
        .filter(sessions::expires_at.lt(to_db(cutoff)))
        .select(sessions::id)
        .limit(batch)
        .load(conn)?;
    delete_sessions(conn, &ids)
}

/// Delete up to `batch` sessions revoked before `cutoff`.
pub(crate) fn revoked_sessions(conn: &mut DbConn, cutoff: DateTime<Utc>, batch: i64) -> QueryResult<usize> {
    let ids: Vec<String> = sessions::table
        .filter(sessions::revoked_at.lt(to_db(cutoff)))
        .select(sessions::id)
        .limit(batch)
        .load(conn)?;
    delete_sessions(conn, &ids)
}

fn delete_sessions(conn: &mut DbConn, ids: &[String]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(sessions::table.filter(sessions::id.eq_any(ids))).execute(conn)
}

/// Delete up to `batch` of the oldest audit events recorded before `cutoff`.
pub(crate) fn old_audit_events(conn: &mut DbConn, cutoff: DateTime<Utc>, batch: i64) -> QueryResult<usize> {
    let ids: Vec<i64> = audit_events::table
        .filter(audit_events::at.lt(to_db(cutoff)))
        .select(audit_events::id)
        .order(audit_events::at.asc())
        .limit(batch)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(audit_events::table.filter(audit_events::id.eq_any(&ids))).execute(conn)
}
