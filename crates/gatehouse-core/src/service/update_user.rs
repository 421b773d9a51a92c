//! Update a user's name and email (ECGridOS `UserUpdate`, REST `PUT /v2/users`).

use super::{load_target, Core};
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::user::{Email, User, UserChanges, UserId};

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

const MAX_NAME_CHARS: usize = 100;

fn name(field: &str, value: Option<String>) -> CoreResult<Option<String>> {
    match value {
        Some(v) if v.chars().count() > MAX_NAME_CHARS => {
            Err(CoreError::invalid(field, format!("must be at most {MAX_NAME_CHARS} characters")))
        }
        Some(v) if v.chars().any(char::is_control) => {
            Err(CoreError::invalid(field, "must not contain control characters"))
        }
        other => Ok(other.map(|v| v.trim().to_string())),
    }
}

impl UserUpdate {
    /// Validate into store changes.
    fn into_changes(self) -> CoreResult<UserChanges> {
        Ok(UserChanges {
            email: self.email.map(|e| Email::parse(&e).map(|e| e.as_str().to_string())).transpose()?,
            first_name: name("firstName", self.first_name)?,
            last_name: name("lastName", self.last_name)?,
            ..UserChanges::default()
        })
    }
}

impl Core {
    /// Apply `update` to `target` and return the stored user.
    pub async fn update_user(&self, caller: &Caller, target: UserId, update: UserUpdate) -> CoreResult<User> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::UserUpdate, caller, Some(target), e).await;
        }
        let changes = match update.into_changes() {
            Ok(c) => c,
            Err(e) => return self.refuse(Action::UserUpdate, caller, Some(target), e).await,
        };
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::UserUpdate, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            load_target(tx, &actor, target, Operation::Update)?;
            let changes = UserChanges { modified: Some(now), ..changes };
            tx.update_user(target, &changes)
        })
        .await
    }
}
