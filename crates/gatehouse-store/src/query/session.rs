//! Sessions: insert, lookups, touch and revocation.

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use gatehouse_core::session::{NewSession, ResetScope, Session, SessionId};
use gatehouse_core::user::UserId;
use gatehouse_core::CoreResult;

use crate::conn::{DbConn, MultiBackend};
use crate::error::internal;
use crate::rows::{to_db, NewSessionRow, SessionRow};
use crate::schema::sessions;

type SessionPredicate = Box<dyn BoxableExpression<sessions::table, MultiBackend, SqlType = Bool>>;

/// Insert a session.
pub(crate) fn insert(conn: &mut DbConn, session: &NewSession) -> CoreResult<()> {
    diesel::insert_into(sessions::table)
        .values(NewSessionRow::from(session))
        .execute(conn)
        .map(drop)
        .map_err(internal)
}

fn first(conn: &mut DbConn, which: SessionPredicate) -> CoreResult<Option<Session>> {
    sessions::table
        .filter(which)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
        .map_err(internal)?
        .map(SessionRow::into_session)
        .transpose()
}

/// A session by public id.
pub(crate) fn get(conn: &mut DbConn, id: &SessionId) -> CoreResult<Option<Session>> {
    first(conn, Box::new(sessions::id.eq(id.0.clone())))
}

/// A session by the hash of its opaque secret.
pub(crate) fn by_secret(conn: &mut DbConn, secret_hash: &str) -> CoreResult<Option<Session>> {
    first(conn, Box::new(sessions::secret_hash.eq(secret_hash.to_string()).assume_not_null()))
}

/// Set `last_seen`.
pub(crate) fn touch(conn: &mut DbConn, id: &SessionId, now: DateTime<Utc>) -> CoreResult<()> {
    diesel::update(sessions::table.find(&id.0))
        .set(sessions::last_seen.eq(to_db(now)))
        .execute(conn)
        .map(drop)
        .map_err(internal)
}

/// Revoke one unrevoked session; true when it was unrevoked.
pub(crate) fn revoke(conn: &mut DbConn, id: &SessionId, now: DateTime<Utc>) -> CoreResult<bool> {
    let revoked =
        diesel::update(sessions::table.filter(sessions::id.eq(&id.0)).filter(sessions::revoked_at.is_null()))
            .set(sessions::revoked_at.eq(to_db(now)))
            .execute(conn)
            .map_err(internal)?;
    Ok(revoked > 0)
}

/// Revoke a user's unrevoked sessions in `scope` except `keep`, in one UPDATE however many.
pub(crate) fn revoke_all(
    conn: &mut DbConn,
    user: UserId,
    scope: &ResetScope,
    keep: Option<&SessionId>,
    now: DateTime<Utc>,
) -> CoreResult<u64> {
    let mut which: SessionPredicate =
        Box::new(sessions::user_id.eq(user.0).and(sessions::revoked_at.is_null()));
    if let ResetScope::Kinds(kinds) = scope {
        if kinds.is_empty() {
            return Ok(0);
        }
        let kinds: Vec<&'static str> = kinds.iter().map(|k| k.as_str()).collect();
        which = Box::new(which.and(sessions::client_kind.eq_any(kinds)));
    }
    if let Some(keep) = keep {
        which = Box::new(which.and(sessions::id.ne(keep.0.clone())));
    }
    let revoked = diesel::update(sessions::table.filter(which))
        .set(sessions::revoked_at.eq(to_db(now)))
        .execute(conn)
        .map_err(internal)?;
    Ok(revoked as u64)
}

/// A user's unrevoked sessions expiring after `now`, oldest first.
pub(crate) fn live(conn: &mut DbConn, user: UserId, now: DateTime<Utc>) -> CoreResult<Vec<Session>> {
    sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db(now)))
        .order((sessions::created.asc(), sessions::id.asc()))
        .select(SessionRow::as_select())
        .load(conn)
        .map_err(internal)?
        .into_iter()
        .map(SessionRow::into_session)
        .collect()
}

/// Unrevoked sessions of all users expiring after `now`.
pub(crate) fn count_live(conn: &mut DbConn, now: DateTime<Utc>) -> CoreResult<i64> {
    sessions::table
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db(now)))
        .select(count_star())
        .first(conn)
        .map_err(internal)
}
