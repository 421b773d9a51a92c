//! Set or clear a user's account expiry (Slack `admin.users.setExpiration`, REST
//! `PUT /v2/users/{id}/expiration`; SPEC §3.1). From the expiry on the user cannot
//! authenticate by any credential, so its sessions and keys stop working on the next request;
//! an expiry that has passed is never undone for them: moving or clearing it revokes them.

use chrono::{DateTime, Utc};

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session::ResetScope;
use crate::user::{User, UserChanges, UserId};

const SET_EXPIRY: UseCase = UseCase::audited(Action::UserStatus, Needs::Admin, Operation::SetExpiry);

impl Core {
    /// Expire `target` at `at` (in the future), or never (`None`). A suspended or terminated
    /// user is `AccountInactive`: there is nothing to expire.
    pub async fn set_expiration(
        &self,
        caller: &Caller,
        target: UserId,
        at: Option<DateTime<Utc>>,
    ) -> CoreResult<User> {
        let gate = self.gate(caller, &SET_EXPIRY, Some(target)).await?;
        let now = gate.now();
        if at.is_some_and(|t| t <= now) {
            return gate.refuse(CoreError::invalid("expirationTs", "must be in the future")).await;
        }
        let check = gate.check();
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if !user.status.may_authenticate() {
                return Err(CoreError::AccountInactive);
            }
            if user.is_expired(now) {
                tx.revoke_sessions(target, &ResetScope::All, None)?;
                tx.revoke_api_keys(target, now)?;
            }
            let changes = UserChanges { expires_at: Some(at), modified: Some(now), ..UserChanges::default() };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok(after)
        })
        .await
    }
}
