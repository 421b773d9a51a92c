//! The storage the core needs, implemented by `gatehouse-store` for SQLite and PostgreSQL.
//!
//! The core runs each use case as one closure over a [`Tx`] on the blocking pool (credential
//! lookups on their own thread); the store opens the transaction, runs the closure and commits
//! only when it returns `Ok`.

use chrono::{DateTime, Utc};

use crate::apikey::ApiKey;
use crate::audit::{AuditEvent, AuditFilter, NewAuditEvent};
use crate::error::{CoreError, CoreResult};
use crate::policy::lockout::{LockoutKey, LockoutState};
use crate::service::SessionCursor;
use crate::session::{NewSession, ResetScope, Session, SessionId};
use crate::user::{Login, NewUser, User, UserChanges, UserFilter, UserId, Visibility};

/// Operations inside one transaction. Every method is synchronous; callers are on a blocking thread.
pub trait Tx {
    /// A user by id.
    fn user(&mut self, id: UserId) -> CoreResult<Option<User>>;
    /// A user by id, locked against concurrent writers until commit (PostgreSQL `FOR UPDATE`).
    fn user_for_update(&mut self, id: UserId) -> CoreResult<Option<User>>;
    /// A user by normalised login with its stored password hash, in one statement (login).
    fn user_by_login_with_hash(&mut self, login: &Login) -> CoreResult<Option<(User, Option<String>)>>;
    /// A user by normalised login.
    fn user_by_login(&mut self, login: &Login) -> CoreResult<Option<User>> {
        Ok(self.user_by_login_with_hash(login)?.map(|(user, _)| user))
    }
    /// Users whose email equals `email` case-insensitively.
    fn users_by_email(&mut self, email: &str) -> CoreResult<Vec<User>>;
    /// The stored password hash (`None` for bots or unknown users).
    fn password_hash(&mut self, id: UserId) -> CoreResult<Option<String>>;
    /// Insert a user; a taken login is [`CoreError::Conflict`].
    fn insert_user(&mut self, user: &NewUser) -> CoreResult<User>;
    /// Apply the given changes and return the user as stored; unknown id is `NotFound`.
    fn update_user(&mut self, id: UserId, changes: &UserChanges) -> CoreResult<User>;
    /// Number of users.
    fn count_users(&mut self) -> CoreResult<i64>;
    /// Number of users matching a filter (its offset and limit ignored).
    fn count_matching_users(&mut self, filter: &UserFilter) -> CoreResult<i64>;
    /// Users matching a filter, ordered by id.
    fn list_users(&mut self, filter: &UserFilter) -> CoreResult<Vec<User>>;

