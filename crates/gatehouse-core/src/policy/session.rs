//! Session life (SPEC §3.5): idle timeout, absolute lifetime, revocation, last-seen throttling.

use chrono::{DateTime, Duration, Utc};

use crate::error::SessionProblem;
use crate::session::{Session, SessionEpochs};

/// Configured session lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long expires.
    pub idle: Duration,
    /// A session expires this long after login, whatever its use.
    pub max_life: Duration,
    /// Lifetime of one REST token; refresh issues a new one.
    pub token_ttl: Duration,
    /// `last_seen` is written at most this often per session.
    pub touch_every: Duration,
}

/// Default idle timeout in seconds (SPEC §3.5: 20 minutes).
pub const DEFAULT_IDLE_SECS: i64 = 1200;
/// Default absolute lifetime in seconds (SPEC §3.5: 12 hours).
pub const DEFAULT_MAX_LIFE_SECS: i64 = 43200;
/// Default REST token lifetime in seconds.
pub const DEFAULT_TOKEN_TTL_SECS: i64 = 3600;

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::seconds(DEFAULT_IDLE_SECS),
            max_life: Duration::seconds(DEFAULT_MAX_LIFE_SECS),
            token_ttl: Duration::seconds(DEFAULT_TOKEN_TTL_SECS),
            touch_every: Duration::seconds(60),
        }
    }
}

impl SessionPolicy {
    /// Why `session` cannot be used at `now`, if it cannot; `epochs` are its owner's current ones.
    pub fn check(
        &self,
        session: &Session,
        epochs: &SessionEpochs,
        now: DateTime<Utc>,
    ) -> Result<(), SessionProblem> {
        if session.is_revoked(epochs) {
            return Err(SessionProblem::Revoked);
        }
        if now >= session.expires_at || now >= session.last_seen + self.idle {
            return Err(SessionProblem::Expired);
        }
        Ok(())
    }

    /// True when `last_seen` is old enough to be written again: at most every `touch_every`,
    /// and at least twice per idle timeout, so a session in use never idles out however short
    /// the timeout.
    pub fn needs_touch(&self, session: &Session, now: DateTime<Utc>) -> bool {
        now - session.last_seen >= self.touch_every.min(self.idle / 2)
    }

    /// When a token issued at `now` for `session` stops being valid.
    pub fn token_expiry(&self, session: &Session, now: DateTime<Utc>) -> DateTime<Utc> {
        (now + self.token_ttl).min(session.expires_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{ClientKind, SessionId};
    use crate::user::UserId;
    use chrono::TimeZone;

    fn session(now: DateTime<Utc>) -> Session {
        Session {
            id: SessionId("s".into()),
            user_id: UserId(1),
            kind: ClientKind::Web,
            created: now,
            last_seen: now,
            expires_at: now + Duration::hours(12),
            revoked_at: None,
            epoch: 3,
            ip: None,
            user_agent: None,
        }
    }

    #[test]
    fn idle_and_absolute_limits_expire_and_revocation_wins() {
        let p = SessionPolicy::default();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let e = SessionEpochs { web: 3, mobile: 7, desktop: 0, api: 0 };
        let mut s = session(t0);
        assert_eq!(p.check(&s, &e, t0 + Duration::minutes(19)), Ok(()));
        assert_eq!(p.check(&s, &e, t0 + Duration::minutes(20)), Err(SessionProblem::Expired));
        s.last_seen = t0 + Duration::hours(11) + Duration::minutes(59);
        assert_eq!(p.check(&s, &e, t0 + Duration::hours(12)), Err(SessionProblem::Expired));
        s.revoked_at = Some(t0);
        assert_eq!(p.check(&s, &e, t0), Err(SessionProblem::Revoked));
    }

    #[test]
    fn a_reset_of_its_kind_revokes_a_session_and_other_kinds_do_not() {
        let p = SessionPolicy::default();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let s = session(t0);
        let opened = SessionEpochs { web: 3, mobile: 7, desktop: 0, api: 0 };
        let mobile_reset = SessionEpochs { mobile: 8, ..opened };
        let web_reset = SessionEpochs { web: 4, ..opened };
        assert_eq!(p.check(&s, &mobile_reset, t0), Ok(()));
        assert_eq!(p.check(&s, &web_reset, t0), Err(SessionProblem::Revoked));
    }

    #[test]
    fn last_seen_is_written_at_most_once_a_minute_and_tokens_never_outlive_the_session() {
        let p = SessionPolicy::default();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let s = session(t0);
        assert!(!p.needs_touch(&s, t0 + Duration::seconds(59)));
        assert!(p.needs_touch(&s, t0 + Duration::seconds(60)));
        assert_eq!(p.token_expiry(&s, t0), t0 + Duration::hours(1));
        let short = SessionPolicy { idle: Duration::seconds(10), ..p };
        assert!(!short.needs_touch(&s, t0 + Duration::seconds(4)));
        assert!(short.needs_touch(&s, t0 + Duration::seconds(5)), "twice per idle timeout");
        assert_eq!(p.token_expiry(&s, t0 + Duration::hours(11) + Duration::minutes(30)), s.expires_at);
    }
}
