//! List and revoke one user's sessions (REST `/v2/users/{id}/sessions`, Web API session list).

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::session::{Session, SessionId};
use crate::store::StoreExt;
use crate::user::UserId;

impl Core {
    /// Live sessions of `target` (the caller's own, or a user it administers), oldest first.
    pub async fn list_sessions(&self, caller: &Caller, target: UserId) -> CoreResult<Vec<Session>> {
        caller.require_unrestricted()?;
        let now = self.clock.now();
        let policy = self.cfg.session;
        let actor = caller.subject();
        let (user, sessions) = self
            .blocking(move |s| {
                s.read(move |tx| {
                    let user = load_target(tx, &actor, target, Operation::ManageSessions)?;
                    let sessions = tx.live_sessions(target, now)?;
                    Ok((user, sessions))
                })
            })
            .await?;
        Ok(sessions.into_iter().filter(|s| policy.check(s, &user.session_epochs, now).is_ok()).collect())
    }

    /// Revoke one session by id alone (Web API `admin.users.session.invalidate`): the owner is
    /// read from the session, then the same rule as [`Core::revoke_session`] applies.
    pub async fn invalidate_session(&self, caller: &Caller, session: SessionId) -> CoreResult<()> {
        caller.require_unrestricted()?;
        let lookup = session.clone();
        let owner = self.blocking(move |s| s.read(move |tx| tx.session(&lookup))).await?;
        match owner {
            Some(found) => self.revoke_session(caller, found.user_id, session).await,
            None => Err(CoreError::NotFound),
        }
    }

    /// Revoke one session of `target`; an unknown or foreign session id is `NotFound`.
    pub async fn revoke_session(
        &self,
        caller: &Caller,
        target: UserId,
        session: SessionId,
    ) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::SessionRevoke, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::SessionRevoke, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            let user = load_target(tx, &actor, target, Operation::ManageSessions)?;
            match tx.session(&session)? {
                Some(s) if s.user_id == target && !s.is_revoked(&user.session_epochs) => {
                    tx.revoke_session(&session, now).map(|_| ())
                }
                _ => Err(CoreError::NotFound),
            }
        })
        .await
    }
}
