//! Per-token, per-method rate limits (Slack Tier 2 by default: 20 a minute, bursts allowed),
//! with the `governor` crate's GCRA limiter.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Calls per minute of Slack's Tier 2.
pub const TIER_2_PER_MINUTE: u32 = 20;

/// A keyed limiter over (token, method). Tokens are kept only as a keyed hash.
pub struct WebApiLimiter {
    limiter: DefaultKeyedRateLimiter<u64>,
    keys: RandomState,
}

impl WebApiLimiter {
    /// A limiter allowing `per_minute` calls per token and method, in bursts of as many.
    pub fn per_minute(per_minute: NonZeroU32) -> Self {
        WebApiLimiter {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            keys: RandomState::new(),
        }
    }

    /// `Ok` when the call may go ahead, else the whole seconds to wait (at least 1).
    pub fn check(&self, token: &str, method: &str) -> Result<(), u64> {
        match self.limiter.check_key(&self.keys.hash_one((token, method))) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Err((wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1))
            }
        }
    }

    /// Forget keys whose limit has fully recovered, so memory stays bounded.
    pub fn shrink(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}
