//! Login throttling per client address and per login name (issue #8), on top of lockout:
//! it bounds how fast anyone can make the server hash, whether or not the login exists.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::{CoreError, CoreResult};

/// How many login attempts a minute each key may make (bursts of as many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottlePolicy {
    /// Attempts a minute from one client address.
    pub per_ip: NonZeroU32,
    /// Attempts a minute at one login name.
    pub per_login: NonZeroU32,
}

/// Keyed GCRA limiters from the `governor` crate; keys are kept only as keyed hashes.
#[derive(Clone)]
pub struct LoginThrottle {
    by_ip: Arc<DefaultKeyedRateLimiter<u64>>,
    by_login: Arc<DefaultKeyedRateLimiter<u64>>,
    keys: RandomState,
}

impl LoginThrottle {
    /// Limiters for `policy`.
    pub fn new(policy: LoginThrottlePolicy) -> Self {
        LoginThrottle {
            by_ip: Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(policy.per_ip))),
            by_login: Arc::new(DefaultKeyedRateLimiter::keyed(Quota::per_minute(policy.per_login))),
            keys: RandomState::new(),
        }
    }

    /// Count one attempt; `RateLimited` when either key is over its quota.
    pub fn check(&self, ip: Option<&str>, login: &str) -> CoreResult<()> {
        let login = login.trim().to_lowercase();
        let wait = [
            ip.map(|ip| (&self.by_ip, self.keys.hash_one(("ip", ip)))),
            Some((&self.by_login, self.keys.hash_one(("login", login.as_str())))),
        ]
        .into_iter()
        .flatten()
        .filter_map(|(limiter, key)| limiter.check_key(&key).err())
        .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
        .max();
        match wait {
            None => Ok(()),
            Some(w) => Err(CoreError::RateLimited {
                retry_after: (w.as_secs() + u64::from(w.subsec_nanos() > 0)).max(1),
            }),
        }
    }

    /// Forget keys whose allowance has fully recovered, so memory stays bounded.
    pub fn shrink(&self) {
        for limiter in [&self.by_ip, &self.by_login] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_and_each_login_has_its_own_allowance() {
        let two = NonZeroU32::new(2).unwrap();
        let t =
            LoginThrottle::new(LoginThrottlePolicy { per_ip: NonZeroU32::new(3).unwrap(), per_login: two });
        assert!(t.check(Some("10.0.0.1"), "alice").is_ok());
        assert!(t.check(Some("10.0.0.2"), "ALICE ").is_ok());
        let e = t.check(Some("10.0.0.3"), "alice").unwrap_err();
        assert!(matches!(e, CoreError::RateLimited { retry_after } if retry_after >= 1), "{e:?}");
        assert!(t.check(Some("10.0.0.1"), "bob").is_ok());
        assert!(t.check(Some("10.0.0.1"), "carol").is_ok());
        assert!(t.check(Some("10.0.0.1"), "dave").is_err(), "the address is over its quota");
        assert!(t.check(None, "erin").is_ok());
    }
}
