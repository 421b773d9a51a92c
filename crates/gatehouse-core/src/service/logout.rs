//! End the caller's own session.

use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};

impl Core {
    /// Revoke the session the caller authenticated with. Allowed while restricted (SPEC §3.4).
    pub async fn logout(&self, caller: &Caller) -> CoreResult<()> {
        let now = self.clock.now();
        let Some(session) = caller.session() else {
            let e = CoreError::invalid("credential", "an API key has no session to log out of");
            return self.refuse(Action::Logout, caller, Some(caller.user.id), e).await;
        };
        let id = session.id.clone();
        let me = caller.user.id;
        self.audited(Action::Logout, &caller.ctx, Some(me), Some(me), now, move |tx| {
            tx.revoke_session(&id, now).map(|_| ())
        })
        .await
    }
}
