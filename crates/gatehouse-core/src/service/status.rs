//! Change a user's status, terminate it, or give it a new API key (SPEC §3.5, §4.2).

use super::gate::UseCase;
use super::Core;
use crate::apikey::KeyForm;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::lockout::admin_lock;
use crate::policy::scope::Needs;
use crate::secret::BearerSecret;
use crate::session::ResetScope;
use crate::user::{Status, User, UserChanges, UserId};

const SET_STATUS: UseCase = UseCase::audited(Action::UserStatus, Needs::Admin, Operation::SetStatus);
const TERMINATE: UseCase = UseCase::audited(Action::UserTerminate, Needs::Admin, Operation::Terminate);
const GENERATE_API_KEY: UseCase =
    UseCase::audited(Action::ApiKeyGenerate, Needs::Admin, Operation::GenerateApiKey);

impl Core {
    /// Set `target`'s status; suspending revokes its sessions and API keys, activating also
    /// lifts a lockout (an activated user can log in). `Terminated` goes through
    /// [`Core::terminate`].
    pub async fn set_status(&self, caller: &Caller, target: UserId, status: Status) -> CoreResult<User> {
        let gate = self.gate(caller, &SET_STATUS, Some(target)).await?;
        if status == Status::Terminated {
            let e = CoreError::invalid("status", "use terminate (DELETE /v2/users/{id}) to terminate a user");
            return gate.refuse(e).await;
        }
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if user.status == Status::Terminated {
                return Err(CoreError::invalid("status", "a terminated user cannot be reactivated"));
            }
            if !status.may_authenticate() {
                tx.revoke_sessions(target, &ResetScope::All, None)?;
                tx.revoke_api_keys(target, now)?;
            }
            let unlock = status == Status::Active;
            let changes = UserChanges {
                status: Some(status),
                failed_logins: unlock.then_some(0),
                locked_until: unlock.then_some(None),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok(after)
        })
        .await
    }

    /// Lock `target` until an administrator lifts it (Archer `UpdateUserAccountStatus` 3): no
    /// password is checked, as in a lockout, and its sessions and API keys end. Activating the
    /// user, a full session reset or `gatehouse users unlock` lifts it.
    pub async fn lock_user(&self, caller: &Caller, target: UserId) -> CoreResult<User> {
        let gate = self.gate(caller, &SET_STATUS, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if !user.status.may_authenticate() {
                return Err(CoreError::AccountInactive);
            }
            tx.revoke_sessions(target, &ResetScope::All, None)?;
            tx.revoke_api_keys(target, now)?;
            let changes = UserChanges {
                locked_until: Some(Some(admin_lock())),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok(after)
        })
        .await
    }

    /// Terminate `target`: status Terminated, every session and API key revoked.
    pub async fn terminate(&self, caller: &Caller, target: UserId) -> CoreResult<()> {
        let gate = self.gate(caller, &TERMINATE, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let before = check.load(tx)?;
            tx.revoke_sessions(target, &ResetScope::All, None)?;
            tx.revoke_api_keys(target, now)?;
            let changes = UserChanges {
                status: Some(Status::Terminated),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&before, &after));
            Ok(())
        })
        .await
    }

    /// Generate a new API key of `form` for `target`, revoking its earlier ones; the key is
    /// shown only here and stored only as its SHA-256.
    pub async fn generate_api_key(
        &self,
        caller: &Caller,
        target: UserId,
        form: KeyForm,
    ) -> CoreResult<BearerSecret> {
        let gate = self.gate(caller, &GENERATE_API_KEY, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        let key = form.generate();
        let hash = key.hash();
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if !user.may_authenticate(now) {
                return Err(CoreError::AccountInactive);
            }
            audit.changed(vec![audit::secret_changed("apiKey")]);
            tx.replace_api_key(target, &hash, now).map(drop)
        })
        .await?;
        Ok(key)
    }
}
