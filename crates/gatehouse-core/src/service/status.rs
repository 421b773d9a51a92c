//! Change a user's status, terminate it, or give it a new API key (SPEC §3.5, §4.2).

use super::gate::{AuditDraft, UseCase};
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
use crate::store::Tx;
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
            let unlock = status == Status::Active;
            let changes = UserChanges {
                status: Some(status),
                failed_logins: unlock.then_some(0),
                locked_until: unlock.then_some(None),
                modified: Some(now),
                ..UserChanges::default()
            };
            change(tx, audit, &user, &changes, !status.may_authenticate())
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
            let changes = UserChanges {
                locked_until: Some(Some(admin_lock())),
                modified: Some(now),
                ..UserChanges::default()
            };
            change(tx, audit, &user, &changes, true)
        })
        .await
    }

    /// Terminate `target`: status Terminated, every session and API key revoked.
    pub async fn terminate(&self, caller: &Caller, target: UserId) -> CoreResult<()> {
        let gate = self.gate(caller, &TERMINATE, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let before = check.load(tx)?;
            let changes = UserChanges {
                status: Some(Status::Terminated),
                modified: Some(now),
                ..UserChanges::default()
            };
            change(tx, audit, &before, &changes, true).map(drop)
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

/// Store `changes` to `user`, first ending every session and API key of it when `close` (the
/// account can no longer authenticate), and record what changed.
fn change(
    tx: &mut dyn Tx,
    audit: &mut AuditDraft,
    user: &User,
    changes: &UserChanges,
    close: bool,
) -> CoreResult<User> {
    if close {
        let now = changes.modified.ok_or_else(|| CoreError::internal("a status change without its time"))?;
        tx.revoke_sessions(user.id, &ResetScope::All, None)?;
        tx.revoke_api_keys(user.id, now)?;
    }
    let after = tx.update_user(user.id, changes)?;
    audit.changed(audit::user_changes(user, &after));
    Ok(after)
}
