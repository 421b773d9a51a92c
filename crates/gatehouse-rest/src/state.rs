//! What the REST handlers share: the core and the token keys.

use gatehouse_core::Core;

use std::sync::Arc;

use crate::jwt::JwtKeys;
use crate::webapi::ratelimit::WebApiLimiter;

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
    /// Web API rate limiter; `None` when rate limits are off.
    pub webapi_limiter: Option<Arc<WebApiLimiter>>,
}
