//! The one table of rate-limited actions (SPEC §3.3, §6): what is limited, per what key, and
//! how many a minute. Each action has a keyed GCRA limiter from the `governor` crate running
//! on the core [`Clock`], so tests advance a manual clock and watch a limit recover.
//!
//! Limits are kept in this instance's memory: with several instances each allows its quota
//! (the lockout of SPEC §3.3, which is exact across instances, lives in the database).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::clock::Clock as GovernorClock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};

use crate::clock::Clock;
use crate::error::{CoreError, CoreResult};

/// Every action that is rate-limited, with the key it is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limited {
    /// Login attempts per client address (any front end).
    LoginPerAddress,
    /// Login attempts per account (login name and email of one user share it; an unknown
    /// name is its own account).
    LoginPerAccount,
    /// Changes of one's own password per account (a wrong current password counts).
    ChangeOwnPassword,
    /// Administrative password sets per calling user.
    AdminPasswordSet,
    /// Web API calls per token and method of Slack's Tier 2.
    WebApiTier2,
    /// Web API calls per token and method of Slack's Tier 3.
    WebApiTier3,
    /// Web API calls per token and method of Slack's Tier 4.
    WebApiTier4,
    /// `auth.test`, which Slack rates apart ("special").
    WebApiSpecial,
}

/// Slack's rate tier of a Web API method (SPEC §6): the quota is per token and method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebApiTier {
    /// 20 a minute.
    Tier2,
    /// 50 a minute.
    Tier3,
    /// 100 a minute.
    Tier4,
    /// `auth.test`.
    Special,
}

impl WebApiTier {
    /// The limited action this tier counts under.
    pub fn limited(self) -> Limited {
        match self {
            WebApiTier::Tier2 => Limited::WebApiTier2,
            WebApiTier::Tier3 => Limited::WebApiTier3,
            WebApiTier::Tier4 => Limited::WebApiTier4,
            WebApiTier::Special => Limited::WebApiSpecial,
        }
    }
}

impl Limited {
    /// Every limited action.
    pub const ALL: [Limited; 8] = [
        Limited::LoginPerAddress,
        Limited::LoginPerAccount,
        Limited::ChangeOwnPassword,
        Limited::AdminPasswordSet,
        Limited::WebApiTier2,
        Limited::WebApiTier3,
        Limited::WebApiTier4,
        Limited::WebApiSpecial,
    ];

    /// The name used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Limited::LoginPerAddress => "login_per_address",
            Limited::LoginPerAccount => "login_per_account",
            Limited::ChangeOwnPassword => "change_own_password",
            Limited::AdminPasswordSet => "admin_password_set",
            Limited::WebApiTier2 => "webapi_tier2",
            Limited::WebApiTier3 => "webapi_tier3",
            Limited::WebApiTier4 => "webapi_tier4",
            Limited::WebApiSpecial => "webapi_special",
        }
    }
}

/// How many of each limited action a key may do a minute (bursts of as many).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitsPolicy {
    /// [`Limited::LoginPerAddress`].
    pub login_per_address: NonZeroU32,
    /// [`Limited::LoginPerAccount`].
    pub login_per_account: NonZeroU32,
    /// [`Limited::ChangeOwnPassword`].
    pub change_own_password: NonZeroU32,
    /// [`Limited::AdminPasswordSet`].
    pub admin_password_set: NonZeroU32,
    /// [`Limited::WebApiTier2`].
    pub webapi_tier2: NonZeroU32,
    /// [`Limited::WebApiTier3`].
    pub webapi_tier3: NonZeroU32,
    /// [`Limited::WebApiTier4`].
    pub webapi_tier4: NonZeroU32,
    /// [`Limited::WebApiSpecial`].
    pub webapi_special: NonZeroU32,
}

