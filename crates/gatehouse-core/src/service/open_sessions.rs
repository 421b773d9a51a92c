//! How many live sessions each of several users holds (ECGridOS `UserIDInfo.OpenSessions`):
//! a read of users the caller may read, as reading them is.

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::UserId;

const OPEN_SESSIONS: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// The live sessions of each of `users`, in the order asked; a user the caller may not
    /// read is `NotFound` (or `NotAnAdmin`), as reading it would be.
    pub async fn open_session_counts(&self, caller: &Caller, users: Vec<UserId>) -> CoreResult<Vec<u32>> {
        let gate = self.gate(caller, &OPEN_SESSIONS, None).await?;
        let (check, now, policy) = (gate.check(), gate.now(), self.cfg.session);
        gate.read(move |tx| {
            users
                .iter()
                .map(|&id| {
                    let user = check.load_other(tx, id)?;
                    let live = tx.live_sessions(id, now)?;
                    let open =
                        live.iter().filter(|s| policy.check(s, &user.session_epochs, now).is_ok()).count();
                    Ok(u32::try_from(open).unwrap_or(u32::MAX))
                })
                .collect()
        })
        .await
    }
}
