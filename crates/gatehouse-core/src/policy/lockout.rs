//! Brute-force lockout (SPEC §3.3), exact under concurrency and across instances: the counters
//! live in the database and every password check is counted *before* it runs.
//!
//! State of one account (a user, or an unknown login name, so a lock reveals nothing):
//! `failed` consecutive failures, `in_flight` checks begun and not finished, `locked_until`.
//!
//! - *open*: no lock in force. A check may begin while `failed + in_flight < threshold`, so at
//!   most `threshold` wrong passwords are ever verified before the lock; beyond that a check
//!   is refused as *busy* without hashing.
//! - A failure moves one check from `in_flight` to `failed`; the one that reaches the
//!   threshold locks for `duration` and zeroes `failed`.
//! - A success zeroes `failed` — unless a lock is in force by then, which it does not lift.
//! - *locked* (`locked_until > now`): no check begins; a lapsed lock is open with count 0.
//! - A check begun more than [`STALE_AFTER_SECS`] ago without finishing (a crashed instance)
//!   no longer counts as in flight.
//!
//! An admin password set or a full reset returns to open with count 0.
//!
//! An administrator's lock ([`admin_lock`]) is no lockout of this machine: it has no end of its
//! own, and only activating the user, a full reset or `gatehouse users unlock` lifts it.

use chrono::{DateTime, Duration, TimeZone, Utc};

/// Seconds after which unfinished checks are taken to have died with their instance.
pub const STALE_AFTER_SECS: i64 = 60;

/// Configured lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Consecutive failures that lock the account.
    pub threshold: i32,
    /// How long a lock lasts.
    pub duration: Duration,
}

/// Default consecutive failures that lock an account (SPEC §3.3).
pub const DEFAULT_THRESHOLD: i32 = 5;
/// Default lock duration in seconds (SPEC §3.3: 15 minutes).
pub const DEFAULT_LOCK_SECS: i64 = 900;

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy { threshold: DEFAULT_THRESHOLD, duration: Duration::seconds(DEFAULT_LOCK_SECS) }
    }
}

/// Which counters a password check counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LockoutKey {
    /// A user: its login name and email address share these counters.
    User(crate::user::UserId),
    /// A name that is no user's login, by the SHA-256 of its normalised form.
    Name(String),
}

/// The lockout counters of one account, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockoutState {
    /// Consecutive failed checks.
    pub failed: i32,
    /// Locked until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// Checks begun and not yet finished.
    pub in_flight: i32,
    /// When the latest check began.
    pub in_flight_since: Option<DateTime<Utc>>,
}

/// Why a check may not begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The lock is in force until then.
    Locked(DateTime<Utc>),
    /// As many checks are under way as failures remain before the lock: try again shortly.
    Busy,
}

impl LockoutPolicy {
    /// The state after beginning one check at `now`, or why none may begin.
    pub fn begin(&self, s: LockoutState, now: DateTime<Utc>) -> Result<LockoutState, Refusal> {
        let mut s = s;
        match s.locked_until {
            Some(until) if until > now => return Err(Refusal::Locked(until)),
            Some(_) => (s.failed, s.locked_until) = (0, None),
            None => {}
        }
        if s.in_flight_since.is_none_or(|t| now - t >= Duration::seconds(STALE_AFTER_SECS)) {
            s.in_flight = 0;
        }
        if s.failed.saturating_add(s.in_flight) >= self.threshold.max(1) {
            return Err(Refusal::Busy);
        }
        Ok(LockoutState { in_flight: s.in_flight + 1, in_flight_since: Some(now), ..s })
    }

    /// The state after a begun check failed at `now`, and the lock this failure set, if any.
    pub fn after_failure(
        &self,
        s: LockoutState,
        now: DateTime<Utc>,
    ) -> (LockoutState, Option<DateTime<Utc>>) {
        let in_flight = (s.in_flight - 1).max(0);
        if s.locked_until.is_some_and(|t| t > now) {
            return (LockoutState { in_flight, ..s }, None);
        }
        let failed = s.failed.saturating_add(1);
        if failed >= self.threshold.max(1) {
            let until = now + self.duration;
            (LockoutState { failed: 0, locked_until: Some(until), in_flight, ..s }, Some(until))
        } else {
            (LockoutState { failed, locked_until: None, in_flight, ..s }, None)
        }
    }

    /// The state after a begun check succeeded at `now`, and the lock in force by then, if
    /// any: a success does not lift a lock (the login is refused), it only ends its check.
    pub fn after_success(
        &self,
        s: LockoutState,
        now: DateTime<Utc>,
    ) -> (LockoutState, Option<DateTime<Utc>>) {
        let in_flight = (s.in_flight - 1).max(0);
        match s.locked_until {
            Some(until) if until > now => (LockoutState { in_flight, ..s }, Some(until)),
            _ => (LockoutState { failed: 0, locked_until: None, in_flight, ..s }, None),
        }
    }
}

