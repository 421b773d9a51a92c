//! The caller's own live sessions (ECGridOS `WhoAmI` `OpenSessions`). This is session info, so
//! it is allowed while a password change is required (SPEC §3.4) and needs no admin right.

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session::Session;

const OWN_SESSIONS: UseCase = UseCase::read(Needs::Session, Operation::ManageSessions);

impl Core {
    /// Live sessions of the caller's own user, oldest first.
    pub async fn own_sessions(&self, caller: &Caller) -> CoreResult<Vec<Session>> {
        let me = caller.user.id;
        let gate = self.gate(caller, &OWN_SESSIONS, Some(me)).await?;
        let (now, policy, epochs) = (gate.now(), self.cfg.session, caller.user.session_epochs);
        let sessions = gate.read(move |tx| tx.live_sessions(me, now)).await?;
        Ok(sessions.into_iter().filter(|s| policy.check(s, &epochs, now).is_ok()).collect())
    }
}
