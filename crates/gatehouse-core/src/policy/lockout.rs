//! Brute-force lockout (SPEC §3.3).
//!
//! States: *open* (`failed_logins < threshold`, no lock), *locked* (`locked_until > now`),
//! *lapsed* (`locked_until <= now`, behaves as open with a fresh count). A failure in the open
//! state increments the count; reaching the threshold locks for `duration` and zeroes the count.
//! A success, an admin password set or a full reset returns to open with count 0.

use chrono::{DateTime, Duration, Utc};

/// Configured lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Consecutive failures that lock the account.
    pub threshold: i32,
    /// How long a lock lasts.
    pub duration: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy { threshold: 5, duration: Duration::minutes(15) }
    }
}

/// Failure count and lock after one more failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    /// New consecutive failure count.
    pub failed_logins: i32,
    /// New lock, if this failure triggered one.
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutPolicy {
    /// The state after a failed login at `now`, given the stored count and lock.
    pub fn after_failure(
        &self,
        failed_logins: i32,
        locked_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> AfterFailure {
        let lapsed = locked_until.is_some_and(|t| t <= now);
        let count = if lapsed { 1 } else { failed_logins.saturating_add(1) };
        if count >= self.threshold.max(1) {
            AfterFailure { failed_logins: 0, locked_until: Some(now + self.duration) }
        } else {
            AfterFailure { failed_logins: count, locked_until: None }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_threshold_failure_locks_and_a_lapsed_lock_starts_counting_again() {
        let p = LockoutPolicy { threshold: 3, duration: Duration::minutes(15) };
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(p.after_failure(0, None, now), AfterFailure { failed_logins: 1, locked_until: None });
        assert_eq!(p.after_failure(1, None, now), AfterFailure { failed_logins: 2, locked_until: None });
        let locked = p.after_failure(2, None, now);
        assert_eq!(
            locked,
            AfterFailure { failed_logins: 0, locked_until: Some(now + Duration::minutes(15)) }
        );
        let later = now + Duration::minutes(16);
        assert_eq!(
            p.after_failure(0, locked.locked_until, later),
            AfterFailure { failed_logins: 1, locked_until: None }
        );
    }
}
