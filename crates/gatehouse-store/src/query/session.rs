//! Sessions: insert, lookups, touch and revocation.

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::helper_types::InnerJoinQuerySource;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use gatehouse_core::service::SessionCursor;
use gatehouse_core::session::{ClientKind, NewSession, ResetScope, Session, SessionId};
use gatehouse_core::user::{User, UserId, Visibility};
use gatehouse_core::CoreResult;

use super::{load_by_keys, visible_users};
use crate::conn::{DbConn, MultiBackend};
use crate::error::internal;
use crate::rows::{to_db, NewSessionRow, SessionRow, UserRow};
use crate::schema::{sessions, users};

type WithOwner = InnerJoinQuerySource<sessions::table, users::table>;
type SessionPredicate = Box<dyn BoxableExpression<WithOwner, MultiBackend, SqlType = Bool>>;

/// Insert a session.
pub(crate) fn insert(conn: &mut DbConn, session: &NewSession) -> CoreResult<()> {
    diesel::insert_into(sessions::table)
        .values(NewSessionRow::from(session))
        .execute(conn)
        .map(drop)
        .map_err(internal)
}

/// A session by public id.
pub(crate) fn get(conn: &mut DbConn, id: &SessionId) -> CoreResult<Option<Session>> {
    sessions::table
        .find(&id.0)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
        .map_err(internal)?
        .map(SessionRow::into_session)
        .transpose()
}

/// A session row with its secret hash (if any) and its owner's row.
type WithSecretAndOwner = (Option<String>, SessionRow, UserRow);

/// What an authentication reads: sessions with their secret hashes and owners.
macro_rules! sessions_with_owners {
    () => {
        sessions::table.inner_join(users::table).select((
            sessions::secret_hash,
            SessionRow::as_select(),
            UserRow::as_select(),
        ))
    };
}

fn into_found(rows: Vec<WithSecretAndOwner>) -> CoreResult<Vec<(Option<String>, Session, User)>> {
    rows.into_iter().map(|(secret, s, u)| Ok((secret, s.into_session()?, u.into_user()?))).collect()
}

/// Sessions by public id, with their owners; unknown ids are left out.
pub(crate) fn by_ids_with_owners(conn: &mut DbConn, ids: &[SessionId]) -> CoreResult<Vec<(Session, User)>> {
    let ids: Vec<&str> = ids.iter().map(|id| id.0.as_str()).collect();
    let rows = load_by_keys!(conn, sessions_with_owners!(), sessions::id, &ids, WithSecretAndOwner);
    let found = into_found(rows.map_err(internal)?)?;
    Ok(found.into_iter().map(|(_, session, owner)| (session, owner)).collect())
}

/// A session by public id, with its owner.
pub(crate) fn get_with_owner(conn: &mut DbConn, id: &SessionId) -> CoreResult<Option<(Session, User)>> {
    Ok(by_ids_with_owners(conn, std::slice::from_ref(id))?.pop())
}

