//! End the caller's own session.

use super::gate::UseCase;
use super::Core;
use crate::audit::Action;
use crate::caller::{Caller, Via};
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;

const REVOKE_CREDENTIAL: UseCase =
    UseCase::audited(Action::Logout, Needs::Session, Operation::ManageSessions);
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

    /// End the credential the caller authenticated with, whatever it is (Slack `auth.revoke`):
    /// its session, or its API key; the next request with it fails.
    pub async fn revoke_credential(&self, caller: &Caller) -> CoreResult<()> {
        let gate = self.gate(caller, &REVOKE_CREDENTIAL, Some(caller.user.id)).await?;
        let (via, user, now) = (caller.via.clone(), caller.user.id, gate.now());
        let credential = if matches!(via, Via::ApiKey(_)) { "apiKey" } else { "session" };
        gate.note(|audit| audit.note("credential", credential));
        gate.commit(move |tx, _| match via {
            Via::Session(session) => tx.revoke_session(&session.id, now).map(drop),
            Via::ApiKey(_) => tx.revoke_api_keys(user, now).map(drop),
            Via::Cli => Err(CoreError::invalid("credential", "the command line has no credential to revoke")),
        })
        .await
    }
}