    /// Insert a session.
    fn insert_session(&mut self, session: &NewSession) -> CoreResult<()>;
    /// A session by public id.
    fn session(&mut self, id: &SessionId) -> CoreResult<Option<Session>>;
    /// Sessions by public id, each with its owner, in one round trip; unknown ids are left out
    /// (the credential lookups of concurrent requests).
    fn sessions_with_users(&mut self, ids: &[SessionId]) -> CoreResult<Vec<(Session, User)>>;
    /// Sessions by the SHA-256 of their opaque secrets, each with that hash and its owner, in one round trip.
    fn sessions_with_users_by_secret(
        &mut self,
        secret_hashes: &[String],
    ) -> CoreResult<Vec<(String, Session, User)>>;
    /// A session by public id with its owner.
    fn session_with_user(&mut self, id: &SessionId) -> CoreResult<Option<(Session, User)>> {
        Ok(self.sessions_with_users(std::slice::from_ref(id))?.pop())
    }
    /// Set `last_seen`.
    fn touch_session(&mut self, id: &SessionId, now: DateTime<Utc>) -> CoreResult<()>;
    /// Revoke one session if live; returns whether it was.
    fn revoke_session(&mut self, id: &SessionId, now: DateTime<Utc>) -> CoreResult<bool>;
    /// Revoke every session of `user` in `scope` except `keep` by bumping the user's
    /// [`crate::session::SessionEpochs`]: one row write however many sessions there are.
    fn revoke_sessions(
        &mut self,
        user: UserId,
        scope: &ResetScope,
        keep: Option<&SessionId>,
    ) -> CoreResult<()>;
    /// Sessions of `user` started in `[since, until)`, live or not, newest first, at most `limit`.
    fn sessions_started(
        &mut self,
        user: UserId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> CoreResult<Vec<Session>>;
    /// `user`'s unrevoked sessions (by id and by epoch) whose absolute expiry is after `now`, oldest first.
    fn live_sessions(&mut self, user: UserId, now: DateTime<Utc>) -> CoreResult<Vec<Session>>;
    /// Set a session's absolute expiry (a new per-user lifetime re-times live sessions).
    fn set_session_expiry(&mut self, id: &SessionId, expires_at: DateTime<Utc>) -> CoreResult<()>;
    /// Up to `limit` sessions of users `visible` admits, with their owners, in creation order
    /// after `after`: unrevoked (alone or by generation), expiring after `now` and used since
    /// `idle_since`.
    fn sessions_page(
        &mut self,
        visible: &Visibility,
        after: Option<&SessionCursor>,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
        limit: usize,
    ) -> CoreResult<Vec<(Session, User)>>;
    /// Count of unrevoked, unexpired sessions of all users.
    fn count_live_sessions(&mut self, now: DateTime<Utc>) -> CoreResult<i64>;

    /// Store a new API key hash for `user`, revoking the user's earlier keys.
    fn replace_api_key(&mut self, user: UserId, key_hash: &str, now: DateTime<Utc>) -> CoreResult<ApiKey>;
    /// API keys by the SHA-256 of the key, revoked or not, each with that hash and its owner, in one round trip.
    fn api_keys_with_users(&mut self, key_hashes: &[String]) -> CoreResult<Vec<(String, ApiKey, User)>>;
    /// Revoke every API key of `user`; returns how many.
    fn revoke_api_keys(&mut self, user: UserId, now: DateTime<Utc>) -> CoreResult<u64>;

    /// Append an audit event.
    fn insert_audit(&mut self, event: &NewAuditEvent) -> CoreResult<()>;
    /// Audit events matching a filter, newest first.
    fn list_audit(&mut self, filter: &AuditFilter) -> CoreResult<Vec<AuditEvent>>;

    /// The lockout counters of `key`, locked against concurrent writers until commit; an
    /// unknown name starts at zero (SPEC §3.3).
    fn lockout(&mut self, key: &LockoutKey) -> CoreResult<LockoutState>;
    /// Store the lockout counters of `key`.
    fn set_lockout(&mut self, key: &LockoutKey, state: &LockoutState) -> CoreResult<()>;

    /// A service-wide setting.
    fn setting(&mut self, name: &str) -> CoreResult<Option<String>>;
    /// Store `value` under `name` unless one is there; returns the value that is stored.
    fn setting_or_insert(&mut self, name: &str, value: &str) -> CoreResult<String>;
}

/// A database the core can run transactions on.
pub trait Store: Send + Sync + 'static {
    /// Run `f` in a read-write transaction (SQLite `BEGIN IMMEDIATE`); commit on `Ok`, roll back on `Err`.
    fn write_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()>;
    /// Run `f` in a read-only transaction or plain connection.
    fn read_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()>;
    /// Run `f` read-only where the credential lookups run: `f` only reads sessions and API
    /// keys by key with their owners, and the store may keep a connection planned for that.
    fn lookup_tx(&self, f: &mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()>;
    /// Check the database answers (`/readyz`).
    fn ping(&self) -> CoreResult<()>;
}

/// Typed wrappers over the object-safe [`Store`] methods.
pub trait StoreExt {
    /// Run `f` in a read-write transaction and return its value.
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R>;
    /// Run `f` read-only and return its value.
    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R>;
    /// Run the credential lookups `f` and return their value.
    fn lookup<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R>;
}

impl<S: Store + ?Sized> StoreExt for S {
    fn write<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R> {
        run_once(f, |g| self.write_tx(g))
    }
    fn read<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R> {
        run_once(f, |g| self.read_tx(g))
    }
    fn lookup<R>(&self, f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>) -> CoreResult<R> {
        run_once(f, |g| self.lookup_tx(g))
    }
}

fn run_once<R>(
    f: impl FnOnce(&mut dyn Tx) -> CoreResult<R>,
    run: impl FnOnce(&mut dyn FnMut(&mut dyn Tx) -> CoreResult<()>) -> CoreResult<()>,
) -> CoreResult<R> {
    let mut f = Some(f);
    let mut out = None;
    run(&mut |tx| {
        let f = f.take().ok_or_else(|| CoreError::internal("transaction closure ran twice"))?;
        out = Some(f(tx)?);
        Ok(())
    })?;
    out.ok_or_else(|| CoreError::internal("transaction closure did not run"))
}
