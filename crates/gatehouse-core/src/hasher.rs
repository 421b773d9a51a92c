//! argon2id password hashing on the blocking pool, with bounded concurrency (SPEC §3.3).

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::{CoreError, CoreResult};
use crate::secret::Password;

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for HashParams {
    /// SPEC §3.3 defaults (OWASP's argon2id minimum): m=19456 KiB, t=2, p=1.
    fn default() -> Self {
        HashParams { memory_kib: 19456, iterations: 2, parallelism: 1 }
    }
}

impl HashParams {
    /// The cheapest parameters argon2 accepts; for tests only.
    pub fn insecure_for_tests() -> Self {
        HashParams { memory_kib: 8, iterations: 1, parallelism: 1 }
    }

    /// Check that argon2 accepts these parameters.
    pub fn validate(&self) -> CoreResult<()> {
        self.argon2().map(|_| ())
    }

    fn argon2(&self) -> CoreResult<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| CoreError::internal(format!("argon2 parameters: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Hashes and verifies passwords without blocking async workers.
#[derive(Clone)]
pub struct PasswordHasher {
    params: HashParams,
    argon2: Argon2<'static>,
    permits: Arc<Semaphore>,
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    /// A hasher with `max_concurrent` hashes at once (at least 1).
    pub fn new(params: HashParams, max_concurrent: usize) -> CoreResult<Self> {
        let argon2 = params.argon2()?;
        let dummy = hash_with(&argon2, "gatehouse timing equaliser")?;
        Ok(PasswordHasher {
            params,
            argon2,
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            dummy_hash: dummy.into(),
        })
    }

    /// The configured parameters.
    pub fn params(&self) -> HashParams {
        self.params
    }

    /// Hash a password to a PHC string.
    pub async fn hash(&self, password: &Password) -> CoreResult<String> {
        let argon2 = self.argon2.clone();
        let pw = password.clone();
        self.run(move || hash_with(&argon2, pw.expose())).await?
    }

    /// Check a password against a stored PHC string; a malformed hash is a mismatch.
    pub async fn verify(&self, password: &Password, hash: &str) -> CoreResult<bool> {
        let argon2 = self.argon2.clone();
        let pw = password.clone();
        let hash = hash.to_string();
        self.run(move || match PasswordHash::new(&hash) {
            Ok(parsed) => argon2.verify_password(pw.expose().as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        })
        .await
    }

    /// Spend the time of one verification and fail: an unknown login looks like a wrong password.
    pub async fn verify_dummy(&self, password: &Password) -> CoreResult<bool> {
        let hash = self.dummy_hash.to_string();
        self.verify(password, &hash).await.map(|_| false)
    }

    /// True when `hash` was made with other parameters (or another algorithm) than configured.
    pub fn needs_rehash(&self, hash: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return true;
        };
        if parsed.algorithm.as_str() != "argon2id" {
            return true;
        }
        match Params::try_from(&parsed) {
            Ok(p) => {
                p.m_cost() != self.params.memory_kib
                    || p.t_cost() != self.params.iterations
                    || p.p_cost() != self.params.parallelism
            }
            Err(_) => true,
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> CoreResult<T> {
        let _permit =
            self.permits.acquire().await.map_err(|e| CoreError::internal(format!("hasher closed: {e}")))?;
        tokio::task::spawn_blocking(work).await.map_err(CoreError::internal)
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> CoreResult<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::internal(format!("argon2 hash: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_old_parameters_need_a_rehash() {
        let cheap = PasswordHasher::new(HashParams::insecure_for_tests(), 2).unwrap();
        let pw = Password::new("Secret1!");
        let hash = cheap.hash(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(cheap.verify(&pw, &hash).await.unwrap());
        assert!(!cheap.verify(&Password::new("Secret1?"), &hash).await.unwrap());
        assert!(!cheap.verify(&pw, "not a hash").await.unwrap());
        assert!(!cheap.needs_rehash(&hash));
        let stronger =
            PasswordHasher::new(HashParams { memory_kib: 16, iterations: 2, parallelism: 1 }, 1).unwrap();
        assert!(stronger.needs_rehash(&hash));
        assert!(!stronger.verify_dummy(&pw).await.unwrap());
    }
}
