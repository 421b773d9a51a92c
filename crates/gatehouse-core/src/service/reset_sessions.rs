//! Revoke a user's sessions (ECGridOS `UserReset`, REST reset, Web API session reset; SPEC §3.5).

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::session::ResetScope;
use crate::user::{UserChanges, UserId};

impl Core {
    /// Revoke `target`'s sessions in `scope`; returns how many. A full reset also clears a lockout.
    /// API keys are untouched.
    pub async fn reset_sessions(
        &self,
        caller: &Caller,
        target: UserId,
        scope: ResetScope,
    ) -> CoreResult<u64> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::SessionReset, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::SessionReset, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::ManageSessions)?;
            if user.is_bot {
                return Err(CoreError::BotHasNoSessions);
            }
            let revoked = tx.revoke_sessions(target, &scope, None, now)?;
            if scope.is_full() && (user.failed_logins != 0 || user.locked_until.is_some()) {
                let clear = UserChanges {
                    failed_logins: Some(0),
                    locked_until: Some(None),
                    ..UserChanges::default()
                };
                tx.update_user(target, &clear)?;
            }
            Ok(revoked)
        })
        .await
    }
}
