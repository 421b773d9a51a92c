//! A user changes its own password (SPEC §3.3, §3.4): keeps this session, revokes the others,
//! and lifts a force-password-change restriction.

use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::secret::Password;
use crate::session::ResetScope;
use crate::store::StoreExt;
use crate::user::UserChanges;

impl Core {
    /// Change the caller's password after checking the current one. Allowed while restricted.
    pub async fn change_own_password(
        &self,
        caller: &Caller,
        current: Password,
        new: Password,
    ) -> CoreResult<()> {
        let now = self.clock.now();
        let me = caller.user.id;
        if caller.user.is_bot {
            let e = CoreError::invalid("currentPassword", "bot users have no password");
            return self.refuse(Action::PasswordChange, caller, Some(me), e).await;
        }
        if let Err(rules) = self.cfg.password.check(new.expose()) {
            return self
                .refuse(Action::PasswordChange, caller, Some(me), CoreError::WeakPassword(rules))
                .await;
        }
        let stored = self.blocking(move |s| s.read(move |tx| tx.password_hash(me))).await?;
        let matches = match stored {
            Some(hash) => self.hasher.verify(&current, &hash).await?,
            None => false,
        };
        if !matches {
            let e = CoreError::invalid("currentPassword", "the current password is not correct");
            return self.refuse(Action::PasswordChange, caller, Some(me), e).await;
        }
        let hash = self.hasher.hash(&new).await?;
        let keep = caller.session().map(|s| s.id.clone());
        self.audited(Action::PasswordChange, &caller.ctx, Some(me), Some(me), now, move |tx| {
            let changes = UserChanges {
                password_hash: Some(hash),
                force_password_change: Some(false),
                failed_logins: Some(0),
                locked_until: Some(None),
                modified: Some(now),
                ..UserChanges::default()
            };
            tx.update_user(me, &changes)?;
            tx.revoke_sessions(me, &ResetScope::All, keep.as_ref())?;
            Ok(())
        })
        .await
    }
}
