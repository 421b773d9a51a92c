//! Change a user's auth level (REST `POST /v2/users/role`).

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::{AuthLevel, User, UserChanges, UserId};

impl Core {
    /// Set `target`'s level; the new level must be below the caller's (Root may grant Root).
    pub async fn set_role(&self, caller: &Caller, target: UserId, level: AuthLevel) -> CoreResult<User> {
        let set_role = UseCase::audited(Action::UserRole, Needs::Admin, Operation::SetRole(level));
        let gate = self.gate(caller, &set_role, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let before = check.load(tx)?;
            let changes =
                UserChanges { auth_level: Some(level), modified: Some(now), ..UserChanges::default() };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&before, &after));
            Ok(after)
        })
        .await
    }
}
