//! argon2id password hashing off the async workers, with bounded concurrency (SPEC §3.3).
//!
//! Hashes run on a fixed set of dedicated threads, one per permitted concurrent hash (that is
//! the concurrency bound), and each thread keeps its argon2 working memory (`memory_kib`,
//! 19 MiB by default) for the next hash. Allocating it per hash on tokio's blocking pool left
//! a freed block in the malloc arena of whichever of dozens of threads ran it: RSS passed
//! 1 GiB after a few hundred logins. Now hashing memory is `max_concurrent × memory_kib`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use thread_priority::{set_current_thread_priority, ThreadPriority, ThreadPriorityValue};
use tokio::sync::oneshot;

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

/// A unit of hashing work for the hashing threads, given that thread's working memory.
type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// Hashes and verifies passwords without blocking async workers.
#[derive(Clone)]
pub struct PasswordHasher {
    params: HashParams,
    argon2: Argon2<'static>,
    /// Queue of the hashing threads; they exit when the last clone of this hasher is dropped.
    jobs: mpsc::Sender<Job>,
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    /// A hasher with `max_concurrent` hashes at once (at least 1), each on its own thread.
    pub fn new(params: HashParams, max_concurrent: usize) -> CoreResult<Self> {
        let argon2 = params.argon2()?;
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let keep = argon2.params().block_count();
        for n in 0..max_concurrent.max(1) {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || hashing_thread(&receiver, keep))
                .map_err(|e| CoreError::internal(format!("starting a hashing thread: {e}")))?;
        }
        // The dummy hash runs on a hashing thread, in memory that thread keeps anyway. Hashing
        // it here in memory freed afterwards returned a 19 MiB mmap to glibc, which then raises
        // its mmap threshold to that size and its trim threshold to twice it, for good: freed
        // memory stopped going back to the system and RSS grew without end (issue #8, soak).
        let (done, result) = mpsc::sync_channel(1);
        let dummy_argon2 = argon2.clone();
        let job: Job = Box::new(move |memory| {
            let _ = done.send(hash_with(&dummy_argon2, "gatehouse timing equaliser", memory));
        });
        sender.send(job).map_err(|_| CoreError::internal("the hashing threads have stopped"))?;
        let dummy = result.recv().map_err(|_| CoreError::internal("a hashing job failed"))??;
        Ok(PasswordHasher { params, argon2, jobs: sender, dummy_hash: dummy.into() })
    }

    /// The configured parameters.
    pub fn params(&self) -> HashParams {
        self.params
    }

    /// Hash a password to a PHC string.
    pub async fn hash(&self, password: &Password) -> CoreResult<String> {
        let argon2 = self.argon2.clone();
        let pw = password.clone();
        self.run(move |memory| hash_with(&argon2, pw.expose(), memory)).await?
    }

    /// Check a password against a stored PHC string; a malformed hash is a mismatch.
    pub async fn verify(&self, password: &Password, hash: &str) -> CoreResult<bool> {
        let pw = password.clone();
        let hash = hash.to_string();
        self.run(move |memory| verify_with(pw.expose(), &hash, memory)).await
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

    /// Queue `work` for the next free hashing thread and wait for its result.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> CoreResult<T> {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            let _ = done.send(work(memory));
        });
        self.jobs.send(job).map_err(|_| CoreError::internal("the hashing threads have stopped"))?;
        result.await.map_err(|_| CoreError::internal("a hashing job failed"))
    }
}

/// argon2 working memory kept by one hashing thread between hashes.
struct Memory {
    blocks: Vec<Block>,
    /// Blocks kept between hashes: those of the configured parameters. A hash made with
    /// larger (older) parameters gets the extra memory for its own run only.
    keep: usize,
}

impl Memory {
    /// Run `f` with exactly the blocks `params` need.
    fn with_blocks<T>(&mut self, params: &Params, f: impl FnOnce(&mut [Block]) -> T) -> T {
        let needed = params.block_count();
        if self.blocks.len() < needed {
            self.blocks.resize(needed, Block::default());
        }
        let out = f(&mut self.blocks[..needed]);
        if self.blocks.len() > self.keep {
            self.blocks.truncate(self.keep);
            self.blocks.shrink_to_fit();
        }
        out
    }
}

