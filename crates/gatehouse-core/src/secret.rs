//! Secret values: redacted in `Debug`, generated from the OS RNG, stored only as hashes.

use rand::distributions::{Alphanumeric, DistString};
use sha2::{Digest, Sha256};
use std::fmt;

/// A password in memory; never printed.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wrap a password.
    pub fn new(s: impl Into<String>) -> Self {
        Password(s.into())
    }

    /// The clear text, for hashing and rule checks only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A bearer secret (opaque session token or API key) handed to a client once; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct BearerSecret(String);

impl BearerSecret {
    /// Wrap a secret received from a client.
    pub fn new(s: impl Into<String>) -> Self {
        BearerSecret(s.into())
    }

    /// `n` random alphanumeric characters after `prefix`.
    pub fn random_alnum(prefix: &str, n: usize) -> Self {
        let body = Alphanumeric.sample_string(&mut rand::rngs::OsRng, n);
        BearerSecret(format!("{prefix}{body}"))
    }

    /// A random GUID string, lowercase and hyphenated (ECGridOS `SessionID`, GUID API keys).
    pub fn random_guid() -> Self {
        BearerSecret(uuid::Uuid::new_v4().to_string())
    }

    /// The clear text, to hand to the client once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// SHA-256 hex of the secret, as stored.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for BearerSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerSecret(***)")
    }
}
