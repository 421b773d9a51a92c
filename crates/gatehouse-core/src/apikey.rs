//! API keys: long-lived credentials for bots and integrations (SPEC §3.5).

use chrono::{DateTime, Utc};

use crate::secret::BearerSecret;
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

/// Length of the random part of a prefixed key.
const PREFIXED_KEY_CHARS: usize = 40;

/// The shape of a new API key; every form works on every front end (SPEC §3.5, §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyForm {
    /// `ghk_` and 40 random alphanumerics: the prefix tells it from any session credential.
    Prefixed,
    /// A lowercase hyphenated UUID v4 (122 random bits from the OS): the vendor's ECGridOS
    /// .NET client refuses a key that is not a GUID.
    Guid,
}

impl KeyForm {
    /// A new random key of this form.
    pub fn generate(self) -> BearerSecret {
        match self {
            KeyForm::Prefixed => BearerSecret::random_alnum(API_KEY_PREFIX, PREFIXED_KEY_CHARS),
            KeyForm::Guid => BearerSecret::random_guid(),
        }
    }
}
