//! Generate a password that meets the rule (ECGridOS `GeneratePassword`, REST
//! `POST /v2/users/generate-password`).

use rand::rngs::OsRng;

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::secret::Password;

/// Any authenticated caller; it changes nothing, so it is not audited.
const GENERATE_PASSWORD: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// A new random password meeting the configured rule, `length` characters long (default
    /// 13, or the rule's minimum when longer; at most 128), drawn from the operating system's
    /// random source.
    pub async fn generate_password(&self, caller: &Caller, length: Option<u32>) -> CoreResult<Password> {
        let gate = self.gate(caller, &GENERATE_PASSWORD, None).await?;
        let policy = self.cfg.password;
        let length = gate.step(policy.generated_length(length)).await?;
        Ok(Password::new(policy.generate(length, &mut OsRng)))
    }
}
