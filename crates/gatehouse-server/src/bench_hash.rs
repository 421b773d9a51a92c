//! `gatehouse bench-hash` (hidden): the raw argon2id rate of the real [`PasswordHasher`] at the
//! configured parameters, one verification loop per core, as the reference for the login
//! throughput target (SPEC §8: login ≥ 0.9 × this rate).

use std::time::{Duration, Instant};

use anyhow::Context;
use gatehouse_core::hasher::PasswordHasher;
use gatehouse_core::secret::Password;

use crate::config::Config;

/// Verify one password over and over on `available_parallelism` concurrent loops for
/// `seconds`, and print the rate as one JSON line.
pub async fn run(config: &Config, seconds: u64) -> anyhow::Result<()> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let params = config.core.hash;
    // The same concurrency bound the server's core uses (`hash_concurrency` 0 = cores).
    let hasher = PasswordHasher::new(params, threads).map_err(|e| anyhow::anyhow!("{e}"))?;
    let password = Password::new("Bench#hash1");
    let hash = hasher.hash(&password).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let until = Instant::now() + Duration::from_secs(seconds.max(1));
    let started = Instant::now();
    let loops: Vec<_> = (0..threads)
        .map(|_| {
            let (hasher, password, hash) = (hasher.clone(), password.clone(), hash.clone());
            tokio::spawn(async move {
                let mut done = 0u64;
                while Instant::now() < until {
                    match hasher.verify(&password, &hash).await {
                        Ok(true) => done += 1,
                        Ok(false) => anyhow::bail!("the hasher rejected its own hash"),
                        Err(e) => anyhow::bail!("{e}"),
                    }
                }
                Ok(done)
            })
        })
        .collect();
    let mut total = 0u64;
    for handle in loops {
        total += handle.await.context("a hashing loop failed")??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let report = serde_json::json!({
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "parallelism": params.parallelism,
        "threads": threads,
        "seconds": elapsed,
        "verifications": total,
        "per_second": total as f64 / elapsed,
    });
    println!("{report}");
    Ok(())
}
