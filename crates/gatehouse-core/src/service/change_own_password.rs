//! A user changes its own password (SPEC §3.3, §3.4): keeps this session, revokes the others,
//! and lifts a force-password-change restriction. A wrong current password counts toward the
//! lockout and the per-account limit like a failed login.

use super::gate::UseCase;
use super::{password_check, Core};
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::limits::Limited;
use crate::policy::access::Operation;
use crate::policy::lockout::LockoutKey;
use crate::policy::scope::Needs;
use crate::secret::Password;
use crate::session::ResetScope;
use crate::user::UserChanges;

const CHANGE_OWN_PASSWORD: UseCase = UseCase {
    limit: Some(Limited::ChangeOwnPassword),
    ..UseCase::audited(Action::PasswordChange, Needs::Session, Operation::Update)
};

impl Core {
    /// Change the caller's password after checking the current one. Allowed while restricted.
    pub async fn change_own_password(
        &self,
        caller: &Caller,
        current: Password,
        new: Password,
    ) -> CoreResult<()> {
        let me = caller.user.id;
        let gate = self.gate(caller, &CHANGE_OWN_PASSWORD, Some(me)).await?;
        if caller.user.is_bot {
            return gate.refuse(CoreError::invalid("currentPassword", "bot users have no password")).await;
        }
        gate.step(self.cfg.password.check(new.expose()).map_err(CoreError::WeakPassword)).await?;
        if new.expose() == current.expose() {
            return gate
                .refuse(CoreError::invalid("newPassword", "must differ from the current password"))
                .await;
        }
        let (now, lockout, key) = (gate.now(), self.cfg.lockout, LockoutKey::User(me));
        let begun = key.clone();
        let stored = gate
            .write(move |tx, _| {
                password_check::begin(tx, &lockout, &begun, now)?;
                tx.password_hash(me)
            })
            .await?;
        let matches = match &stored {
            Some(hash) => gate.work(self.hasher.verify(&current, hash)).await?,
            None => false,
        };
        if !matches {
            let wrong = CoreError::invalid("currentPassword", "the current password is not correct");
            let refusal = gate
                .commit(move |tx, audit| {
                    let e = password_check::failed(tx, &lockout, &key, now, wrong)?;
                    audit.records(&e);
                    Ok(e)
                })
                .await?;
            return Err(refusal);
        }
        let hash = gate.work(self.hasher.hash(&new)).await?;
        let (keep, before) = (caller.session().map(|s| s.id.clone()), caller.user.clone());
        gate.commit(move |tx, audit| {
            if let Err(locked) = password_check::passed(tx, &lockout, &key, now)? {
                audit.records(&locked);
                return Ok(Err(locked));
            }
            if tx.password_hash(me)? != stored {
                let e = CoreError::invalid("currentPassword", "the password was changed meanwhile");
                audit.records(&e);
                return Ok(Err(e));
            }
            let changes = UserChanges {
                password_hash: Some(hash),
                force_password_change: Some(false),
                modified: Some(now),
                ..UserChanges::default()
            };
            let after = tx.update_user(me, &changes)?;
            tx.revoke_sessions(me, &ResetScope::All, keep.as_ref())?;
            audit.changed(vec![audit::secret_changed("password")]);
            audit.changed(audit::user_changes(&before, &after));
            audit.note("sessionsRevoked", "all but this one");
            Ok(Ok(()))
        })
        .await?
    }
}
