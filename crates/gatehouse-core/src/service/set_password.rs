//! An admin sets a user's password (ECGridOS `UserPassword`, REST `POST /v2/users/password`).
//! It is a credential reset: every session of the target is revoked and the lockout cleared.
//! The caller is authorized and rate-limited before anything is hashed.

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::limits::Limited;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::secret::Password;
use crate::session::ResetScope;
use crate::user::{UserChanges, UserId};

const SET_PASSWORD: UseCase = UseCase {
    authorize_first: true,
    limit: Some(Limited::AdminPasswordSet),
    ..UseCase::audited(Action::PasswordSet, Needs::Admin, Operation::SetPassword)
};

impl Core {
    /// Set `target`'s password; `temporary` also sets force password change (SPEC §3.4).
    pub async fn set_password(
        &self,
        caller: &Caller,
        target: UserId,
        password: Password,
        temporary: bool,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &SET_PASSWORD, Some(target)).await?;
        gate.step(self.cfg.password.check(password.expose()).map_err(CoreError::WeakPassword)).await?;
        // Hash before the transaction, never inside it (STYLE §3).
        let hash = gate.work(self.hasher.hash(&password)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if user.is_bot {
                return Err(CoreError::invalid(
                    "userId",
                    "bot users have no password; rotate the API key instead",
                ));
            }
            let changes = UserChanges {
                password_hash: Some(hash),
                force_password_change: Some(temporary),
                failed_logins: Some(0),
                locked_until: Some(None),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(target, &changes)?;
            tx.revoke_sessions(target, &ResetScope::All, None)?;
            audit.changed(vec![audit::secret_changed("password")]);
            audit.changed(audit::user_changes(&user, &after));
            audit.note("sessionsRevoked", audit::reset_scope(&ResetScope::All));
            Ok(())
        })
        .await
    }
}
