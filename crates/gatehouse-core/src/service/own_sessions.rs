//! The caller's own live sessions (ECGridOS `WhoAmI` `OpenSessions`). This is session info, so
//! it is allowed while a password change is required (SPEC §3.4) and needs no admin right.

use super::Core;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::StoreExt;

impl Core {
    /// Live sessions of the caller's own user, oldest first.
    pub async fn own_sessions(&self, caller: &Caller) -> CoreResult<Vec<Session>> {
        let now = self.clock.now();
        let policy = self.cfg.session;
        let me = caller.user.id;
        let epochs = caller.user.session_epochs;
        let sessions = self.blocking(move |s| s.read(move |tx| tx.live_sessions(me, now))).await?;
        Ok(sessions.into_iter().filter(|s| policy.check(s, &epochs, now).is_ok()).collect())
    }
}
