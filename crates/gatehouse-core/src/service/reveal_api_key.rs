//! Reading an API key back (ECGridOS `UserGetAPIKey`, REST `GET /v2/users/key/{id}` in ECGrid's
//! docs): keys are stored only as SHA-256 hashes (SPEC §5.2), so there is nothing to read. The
//! caller is authorized as for generating one, so an out-of-scope user stays not found, and then
//! told to generate a new key.

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::UserId;

const REVEAL_API_KEY: UseCase =
    UseCase { authorize_first: true, ..UseCase::read(Needs::Admin, Operation::GenerateApiKey) };

/// What a caller asking for a stored key is told.
pub const KEYS_ARE_HASHED: &str =
    "API keys are stored only as hashes and cannot be read back; call GenerateAPIKey for a new key";

impl Core {
    /// Refuse to read `target`'s API key back, after the authorization a key generation needs.
    pub async fn reveal_api_key(
        &self,
        caller: &Caller,
        target: UserId,
    ) -> CoreResult<std::convert::Infallible> {
        self.gate(caller, &REVEAL_API_KEY, Some(target)).await?;
        Err(CoreError::NotSupported(KEYS_ARE_HASHED))
    }
}
