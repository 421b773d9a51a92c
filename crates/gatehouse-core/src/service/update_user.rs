//! Update a user's name and email (ECGridOS `UserUpdate`, REST `PUT /v2/users`).

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::{person_name, Email, User, UserChanges, UserId};

/// The fields an update may change; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    /// New email.
    pub email: Option<String>,
    /// New given name.
    pub first_name: Option<String>,
    /// New family name.
    pub last_name: Option<String>,
}

impl UserUpdate {
    /// Validate into store changes.
    fn into_changes(self) -> CoreResult<UserChanges> {
        Ok(UserChanges {
            email: self.email.map(|e| Email::parse(&e).map(|e| e.as_str().to_string())).transpose()?,
            first_name: self.first_name.map(|n| person_name("firstName", &n)).transpose()?,
            last_name: self.last_name.map(|n| person_name("lastName", &n)).transpose()?,
            ..UserChanges::default()
        })
    }
}

const UPDATE_USER: UseCase = UseCase::audited(Action::UserUpdate, Needs::Own, Operation::Update);

impl Core {
    /// Apply `update` to `target` and return the stored user.
    pub async fn update_user(&self, caller: &Caller, target: UserId, update: UserUpdate) -> CoreResult<User> {
        let gate = self.gate(caller, &UPDATE_USER, Some(target)).await?;
        let changes = gate.step(update.into_changes()).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let before = check.load(tx)?;
            let after = tx.update_user(target, &UserChanges { modified: Some(now), ..changes })?;
            audit.changed(audit::user_changes(&before, &after));
            Ok(after)
        })
        .await
    }
}
