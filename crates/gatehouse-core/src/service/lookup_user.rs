//! Find a user's id by login (Archer `accesscontrol.LookupUserId`): an exact, case-insensitive
//! match among the users the caller may read, which are the same users `list_users` shows
//! (SPEC §3.2: itself, plus the users it administers). Every other login, existing or not, is
//! `NotFound`, so the answer says nothing about users outside the caller's reach.

use super::gate::UseCase;
use super::Core;
use crate::caller::{Caller, Scope};
use crate::error::{CoreError, CoreResult};
use crate::policy::access::{self, Access, Operation, Subject};
use crate::policy::scope::Needs;
use crate::user::{Login, UserId};

const LOOKUP_USER: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// The id of the user whose login is `login`, when the caller may read that user.
    pub async fn lookup_user_id(&self, caller: &Caller, login: &str) -> CoreResult<UserId> {
        let gate = self.gate(caller, &LOOKUP_USER, None).await?;
        // A name that cannot be a login names nobody.
        let login = Login::parse(login).map_err(|_| CoreError::NotFound)?;
        let actor = gate.check().actor;
        let found = gate.read(move |tx| tx.user_by_login(&login)).await?;
        match found {
            Some(user) if user.id == actor.id => Ok(user.id),
            Some(user) if caller.scope != Scope::OwnOnly && readable(&actor, &Subject::from(&user)) => {
                Ok(user.id)
            }
            _ => Err(CoreError::NotFound),
        }
    }
}

/// The rule `list_users` applies in SQL, for one user: itself, or a user the actor administers.
fn readable(actor: &Subject, target: &Subject) -> bool {
    actor.id == target.id || access::access(actor, target) == Access::Administers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::AuthLevel::{self, *};

    fn subject(id: i64, level: AuthLevel, net: i64, mbx: i64) -> Subject {
        Subject { id: UserId(id), level, network_id: net, mailbox_id: mbx, is_primary_owner: false }
    }

    /// (actor, target, readable), written from SPEC §3.2.
    #[test]
    fn readable_users_are_the_caller_and_the_users_it_administers() {
        let owner = Subject { is_primary_owner: true, ..subject(1, Root, 1, 0) };
        let table = [
            (subject(2, MailboxUser, 1, 100), subject(2, MailboxUser, 1, 100), true),
            (subject(2, MailboxUser, 1, 100), subject(3, General, 1, 100), false),
            (subject(2, MailboxAdmin, 1, 100), subject(3, MailboxUser, 1, 100), true),
            (subject(2, MailboxAdmin, 1, 100), subject(3, MailboxAdmin, 1, 100), false),
            (subject(2, MailboxAdmin, 1, 100), subject(3, MailboxUser, 1, 101), false),
            (subject(2, NetworkAdmin, 1, 0), subject(3, MailboxAdmin, 1, 101), true),
            (subject(2, NetworkAdmin, 1, 0), subject(3, MailboxUser, 2, 100), false),
            (subject(2, TechOps, 1, 0), subject(3, NetworkAdmin, 2, 0), true),
            (subject(2, TechOps, 1, 0), subject(3, NetOps, 2, 0), true),
            (subject(2, TechOps, 1, 0), subject(3, TechOps, 2, 0), false),
            (subject(2, Root, 1, 0), subject(3, Root, 2, 0), true),
            (subject(2, Root, 1, 0), owner, false),
            (owner, owner, true),
        ];
        for (actor, target, expected) in table {
            assert_eq!(readable(&actor, &target), expected, "{actor:?} reading {target:?}");
        }
    }
}
