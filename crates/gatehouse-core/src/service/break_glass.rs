//! Break-glass use cases of the local operator (`gatehouse users set-password | unlock |
//! reset-sessions`, issue #18): whoever can run the binary against the database is trusted, as
//! for `gatehouse users create`, so there is no actor and no scope check; every attempt is
//! audited with front end `cli`.

use super::Core;
use crate::audit::{self, Action};
use crate::caller::RequestContext;
use crate::error::{CoreError, CoreResult};
use crate::secret::Password;
use crate::session::ResetScope;
use crate::store::{StoreExt, Tx};
use crate::user::{Login, User, UserChanges};

impl Core {
    /// True when the database has at least one user (bootstrap is done).
    pub async fn has_users(&self) -> CoreResult<bool> {
        self.blocking(|s| s.read(|tx| tx.count_users())).await.map(|n| n > 0)
    }

    /// Set the password of `login` as the operator: lockout cleared, force password change
    /// off, every session revoked (audited `password.set`).
    pub async fn operator_set_password(&self, login: &str, password: Password) -> CoreResult<User> {
        let attempt = self.attempt(Some(Action::PasswordSet), &RequestContext::cli(), None, None);
        let login = attempt.step(Login::parse(login)).await?;
        attempt.step(self.cfg.password.check(password.expose()).map_err(CoreError::WeakPassword)).await?;
        let hash = attempt.work(self.hasher.hash(&password)).await?;
        let now = attempt.now();
        attempt
            .commit(move |tx, audit| {
                let user = operator_target(tx, &login)?;
                audit.concerns(user.id);
                if user.is_bot {
                    return Err(CoreError::invalid("login", "bot users have no password"));
                }
                let changes = UserChanges {
                    password_hash: Some(hash),
                    force_password_change: Some(false),
                    failed_logins: Some(0),
                    locked_until: Some(None),
                    modified: Some(now),
                    ..UserChanges::default()
                };
                let after = tx.update_user(user.id, &changes)?;
                tx.revoke_sessions(after.id, &ResetScope::All, None)?;
                audit.changed(vec![audit::secret_changed("password")]);
                audit.changed(audit::user_changes(&user, &after));
                audit.note("sessionsRevoked", audit::reset_scope(&ResetScope::All));
                Ok(after)
            })
            .await
    }

    /// Clear the brute-force lockout of `login` as the operator (audited `user.status`: the
    /// account's availability changes); sessions are kept.
    pub async fn operator_unlock(&self, login: &str) -> CoreResult<User> {
        let attempt = self.attempt(Some(Action::UserStatus), &RequestContext::cli(), None, None);
        let login = attempt.step(Login::parse(login)).await?;
        let now = attempt.now();
        attempt
            .commit(move |tx, audit| {
                let user = operator_target(tx, &login)?;
                audit.concerns(user.id);
                let changes = UserChanges {
                    failed_logins: Some(0),
                    locked_until: Some(None),
                    modified: Some(now),
                    ..UserChanges::default()
                };
                let after = tx.update_user(user.id, &changes)?;
                audit.changed(audit::user_changes(&user, &after));
                Ok(after)
            })
            .await
    }

    /// Revoke every session of `login` as the operator and clear its lockout, as a full
    /// reset does (audited `session.reset`).
    pub async fn operator_reset_sessions(&self, login: &str) -> CoreResult<User> {
        let attempt = self.attempt(Some(Action::SessionReset), &RequestContext::cli(), None, None);
        let login = attempt.step(Login::parse(login)).await?;
        attempt
            .commit(move |tx, audit| {
                let user = operator_target(tx, &login)?;
                audit.concerns(user.id);
                if user.is_bot {
                    return Err(CoreError::BotHasNoSessions);
                }
                tx.revoke_sessions(user.id, &ResetScope::All, None)?;
                let clear = UserChanges {
                    failed_logins: Some(0),
                    locked_until: Some(None),
                    ..UserChanges::default()
                };
                let after = tx.update_user(user.id, &clear)?;
                audit.note("scope", audit::reset_scope(&ResetScope::All));
                audit.changed(audit::user_changes(&user, &after));
                Ok(after)
            })
            .await
    }
}

/// The user named by `login`, locked for the rest of the transaction.
fn operator_target(tx: &mut dyn Tx, login: &Login) -> CoreResult<User> {
    let user = tx.user_by_login(login)?.ok_or(CoreError::NotFound)?;
    tx.user_for_update(user.id)?.ok_or(CoreError::NotFound)
}
