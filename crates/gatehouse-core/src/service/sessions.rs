//! List and revoke one user's sessions (REST `/v2/users/{id}/sessions`, Web API session list
//! and invalidate).

use super::gate::{Check, UseCase};
use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session::{Session, SessionId};
use crate::store::Tx;
use crate::user::UserId;

const LIST_SESSIONS: UseCase = UseCase::read(Needs::Own, Operation::ManageSessions);
const REVOKE_SESSION: UseCase =
    UseCase::audited(Action::SessionRevoke, Needs::Own, Operation::ManageSessions);
const INVALIDATE_SESSION: UseCase =
    UseCase::audited(Action::SessionRevoke, Needs::Admin, Operation::ManageSessions);

impl Core {
    /// Live sessions of `target` (the caller's own, or a user it administers), oldest first.
    pub async fn list_sessions(&self, caller: &Caller, target: UserId) -> CoreResult<Vec<Session>> {
        let gate = self.gate(caller, &LIST_SESSIONS, Some(target)).await?;
        let (check, now, policy) = (gate.check(), gate.now(), self.cfg.session);
        let (user, sessions) =
            gate.read(move |tx| Ok((check.load(tx)?, tx.live_sessions(target, now)?))).await?;
        Ok(sessions.into_iter().filter(|s| policy.check(s, &user.session_epochs, now).is_ok()).collect())
    }

    /// Revoke one session by id (Web API `admin.users.session.invalidate`): the owner is read
    /// from the session — a session of another user than `owner`, when given, is `NotFound` —
    /// then the same rule as [`Core::revoke_session`] applies.
    pub async fn invalidate_session(
        &self,
        caller: &Caller,
        session: SessionId,
        owner: Option<UserId>,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &INVALIDATE_SESSION, owner).await?;
        gate.note(|audit| audit.note("revokedSession", session.0.as_str()));
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let found = tx.session(&session)?.ok_or(CoreError::NotFound)?.user_id;
            if owner.is_some_and(|o| o != found) {
                return Err(CoreError::NotFound);
            }
            let owner = found;
            audit.concerns(owner);
            revoke_in(tx, &check, owner, &session, now)
        })
        .await
    }

    /// Revoke one session of `target`; an unknown or foreign session id is `NotFound`.
    pub async fn revoke_session(
        &self,
        caller: &Caller,
        target: UserId,
        session: SessionId,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &REVOKE_SESSION, Some(target)).await?;
        gate.note(|audit| audit.note("revokedSession", session.0.as_str()));
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, _| revoke_in(tx, &check, target, &session, now)).await
    }
}

/// Revoke `session` of `owner` inside a transaction, if it is live and the caller may.
fn revoke_in(
    tx: &mut dyn Tx,
    check: &Check,
    owner: UserId,
    session: &SessionId,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    let user = check.load_other(tx, owner)?;
    match tx.session(session)? {
        Some(s) if s.user_id == owner && !s.is_revoked(&user.session_epochs) => {
            tx.revoke_session(session, now).map(drop)
        }
        _ => Err(CoreError::NotFound),
    }
}
