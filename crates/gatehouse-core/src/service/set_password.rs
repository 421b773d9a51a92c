//! An admin sets a user's password (ECGridOS `UserPassword`, REST `POST /v2/users/password`).
//! It is a credential reset: every session of the target is revoked and the lockout cleared.
//! The caller is authorized and rate-limited before anything is hashed.

use super::security::SecurityChange;
use super::Core;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::secret::Password;
use crate::user::UserId;

impl Core {
    /// Set `target`'s password; `temporary` also sets force password change (SPEC §3.4).
    pub async fn set_password(
        &self,
        caller: &Caller,
        target: UserId,
        password: Password,
        temporary: bool,
    ) -> CoreResult<()> {
        let change = SecurityChange { password: Some(password), temporary, recovery: None };
        self.set_security(caller, target, change).await
    }
}
