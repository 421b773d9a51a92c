//! What the REST handlers share: the core and the token keys.

use gatehouse_core::credential::{self, Parsed, Place};
use gatehouse_core::{Core, CoreError, Credential};

use crate::jwt::JwtKeys;

/// Shared state of the REST front ends.
#[derive(Clone)]
pub struct RestState {
    /// The domain core.
    pub core: Core,
    /// Token signing and verification keys.
    pub jwt: JwtKeys,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
    /// Public base URL, when configured (else derived from each request).
    pub public_url: Option<String>,
}

impl RestState {
    /// What `found` (every place a credential may travel in) resolves to, the core having
    /// parsed it; a signed token is verified here, where its format lives.
    pub fn credential(&self, found: &[(Place, &str)]) -> Result<Credential, CoreError> {
        Ok(match credential::parse(found)? {
            Parsed::ApiKey(key) => Credential::ApiKey(key),
            Parsed::SessionSecret(secret) => Credential::SessionSecret(secret),
            Parsed::SessionSecretOrApiKey(secret) => Credential::SessionSecretOrApiKey(secret),
            Parsed::SignedToken(token) => Credential::SessionId(self.jwt.verify(&token, self.core.now())?),
        })
    }
}