/// Priority of the hashing threads on the crate's 0–99 scale; on Linux this is niceness 10.
/// Hashing still takes every idle cycle, but a login storm no longer delays the threads that
/// answer other requests (SPEC §8: p99 of reads during a login storm).
const HASHING_PRIORITY: u8 = 22;

/// Run jobs until every sender is gone. A panicking job drops its result sender (its caller
/// gets an internal error) and the thread carries on.
fn hashing_thread(jobs: &Mutex<mpsc::Receiver<Job>>, keep: usize) {
    // Lowering one's own priority needs no privilege; where the platform refuses, hashing
    // simply runs at normal priority.
    if let Ok(value) = ThreadPriorityValue::try_from(HASHING_PRIORITY) {
        let _ = set_current_thread_priority(ThreadPriority::Crossplatform(value));
    }
    let mut memory = Memory { blocks: Vec::new(), keep };
    loop {
        let next = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
        match next {
            Ok(job) => {
                let _ = catch_unwind(AssertUnwindSafe(|| job(&mut memory)));
            }
            Err(mpsc::RecvError) => return,
        }
    }
}

/// argon2id with a fresh random salt into a PHC string, as `PasswordHasher::hash_password` does.
fn hash_with(argon2: &Argon2<'_>, password: &str, memory: &mut Memory) -> CoreResult<String> {
    let fail = |e: &dyn std::fmt::Display| CoreError::internal(format!("argon2 hash: {e}"));
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|e| fail(&e))?;
    let params = argon2.params();
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    memory
        .with_blocks(params, |blocks| {
            argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
        })
        .map_err(|e| fail(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| fail(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(phc.to_string())
}

/// Recompute the hash with the algorithm, version, parameters and salt the PHC string names,
/// and compare in constant time (`Output`'s equality), as `PasswordVerifier` does.
fn verify_with(password: &str, hash: &str, memory: &mut Memory) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    let computed = memory.with_blocks(&params, |blocks| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, blocks)
    });
    computed.is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Niceness of this process's threads named `argon2-*`, read from `/proc`.
    #[cfg(target_os = "linux")]
    fn hashing_thread_niceness() -> Vec<i32> {
        let mut found = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if !comm.starts_with("argon2-") {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // Fields after the parenthesised name start at field 3 (state); niceness is field 19.
            let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
            found.extend(after_name.split_whitespace().nth(16).and_then(|n| n.parse::<i32>().ok()));
        }
        found
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_below_normal_priority() {
        let hasher = PasswordHasher::new(HashParams::insecure_for_tests(), 2).unwrap();
        hasher.hash(&Password::new("Secret1!")).await.unwrap(); // the threads have started
        let niceness = hashing_thread_niceness();
        assert!(!niceness.is_empty(), "no hashing threads found");
        assert!(niceness.iter().all(|&n| n == 10), "{niceness:?}");
    }

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
        assert!(stronger.verify(&pw, &hash).await.unwrap(), "hashes with other parameters still verify");
    }

    #[tokio::test]
    async fn hashes_match_the_argon2_crates_own_phc_hashing_both_ways() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let params = HashParams { memory_kib: 64, iterations: 2, parallelism: 1 };
        let hasher = PasswordHasher::new(params, 2).unwrap();
        let reference = params.argon2().unwrap();
        let pw = Password::new("Secret1!");
        let theirs = reference
            .hash_password(pw.expose().as_bytes(), &SaltString::generate(&mut rand::rngs::OsRng))
            .unwrap()
            .to_string();
        assert!(hasher.verify(&pw, &theirs).await.unwrap());
        assert!(!hasher.verify(&Password::new("Secret1?"), &theirs).await.unwrap());
        let ours = hasher.hash(&pw).await.unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=64,t=2,p=1$"), "{ours}");
        assert!(reference
            .verify_password(pw.expose().as_bytes(), &PasswordHash::new(&ours).unwrap())
            .is_ok());
        assert!(reference.verify_password(b"Secret1?", &PasswordHash::new(&ours).unwrap()).is_err());
        assert!(!hasher.needs_rehash(&ours));
        let mut tampered = ours.clone();
        tampered.pop();
        tampered.push(if ours.ends_with('A') { 'B' } else { 'A' });
        assert!(!hasher.verify(&pw, &tampered).await.unwrap());
    }
}