/// Sessions by the hashes of their opaque secrets, each with that hash and its owner.
pub(crate) fn by_secrets_with_owners(
    conn: &mut DbConn,
    secret_hashes: &[String],
) -> CoreResult<Vec<(String, Session, User)>> {
    let rows = load_by_keys!(
        conn,
        sessions_with_owners!(),
        sessions::secret_hash,
        secret_hashes,
        WithSecretAndOwner
    );
    let found = into_found(rows.map_err(internal)?)?;
    Ok(found.into_iter().filter_map(|(secret, session, owner)| Some((secret?, session, owner))).collect())
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

/// Revoke a user's sessions in `scope` except `keep` by bumping the user's generations of
/// those kinds: one row however many sessions. The kept session, if it was live, moves into
/// the new generation of its kind.
pub(crate) fn revoke_all(
    conn: &mut DbConn,
    user: UserId,
    scope: &ResetScope,
    keep: Option<&SessionId>,
) -> CoreResult<()> {
    let bump = |kind| i64::from(scope.covers(kind));
    // Judged before the bump, by the core's own rule, so a dead session is never revived.
    let kept = match keep {
        Some(id) => get_with_owner(conn, id)?
            .filter(|(session, owner)| session.user_id == user && !session.is_revoked(&owner.session_epochs))
            .map(|(session, owner)| owner.session_epochs.of(session.kind) + bump(session.kind)),
        None => None,
    };
    diesel::update(users::table.find(user.0))
        .set((
            users::epoch_web.eq(users::epoch_web + bump(ClientKind::Web)),
            users::epoch_mobile.eq(users::epoch_mobile + bump(ClientKind::Mobile)),
            users::epoch_desktop.eq(users::epoch_desktop + bump(ClientKind::Desktop)),
            users::epoch_api.eq(users::epoch_api + bump(ClientKind::Api)),
        ))
        .execute(conn)
        .map_err(internal)?;
    if let (Some(id), Some(epoch)) = (keep, kept) {
        diesel::update(sessions::table.find(&id.0))
            .set(sessions::epoch.eq(epoch))
            .execute(conn)
            .map_err(internal)?;
    }
    Ok(())
}

/// Sessions carrying their owner's current generation for their kind (the SQL form of
/// `Session::is_revoked`'s generation test), over sessions joined with their owners.
fn of_current_generation() -> SessionPredicate {
    Box::new(
        (sessions::client_kind.eq(ClientKind::Web.as_str()).and(sessions::epoch.ge(users::epoch_web)))
            .or(sessions::client_kind
                .eq(ClientKind::Mobile.as_str())
                .and(sessions::epoch.ge(users::epoch_mobile)))
            .or(sessions::client_kind
                .eq(ClientKind::Desktop.as_str())
                .and(sessions::epoch.ge(users::epoch_desktop)))
            .or(sessions::client_kind.eq(ClientKind::Api.as_str()).and(sessions::epoch.ge(users::epoch_api))),
    )
}

/// `user`'s sessions of its current generations, unrevoked and expiring after `now`, oldest first.
pub(crate) fn live(conn: &mut DbConn, user: UserId, now: DateTime<Utc>) -> CoreResult<Vec<Session>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::user_id.eq(user.0))
        .filter(of_current_generation())
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

/// The sessions of `user` started in `[since, until)`, live or not, newest first, at most
/// `limit` (ECGridOS session logs).
pub(crate) fn started(
    conn: &mut DbConn,
    user: UserId,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> CoreResult<Vec<Session>> {
    sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::created.ge(to_db(since)))
        .filter(sessions::created.lt(to_db(until)))
        .order((sessions::created.desc(), sessions::id.desc()))
        .limit(limit.max(0))
        .select(SessionRow::as_select())
        .load(conn)
        .map_err(internal)?
        .into_iter()
        .map(SessionRow::into_session)
        .collect()
}

/// Set a session's absolute expiry.
pub(crate) fn set_expiry(conn: &mut DbConn, id: &SessionId, expires_at: DateTime<Utc>) -> CoreResult<()> {
    diesel::update(sessions::table.find(&id.0))
        .set(sessions::expires_at.eq(to_db(expires_at)))
        .execute(conn)
        .map(drop)
        .map_err(internal)
}

/// Live sessions of the users `visible` admits, with their owners, in `(created, id)` order
/// after `after` (keyset paging on `sessions_created_idx`).
pub(crate) fn page(
    conn: &mut DbConn,
    visible: &Visibility,
    after: Option<&SessionCursor>,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
    limit: usize,
) -> CoreResult<Vec<(Session, User)>> {
    let mut query = sessions::table
        .inner_join(users::table)
        .filter(visible_users(visible))
        .filter(of_current_generation())
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db(now)))
        .filter(sessions::last_seen.gt(to_db(idle_since)))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .into_boxed();
    if let Some(cursor) = after {
        let created = to_db(cursor.created);
        query = query.filter(
            sessions::created
                .gt(created)
                .or(sessions::created.eq(created).and(sessions::id.gt(cursor.id.0.clone()))),
        );
    }
    let rows: Vec<(SessionRow, UserRow)> = query
        .order((sessions::created.asc(), sessions::id.asc()))
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .load(conn)
        .map_err(internal)?;
    rows.into_iter().map(|(s, u)| Ok((s.into_session()?, u.into_user()?))).collect()
}

/// Unrevoked sessions of all users, of their owners' current generations, expiring after `now`.
pub(crate) fn count_live(conn: &mut DbConn, now: DateTime<Utc>) -> CoreResult<i64> {
    sessions::table
        .inner_join(users::table)
        .filter(of_current_generation())
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db(now)))
        .select(count_star())
        .first(conn)
        .map_err(internal)
}

#[cfg(test)]
#[path = "session_plan_tests.rs"]
mod plan_tests;
