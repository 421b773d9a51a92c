//! Change a user's auth level (REST `POST /v2/users/role`).

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::user::{AuthLevel, User, UserChanges, UserId};

impl Core {
    /// Set `target`'s level; the new level must be below the caller's (Root may grant Root).
    pub async fn set_role(&self, caller: &Caller, target: UserId, level: AuthLevel) -> CoreResult<User> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::UserRole, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::UserRole, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            load_target(tx, &actor, target, Operation::SetRole(level))?;
            let changes =
                UserChanges { auth_level: Some(level), modified: Some(now), ..UserChanges::default() };
            tx.update_user(target, &changes)
        })
        .await
    }
}
