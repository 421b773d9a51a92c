//! Set or clear a user's force-password-change flag (Archer `ForcePasswordChange`; SPEC §3.4).

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::user::{UserChanges, UserId};

impl Core {
    /// Set the flag; the target's next login yields a restricted session until it changes its password.
    pub async fn force_password_change(
        &self,
        caller: &Caller,
        target: UserId,
        force: bool,
    ) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::PasswordForceChange, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::PasswordForceChange, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::ForcePasswordChange)?;
            if user.is_bot && force {
                return Err(CoreError::invalid("userId", "bot users have no password to change"));
            }
            let changes = UserChanges {
                force_password_change: Some(force),
                modified: Some(now),
                ..UserChanges::default()
            };
            tx.update_user(target, &changes)?;
            Ok(())
        })
        .await
    }
}