impl LockoutPolicy {
    /// True when the lock ending at `until` was set by failed logins (not by an administrator)
    /// and began — `duration` before its end — more than `older_than` before `now` (ECGridOS
    /// `UserResetAll`: "reset all locked out users after timeout").
    pub fn began_longer_ago(&self, until: DateTime<Utc>, now: DateTime<Utc>, older_than: Duration) -> bool {
        let began = until.checked_sub_signed(self.duration);
        let cutoff = now.checked_sub_signed(older_than);
        until < admin_lock() && matches!((began, cutoff), (Some(began), Some(cutoff)) if began < cutoff)
    }
}

/// The end of an administrator's lock (Archer `UpdateUserAccountStatus` 3): the last second of
/// year 9999, which both databases store.
pub fn admin_lock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).single().unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whole seconds from `now` until `until`, at least 1 (`Retry-After`).
pub fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds()).unwrap_or(0).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn sequential_failures_lock_at_the_threshold_and_a_lapsed_lock_starts_counting_again() {
        let p = LockoutPolicy { threshold: 3, duration: Duration::minutes(15) };
        let now = t0();
        let mut s = LockoutState::default();
        for _ in 0..2 {
            s = p.begin(s, now).unwrap();
            let (next, lock) = p.after_failure(s, now);
            assert_eq!(lock, None);
            s = next;
        }
        assert_eq!(s.failed, 2);
        s = p.begin(s, now).unwrap();
        let (s, lock) = p.after_failure(s, now);
        assert_eq!(lock, Some(now + Duration::minutes(15)));
        assert_eq!(
            p.begin(s, now + Duration::minutes(14)),
            Err(Refusal::Locked(now + Duration::minutes(15)))
        );
        let later = now + Duration::minutes(16);
        let s = p.begin(s, later).unwrap();
        assert_eq!((s.failed, s.locked_until, s.in_flight), (0, None, 1));
    }

    #[test]
    fn no_more_checks_run_at_once_than_failures_remain_and_a_lock_survives_the_right_password() {
        let p = LockoutPolicy { threshold: 3, duration: Duration::minutes(15) };
        let now = t0();
        let mut s = LockoutState { failed: 1, ..LockoutState::default() };
        s = p.begin(s, now).unwrap();
        s = p.begin(s, now).unwrap();
        assert_eq!(p.begin(s, now), Err(Refusal::Busy), "1 failure + 2 in flight = threshold");
        let (s, lock) = p.after_failure(s, now);
        assert_eq!(lock, None);
        let (s, lock) = p.after_failure(s, now);
        assert_eq!(lock, Some(now + Duration::minutes(15)));
        assert_eq!(
            p.after_success(s, now).1,
            Some(now + Duration::minutes(15)),
            "a success does not lift a lock"
        );
        let stale = LockoutState { in_flight: 3, in_flight_since: Some(now), ..LockoutState::default() };
        assert_eq!(p.begin(stale, now + Duration::seconds(59)), Err(Refusal::Busy));
        assert!(
            p.begin(stale, now + Duration::seconds(STALE_AFTER_SECS)).is_ok(),
            "dead checks stop counting"
        );
    }

    #[test]
    fn a_success_clears_the_failures() {
        let p = LockoutPolicy::default();
        let s = p.begin(LockoutState { failed: 4, ..LockoutState::default() }, t0()).unwrap();
        let (s, lock) = p.after_success(s, t0());
        assert_eq!((s.failed, s.in_flight, lock), (0, 0, None));
    }

    /// (lock end, older than, cleared), written from ECGridOS `UserResetAll`: a 15-minute lock
    /// begins 15 minutes before its end; the administrator's lock never qualifies.
    #[test]
    fn only_failed_login_locks_that_began_long_enough_ago_qualify() {
        let p = LockoutPolicy { threshold: 5, duration: Duration::minutes(15) };
        let now = t0();
        let m = Duration::minutes;
        let table = [
            (now + m(1), m(10), true),
            (now + m(5), m(10), false),
            (now + m(4), m(10), true),
            (now + m(14), m(0), true),
            (now + m(15), m(0), false),
            (now + m(1), Duration::MAX, false),
            (admin_lock(), m(0), false),
            (admin_lock() - m(1), m(0), false),
        ];
        for (until, older_than, expected) in table {
            assert_eq!(p.began_longer_ago(until, now, older_than), expected, "{until} {older_than}");
        }
        let forever = LockoutPolicy { threshold: 5, duration: Duration::days(365 * 8000) };
        assert!(forever.began_longer_ago(now + m(1), now, m(0)), "a very long lockout is still one");
        assert!(!forever.began_longer_ago(admin_lock(), now, m(0)), "an administrator's lock never is");
    }
}
