//! Set or clear a user's force-password-change flag (Archer `ForcePasswordChange`; SPEC §3.4).

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::{UserChanges, UserId};

const FORCE_PASSWORD_CHANGE: UseCase =
    UseCase::audited(Action::PasswordForceChange, Needs::Admin, Operation::ForcePasswordChange);

impl Core {
    /// Set the flag; the target's next login yields a restricted session until it changes its password.
    pub async fn force_password_change(
        &self,
        caller: &Caller,
        target: UserId,
        force: bool,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &FORCE_PASSWORD_CHANGE, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if user.is_bot && force {
                return Err(CoreError::invalid("userId", "bot users have no password to change"));
            }
            let changes = UserChanges {
                force_password_change: Some(force),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok(())
        })
        .await
    }
}
