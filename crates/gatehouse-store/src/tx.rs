//! The core's [`Tx`] over one pooled connection inside an open transaction.

use chrono::{DateTime, Utc};
use gatehouse_core::apikey::ApiKey;
use gatehouse_core::audit::{AuditEvent, AuditFilter, NewAuditEvent};
use gatehouse_core::policy::lockout::{LockoutKey, LockoutState};
use gatehouse_core::service::SessionCursor;
use gatehouse_core::session::{NewSession, ResetScope, Session, SessionId};
use gatehouse_core::store::Tx;
use gatehouse_core::user::{Login, NewUser, User, UserChanges, UserFilter, UserId, Visibility};
use gatehouse_core::CoreResult;

use crate::conn::DbConn;
use crate::query::{apikey, audit, lockout, session, setting, user};

/// A transaction in progress; the store commits or rolls it back after the core's closure.
pub(crate) struct DbTx<'c> {
    conn: &'c mut DbConn,
}

impl<'c> DbTx<'c> {
    /// Wrap a connection whose transaction is open.
    pub(crate) fn new(conn: &'c mut DbConn) -> Self {
        DbTx { conn }
    }
}

impl Tx for DbTx<'_> {
    fn user(&mut self, id: UserId) -> CoreResult<Option<User>> {
        user::get(self.conn, id)
    }
    fn user_for_update(&mut self, id: UserId) -> CoreResult<Option<User>> {
        user::get_for_update(self.conn, id)
    }
    fn user_by_login_with_hash(&mut self, login: &Login) -> CoreResult<Option<(User, Option<String>)>> {
        user::by_login_with_hash(self.conn, login)
    }
    fn users_by_email(&mut self, email: &str) -> CoreResult<Vec<User>> {
        user::by_email(self.conn, email)
    }
    fn password_hash(&mut self, id: UserId) -> CoreResult<Option<String>> {
        user::password_hash(self.conn, id)
    }
    fn insert_user(&mut self, new: &NewUser) -> CoreResult<User> {
        user::insert(self.conn, new)
    }
    fn update_user(&mut self, id: UserId, changes: &UserChanges) -> CoreResult<User> {
        user::update(self.conn, id, changes)
    }
    fn count_users(&mut self) -> CoreResult<i64> {
        user::count(self.conn)
    }
    fn list_users(&mut self, filter: &UserFilter) -> CoreResult<Vec<User>> {
        user::list(self.conn, filter)
    }
    fn count_matching_users(&mut self, filter: &UserFilter) -> CoreResult<i64> {
        user::count_matching(self.conn, filter)
    }

    fn insert_session(&mut self, new: &NewSession) -> CoreResult<()> {
        session::insert(self.conn, new)
    }
    fn session(&mut self, id: &SessionId) -> CoreResult<Option<Session>> {
        session::get(self.conn, id)
    }
    fn sessions_with_users(&mut self, ids: &[SessionId]) -> CoreResult<Vec<(Session, User)>> {
        session::by_ids_with_owners(self.conn, ids)
    }
    fn sessions_with_users_by_secret(
        &mut self,
        secret_hashes: &[String],
    ) -> CoreResult<Vec<(String, Session, User)>> {
        session::by_secrets_with_owners(self.conn, secret_hashes)
    }
    fn touch_session(&mut self, id: &SessionId, now: DateTime<Utc>) -> CoreResult<()> {
        session::touch(self.conn, id, now)
    }
    fn revoke_session(&mut self, id: &SessionId, now: DateTime<Utc>) -> CoreResult<bool> {
        session::revoke(self.conn, id, now)
    }
    fn revoke_sessions(
        &mut self,
        user: UserId,
        scope: &ResetScope,
        keep: Option<&SessionId>,
    ) -> CoreResult<()> {
        session::revoke_all(self.conn, user, scope, keep)
    }
    fn live_sessions(&mut self, user: UserId, now: DateTime<Utc>) -> CoreResult<Vec<Session>> {
        session::live(self.conn, user, now)
    }

    fn sessions_started(
        &mut self,
        user: UserId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> CoreResult<Vec<Session>> {
        session::started(self.conn, user, since, until, limit)
    }
    fn set_session_expiry(&mut self, id: &SessionId, expires_at: DateTime<Utc>) -> CoreResult<()> {
        session::set_expiry(self.conn, id, expires_at)
    }
    fn sessions_page(
        &mut self,
        visible: &Visibility,
        after: Option<&SessionCursor>,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
        limit: usize,
    ) -> CoreResult<Vec<(Session, User)>> {
        session::page(self.conn, visible, after, now, idle_since, limit)
    }
    fn count_live_sessions(&mut self, now: DateTime<Utc>) -> CoreResult<i64> {
        session::count_live(self.conn, now)
    }

    fn replace_api_key(&mut self, user: UserId, key_hash: &str, now: DateTime<Utc>) -> CoreResult<ApiKey> {
        apikey::replace(self.conn, user, key_hash, now)
    }
    fn api_keys_with_users(&mut self, key_hashes: &[String]) -> CoreResult<Vec<(String, ApiKey, User)>> {
        apikey::by_hashes_with_owners(self.conn, key_hashes)
    }
    fn revoke_api_keys(&mut self, user: UserId, now: DateTime<Utc>) -> CoreResult<u64> {
        apikey::revoke_all(self.conn, user, now)
    }

    fn insert_audit(&mut self, event: &NewAuditEvent) -> CoreResult<()> {
        audit::insert(self.conn, event)
    }
    fn list_audit(&mut self, filter: &AuditFilter) -> CoreResult<Vec<AuditEvent>> {
        audit::list(self.conn, filter)
    }

    fn lockout(&mut self, key: &LockoutKey) -> CoreResult<LockoutState> {
        lockout::get_for_update(self.conn, key)
    }
    fn set_lockout(&mut self, key: &LockoutKey, state: &LockoutState) -> CoreResult<()> {
        lockout::set(self.conn, key, state)
    }

    fn setting(&mut self, name: &str) -> CoreResult<Option<String>> {
        setting::get(self.conn, name)
    }
    fn setting_or_insert(&mut self, name: &str, value: &str) -> CoreResult<String> {
        setting::get_or_insert(self.conn, name, value)
    }
}
