//! API keys: long-lived credentials for bots and integrations (SPEC §3.5).

use chrono::{DateTime, Utc};

use crate::user::UserId;

/// A stored API key (the key itself is only ever stored as a SHA-256 hash).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// Store-assigned id.
    pub id: i64,
    /// Owner.
    pub user_id: UserId,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Set when revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Prefix that marks a Gatehouse API key, so front ends can tell it from other tokens.
pub const API_KEY_PREFIX: &str = "ghk_";

/// True when `raw` looks like an API key rather than a session credential.
pub fn looks_like_api_key(raw: &str) -> bool {
    raw.starts_with(API_KEY_PREFIX)
}
