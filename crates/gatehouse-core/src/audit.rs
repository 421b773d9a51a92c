//! Audit events: one per state change, refusal and login attempt (SPEC §3.6), each with the
//! session it happened in, a structured [`Detail`] and an [`Outcome`] named as the REST
//! `errorCode`s.

use chrono::{DateTime, Utc};

use crate::session::SessionId;
use crate::user::UserId;

mod detail;
mod outcome;

pub use detail::{
    reset_scope, secret_changed, user_changes, user_created, user_fields, Change, Detail, Value,
};
pub use outcome::Outcome;

/// What was attempted; the serialized names are the wire and storage names (SPEC §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
pub enum Action {
    /// Password or API-key-less login.
    #[strum(serialize = "login")]
    Login,
    /// Session ended by its holder.
    #[strum(serialize = "logout")]
    Logout,
    /// Token exchanged for a new one.
    #[strum(serialize = "session.refresh")]
    SessionRefresh,
    /// Sessions of a user revoked by an admin or the user.
    #[strum(serialize = "session.reset")]
    SessionReset,
    /// One session revoked.
    #[strum(serialize = "session.revoke")]
    SessionRevoke,
    /// Admin set a password.
    #[strum(serialize = "password.set")]
    PasswordSet,
    /// User changed its own password.
    #[strum(serialize = "password.change")]
    PasswordChange,
    /// Force-password-change flag set or cleared.
    #[strum(serialize = "password.force_change")]
    PasswordForceChange,
    /// User created.
    #[strum(serialize = "user.create")]
    UserCreate,
    /// Name or email changed.
    #[strum(serialize = "user.update")]
    UserUpdate,
    /// Auth level changed.
    #[strum(serialize = "user.role")]
    UserRole,
    /// Status changed.
    #[strum(serialize = "user.status")]
    UserStatus,
    /// User terminated.
    #[strum(serialize = "user.terminate")]
    UserTerminate,
    /// API key generated.
    #[strum(serialize = "apikey.generate")]
    ApiKeyGenerate,
}

impl Action {
    /// Every action.
    pub const ALL: &'static [Action] = <Action as strum::VariantArray>::VARIANTS;

    /// The wire and storage name (SPEC §3.6).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == s)
    }
}

/// The front end a request came through; the serialized names are the wire names (SPEC §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum FrontEnd {
    /// REST `/v2`.
    Rest,
    /// Slack-style Web API `/api`.
    Slack,
    /// SOAP 1.1.
    Soap11,
    /// SOAP 1.2.
    Soap12,
    /// ASMX HTTP-POST.
    #[strum(serialize = "http-post")]
    HttpPost,
    /// Archer SOAP.
    Archer,
    /// The `gatehouse` command line.
    Cli,
}

impl FrontEnd {
    /// Every front end.
    pub const ALL: &'static [FrontEnd] = <FrontEnd as strum::VariantArray>::VARIANTS;

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<FrontEnd> {
        FrontEnd::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// The wire and storage name (SPEC §3.6).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// An audit event as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who acted (`None`: failed login of an unknown user).
    pub actor: Option<UserId>,
    /// Whom it concerned.
    pub target: Option<UserId>,
    /// What.
    pub action: Action,
    /// Through which front end.
    pub front_end: FrontEnd,
    /// `ok`, or the REST `errorCode` of the refusal.
    pub outcome: Outcome,
    /// Client address.
    pub ip: Option<String>,
    /// The session it happened in: the caller's, when it authenticated with one; for a
    /// login, the session it issued.
    pub session: Option<SessionId>,
    /// What exactly happened (scope, fields changed, refusal reason).
    pub detail: Detail,
}

/// An audit event as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Store-assigned id, increasing.
    pub id: i64,
    /// The event.
    pub event: NewAuditEvent,
}

/// Filter for reading the audit trail, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Events whose actor or target is this user.
    pub user: Option<UserId>,
    /// Only this action.
    pub action: Option<Action>,
    /// Only events by this actor.
    pub actor: Option<UserId>,
    /// Only this outcome.
    pub outcome: Option<Outcome>,
    /// Only through this front end.
    pub front_end: Option<FrontEnd>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only events with id below this.
    pub before: Option<i64>,
    /// Only events that happened in one of these sessions (empty: in any or none).
    pub sessions: Vec<SessionId>,
    /// Maximum rows.
    pub limit: i64,
    /// Only events whose target (or, without target, actor) the caller may read; `None`: all.
    pub visible: Option<crate::user::Visibility>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names SPEC §3.6 lists, in its order; parsing each gives back its variant.
    #[test]
    fn actions_and_front_ends_carry_the_spec_names() {
        let actions: Vec<_> = Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            actions,
            [
                "login",
                "logout",
                "session.refresh",
                "session.reset",
                "session.revoke",
                "password.set",
                "password.change",
                "password.force_change",
                "user.create",
                "user.update",
                "user.role",
                "user.status",
                "user.terminate",
                "apikey.generate"
            ]
        );
        let front_ends: Vec<_> = FrontEnd::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(front_ends, ["rest", "slack", "soap11", "soap12", "http-post", "archer", "cli"]);
        for &a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for &f in FrontEnd::ALL {
            assert_eq!(FrontEnd::parse(f.as_str()), Some(f));
        }
        let kinds: Vec<_> = crate::session::ClientKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds, ["web", "mobile", "desktop", "api"]);
        let ranks: Vec<_> = crate::user::AuthLevel::ALL.iter().map(|l| l.rank()).collect();
        assert_eq!(ranks, [8, 7, 6, 5, 4, 3, 2, 1, 0], "highest first");
    }
}
