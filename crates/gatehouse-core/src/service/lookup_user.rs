//! Find a user's id by login (Archer `accesscontrol.LookupUserId`): an exact, case-insensitive
//! match among the users the caller may read, which are the same users `list_users` shows
//! (SPEC §3.2: itself, plus the users it administers). Every other login, existing or not, is
//! `NotFound`, so the answer says nothing about users outside the caller's reach.

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::{Login, UserId};

const LOOKUP_USER: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// The id of the user whose login is `login`, when the caller may read that user.
    pub async fn lookup_user_id(&self, caller: &Caller, login: &str) -> CoreResult<UserId> {
        let gate = self.gate(caller, &LOOKUP_USER, None).await?;
        // A name that cannot be a login names nobody.
        let login = Login::parse(login).map_err(|_| CoreError::NotFound)?;
        let found = gate.read(move |tx| tx.user_by_login(&login)).await?;
        match found {
            Some(user) if gate.may_read(&user) => Ok(user.id),
            _ => Err(CoreError::NotFound),
        }
    }
}
