//! Change a user's status, terminate it, or give it a new API key (SPEC §3.5, §4.2).

use super::{load_target, Core};
use crate::apikey::API_KEY_PREFIX;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::secret::BearerSecret;
use crate::session::ResetScope;
use crate::user::{Status, User, UserChanges, UserId};

impl Core {
    /// Set `target`'s status; suspending revokes its sessions and API keys. `Terminated` goes through [`Core::terminate`].
    pub async fn set_status(&self, caller: &Caller, target: UserId, status: Status) -> CoreResult<User> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::UserStatus, caller, Some(target), e).await;
        }
        if status == Status::Terminated {
            let e = CoreError::invalid("status", "use terminate (DELETE /v2/users/{id}) to terminate a user");
            return self.refuse(Action::UserStatus, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::UserStatus, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::SetStatus)?;
            if user.status == Status::Terminated {
                return Err(CoreError::invalid("status", "a terminated user cannot be reactivated"));
            }
            if !status.may_authenticate() {
                tx.revoke_sessions(target, &ResetScope::All, None)?;
                tx.revoke_api_keys(target, now)?;
            }
            tx.update_user(
                target,
                &UserChanges { status: Some(status), modified: Some(now), ..UserChanges::default() },
            )
        })
        .await
    }

    /// Terminate `target`: status Terminated, every session and API key revoked.
    pub async fn terminate(&self, caller: &Caller, target: UserId) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::UserTerminate, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::UserTerminate, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            load_target(tx, &actor, target, Operation::Terminate)?;
            tx.revoke_sessions(target, &ResetScope::All, None)?;
            tx.revoke_api_keys(target, now)?;
            let changes = UserChanges {
                status: Some(Status::Terminated),
                modified: Some(now),
                ..UserChanges::default()
            };
            tx.update_user(target, &changes).map(|_| ())
        })
        .await
    }

    /// Generate a new API key for `target`, revoking its earlier ones; the key is shown only here.
    pub async fn generate_api_key(&self, caller: &Caller, target: UserId) -> CoreResult<BearerSecret> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::ApiKeyGenerate, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        let key = BearerSecret::random_alnum(API_KEY_PREFIX, 40);
        let hash = key.hash();
        self.audited(Action::ApiKeyGenerate, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::GenerateApiKey)?;
            if !user.status.may_authenticate() {
                return Err(CoreError::AccountInactive);
            }
            tx.replace_api_key(target, &hash, now).map(|_| ())
        })
        .await?;
        Ok(key)
    }
}
