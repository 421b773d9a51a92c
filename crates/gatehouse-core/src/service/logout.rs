//! End the caller's own session.

use super::gate::UseCase;
use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;

const LOGOUT: UseCase = UseCase::audited(Action::Logout, Needs::Session, Operation::ManageSessions);

impl Core {
    /// Revoke the session the caller authenticated with. Allowed while restricted (SPEC §3.4).
    pub async fn logout(&self, caller: &Caller) -> CoreResult<()> {
        let gate = self.gate(caller, &LOGOUT, Some(caller.user.id)).await?;
        let Some(session) = caller.session() else {
            return gate
                .refuse(CoreError::invalid("credential", "an API key has no session to log out of"))
                .await;
        };
        let (id, now) = (session.id.clone(), gate.now());
        gate.commit(move |tx, _| tx.revoke_session(&id, now).map(drop)).await
    }
}
