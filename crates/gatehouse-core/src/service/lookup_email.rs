//! Find a user by email address (Slack `users.lookupByEmail`): among the users the caller may
//! read, the first (lowest id) whose address equals the one asked, ignoring case. Every other
//! address, in use or not, is `NotFound`.

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::User;

const LOOKUP_EMAIL: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// The user whose email is `email`, when the caller may read that user.
    pub async fn lookup_user_by_email(&self, caller: &Caller, email: &str) -> CoreResult<User> {
        let gate = self.gate(caller, &LOOKUP_EMAIL, None).await?;
        let email = email.trim().to_string();
        if email.is_empty() {
            return gate.refuse(CoreError::invalid("email", "is required")).await;
        }
        let found = gate.read(move |tx| tx.users_by_email(&email)).await?;
        found.into_iter().find(|u| gate.may_read(u)).ok_or(CoreError::NotFound)
    }
}
