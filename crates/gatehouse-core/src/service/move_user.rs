//! Move a user to another network and mailbox (ECGridOS `UserSetNetworkMailbox`, REST
//! `POST /v2/users/set-network-mailbox`).

use super::gate::UseCase;
use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::{User, UserChanges, UserId};

impl Core {
    /// Move `target` to `network_id` / `mailbox_id`: the caller must administer the target
    /// (out of scope: `NotFound`) and reach the destination (else `AccessDenied`), never on
    /// itself. Audited as `user.update`, the SPEC's nearest action. Its sessions and keys keep
    /// working: every request reads the user, and so its new scope, afresh.
    pub async fn move_user(
        &self,
        caller: &Caller,
        target: UserId,
        network_id: i64,
        mailbox_id: i64,
    ) -> CoreResult<User> {
        let op = Operation::Move { network_id, mailbox_id };
        let gate =
            self.gate(caller, &UseCase::audited(Action::UserUpdate, Needs::Admin, op), Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, _| {
            check.load(tx)?;
            let changes = UserChanges {
                network_id: Some(network_id),
                mailbox_id: Some(mailbox_id),
                modified: Some(now),
                ..UserChanges::default()
            };
            tx.update_user(target, &changes)
        })
        .await
    }
}