/// Default quotas a minute, the one place they are written.
pub mod defaults {
    /// Login attempts a minute per client address.
    pub const LOGIN_PER_ADDRESS: u32 = 120;
    /// Login attempts a minute per account.
    pub const LOGIN_PER_ACCOUNT: u32 = 20;
    /// Own password changes a minute per account.
    pub const CHANGE_OWN_PASSWORD: u32 = 10;
    /// Administrative password sets a minute per caller.
    pub const ADMIN_PASSWORD_SET: u32 = 60;
    /// Web API calls a minute per token and method of Slack's Tier 2.
    pub const WEBAPI_TIER2: u32 = 20;
    /// Web API calls a minute per token and method of Slack's Tier 3.
    pub const WEBAPI_TIER3: u32 = 50;
    /// Web API calls a minute per token and method of Slack's Tier 4.
    pub const WEBAPI_TIER4: u32 = 100;
    /// `auth.test` calls a minute per token: Slack documents no number for its "special"
    /// rate, and clients call it to check a token, so it is the most generous.
    pub const WEBAPI_SPECIAL: u32 = 600;
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl Default for LimitsPolicy {
    fn default() -> Self {
        LimitsPolicy {
            login_per_address: nonzero(defaults::LOGIN_PER_ADDRESS),
            login_per_account: nonzero(defaults::LOGIN_PER_ACCOUNT),
            change_own_password: nonzero(defaults::CHANGE_OWN_PASSWORD),
            admin_password_set: nonzero(defaults::ADMIN_PASSWORD_SET),
            webapi_tier2: nonzero(defaults::WEBAPI_TIER2),
            webapi_tier3: nonzero(defaults::WEBAPI_TIER3),
            webapi_tier4: nonzero(defaults::WEBAPI_TIER4),
            webapi_special: nonzero(defaults::WEBAPI_SPECIAL),
        }
    }
}

impl LimitsPolicy {
    /// The quota a minute of `what`.
    pub fn per_minute(&self, what: Limited) -> NonZeroU32 {
        match what {
            Limited::LoginPerAddress => self.login_per_address,
            Limited::LoginPerAccount => self.login_per_account,
            Limited::ChangeOwnPassword => self.change_own_password,
            Limited::AdminPasswordSet => self.admin_password_set,
            Limited::WebApiTier2 => self.webapi_tier2,
            Limited::WebApiTier3 => self.webapi_tier3,
            Limited::WebApiTier4 => self.webapi_tier4,
            Limited::WebApiSpecial => self.webapi_special,
        }
    }
}

/// The core clock as governor's clock: nanoseconds since the Unix epoch.
#[derive(Clone)]
struct CoreClock(Arc<dyn Clock>);

impl GovernorClock for CoreClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let nanos = self.0.now().timestamp_nanos_opt().unwrap_or(0);
        Nanos::from(u64::try_from(nanos).unwrap_or(0))
    }
}

type Limiter = RateLimiter<u64, DashMapStateStore<u64>, CoreClock, NoOpMiddleware<Nanos>>;

/// The limiters of every [`Limited`] action; keys are kept only as keyed hashes.
#[derive(Clone)]
pub struct Limits {
    limiters: Arc<[(Limited, Limiter)]>,
    clock: CoreClock,
    keys: RandomState,
}

impl Limits {
    /// Limiters for `policy` on `clock`.
    pub fn new(policy: LimitsPolicy, clock: Arc<dyn Clock>) -> Self {
        let clock = CoreClock(clock);
        let limiters = Limited::ALL
            .into_iter()
            .map(|what| {
                let quota = Quota::per_minute(policy.per_minute(what));
                (what, RateLimiter::new(quota, DashMapStateStore::default(), clock.clone()))
            })
            .collect();
        Limits { limiters, clock, keys: RandomState::new() }
    }

    /// Count one `what` for `key`; `RateLimited` (with whole seconds to wait) when over quota.
    pub fn check(&self, what: Limited, key: impl Hash) -> CoreResult<()> {
        let Some((_, limiter)) = self.limiters.iter().find(|(w, _)| *w == what) else {
            return Ok(());
        };
        match limiter.check_key(&self.keys.hash_one(key)) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait: std::time::Duration = not_until.wait_time_from(self.clock.now());
                let retry_after = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
                tracing::info!(limited = what.as_str(), retry_after, "rate limited");
                metrics_throttled(what);
                Err(CoreError::RateLimited { retry_after })
            }
        }
    }

    /// Forget keys whose allowance has fully recovered, so memory stays bounded.
    pub fn shrink(&self) {
        for (_, limiter) in self.limiters.iter() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Throttled requests are counted, not audited (SPEC §3.6).
fn metrics_throttled(what: Limited) {
    metrics::counter!("gatehouse_throttled_total", "limit" => what.as_str()).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::{Duration, TimeZone, Utc};

    fn policy(per_minute: u32) -> LimitsPolicy {
        let n = nonzero(per_minute);
        LimitsPolicy {
            login_per_address: n,
            login_per_account: n,
            change_own_password: n,
            admin_password_set: n,
            webapi_tier2: n,
            webapi_tier3: n,
            webapi_tier4: n,
            webapi_special: n,
        }
    }

    #[test]
    fn a_key_over_its_quota_recovers_as_the_clock_advances() {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        let limits = Limits::new(policy(2), Arc::new(clock.clone()));
        assert!(limits.check(Limited::LoginPerAccount, "alice").is_ok());
        assert!(limits.check(Limited::LoginPerAccount, "alice").is_ok());
        let e = limits.check(Limited::LoginPerAccount, "alice").unwrap_err();
        assert!(matches!(e, CoreError::RateLimited { retry_after: 30 }), "{e:?}");
        assert!(limits.check(Limited::LoginPerAccount, "bob").is_ok(), "each key has its own allowance");
        assert!(limits.check(Limited::LoginPerAddress, "alice").is_ok(), "each action has its own table");
        clock.advance(Duration::seconds(29));
        assert!(limits.check(Limited::LoginPerAccount, "alice").is_err());
        clock.advance(Duration::seconds(1));
        assert!(limits.check(Limited::LoginPerAccount, "alice").is_ok(), "one call recovered after 30 s");
        assert!(limits.check(Limited::LoginPerAccount, "alice").is_err());
    }
}
