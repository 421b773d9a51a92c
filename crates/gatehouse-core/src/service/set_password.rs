//! An admin sets a user's password (ECGridOS `UserPassword`, REST `POST /v2/users/password`).
//! It is a credential reset: every session of the target is revoked and the lockout cleared.

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::secret::Password;
use crate::session::ResetScope;
use crate::user::{UserChanges, UserId};

impl Core {
    /// Set `target`'s password; `temporary` also sets force password change (SPEC §3.4).
    pub async fn set_password(
        &self,
        caller: &Caller,
        target: UserId,
        password: Password,
        temporary: bool,
    ) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::PasswordSet, caller, Some(target), e).await;
        }
        if let Err(rules) = self.cfg.password.check(password.expose()) {
            return self
                .refuse(Action::PasswordSet, caller, Some(target), CoreError::WeakPassword(rules))
                .await;
        }
        // Hash before the transaction, never inside it (STYLE §3).
        let hash = self.hasher.hash(&password).await?;
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::PasswordSet, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::SetPassword)?;
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
            tx.update_user(target, &changes)?;
            tx.revoke_sessions(target, &ResetScope::All, None)?;
            Ok(())
        })
        .await
    }
}
