//! What the REST handlers share: the core and the token keys.

use gatehouse_core::Core;

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
}
