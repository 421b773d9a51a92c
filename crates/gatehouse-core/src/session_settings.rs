//! The per-user session policy (SPEC §3.5): how many live sessions a user may hold (ECGridOS
//! `UserSetMaxSessions`), how long its sessions live and whether its web and desktop clients
//! should keep their tokens in memory only (Slack `admin.users.session.setSettings`). Every
//! setting is optional; unset means the service's default.

use chrono::Duration;

use crate::error::CoreError;
use crate::session::ClientKind;

/// Shortest per-user session lifetime, in seconds (Slack: 8 hours).
pub const MIN_DURATION_SECS: i64 = 28_800;
/// Longest per-user session lifetime, in seconds (Slack: about ten years).
pub const MAX_DURATION_SECS: i64 = 315_569_520;

/// One user's session settings as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionSettings {
    /// Most live sessions; a login beyond it is refused with `TooManySessions`.
    pub max_sessions: Option<u32>,
    /// Absolute lifetime of the user's sessions, replacing the service's, for live ones too.
    pub duration: Option<Duration>,
    /// The user's web and desktop clients should forget their token when the app quits.
    pub desktop_app_browser_quit: Option<bool>,
}

impl SessionSettings {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == SessionSettings::default()
    }

    /// Whether a client of `kind` may keep its token beyond the app's life: not a web or
    /// desktop client of a user whose policy says `desktop_app_browser_quit`.
    pub fn persistent_for(&self, kind: ClientKind) -> bool {
        !(self.desktop_app_browser_quit == Some(true)
            && matches!(kind, ClientKind::Web | ClientKind::Desktop))
    }

    /// The settings after applying `change` (its set fields replace these).
    pub fn merged(self, change: &SessionSettings) -> SessionSettings {
        SessionSettings {
            max_sessions: change.max_sessions.or(self.max_sessions),
            duration: change.duration.or(self.duration),
            desktop_app_browser_quit: change.desktop_app_browser_quit.or(self.desktop_app_browser_quit),
        }
    }

    /// Refuse a change that sets nothing, a duration outside Slack's bounds or a maximum of 0.
    pub fn validate_change(&self) -> Result<(), CoreError> {
        if self.is_empty() {
            return Err(CoreError::invalid("settings", "set at least one session setting"));
        }
        if let Some(d) = self.duration {
            if !(MIN_DURATION_SECS..=MAX_DURATION_SECS).contains(&d.num_seconds()) {
                return Err(CoreError::invalid(
                    "duration",
                    format!("must be {MIN_DURATION_SECS} to {MAX_DURATION_SECS} seconds"),
                ));
            }
        }
        if self.max_sessions == Some(0) {
            return Err(CoreError::invalid("maxSessions", "must be at least 1"));
        }
        Ok(())
    }
}

/// A duration in whole seconds as the settings take it, refusing what is not one.
pub fn duration_secs(secs: i64) -> Result<Duration, CoreError> {
    Duration::try_seconds(secs).ok_or_else(|| CoreError::invalid("duration", "is not a duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_must_set_something_within_bounds() {
        assert!(SessionSettings::default().validate_change().is_err());
        let ok =
            SessionSettings { duration: Some(Duration::seconds(MIN_DURATION_SECS)), ..Default::default() };
        assert!(ok.validate_change().is_ok());
        let short = SessionSettings { duration: Some(Duration::seconds(MIN_DURATION_SECS - 1)), ..ok };
        assert!(short.validate_change().is_err());
        let long = SessionSettings { duration: Some(Duration::seconds(MAX_DURATION_SECS + 1)), ..ok };
        assert!(long.validate_change().is_err());
        let none = SessionSettings { max_sessions: Some(0), ..Default::default() };
        assert!(none.validate_change().is_err());
    }

    #[test]
    fn a_change_replaces_only_what_it_sets() {
        let stored = SessionSettings {
            max_sessions: Some(3),
            duration: Some(Duration::hours(9)),
            desktop_app_browser_quit: None,
        };
        let change = SessionSettings { desktop_app_browser_quit: Some(true), ..Default::default() };
        let merged = stored.merged(&change);
        assert_eq!(merged.max_sessions, Some(3));
        assert_eq!(merged.duration, Some(Duration::hours(9)));
        assert_eq!(merged.desktop_app_browser_quit, Some(true));
    }
}
