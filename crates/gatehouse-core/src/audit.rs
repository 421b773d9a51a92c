//! Audit events: one per state change, refusal and login attempt (SPEC §3.6).

use chrono::{DateTime, Utc};

use crate::user::UserId;

/// What was attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Password or API-key-less login.
    Login,
    /// Session ended by its holder.
    Logout,
    /// Token exchanged for a new one.
    SessionRefresh,
    /// Sessions of a user revoked by an admin or the user.
    SessionReset,
    /// One session revoked.
    SessionRevoke,
    /// Admin set a password.
    PasswordSet,
    /// User changed its own password.
    PasswordChange,
    /// Force-password-change flag set or cleared.
    PasswordForceChange,
    /// User created.
    UserCreate,
    /// Name or email changed.
    UserUpdate,
    /// Auth level changed.
    UserRole,
    /// Status changed.
    UserStatus,
    /// User terminated.
    UserTerminate,
    /// API key generated.
    ApiKeyGenerate,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 14] = [
        Action::Login,
        Action::Logout,
        Action::SessionRefresh,
        Action::SessionReset,
        Action::SessionRevoke,
        Action::PasswordSet,
        Action::PasswordChange,
        Action::PasswordForceChange,
        Action::UserCreate,
        Action::UserUpdate,
        Action::UserRole,
        Action::UserStatus,
        Action::UserTerminate,
        Action::ApiKeyGenerate,
    ];

    /// The wire and storage name (SPEC §3.6).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Logout => "logout",
            Action::SessionRefresh => "session.refresh",
            Action::SessionReset => "session.reset",
            Action::SessionRevoke => "session.revoke",
            Action::PasswordSet => "password.set",
            Action::PasswordChange => "password.change",
            Action::PasswordForceChange => "password.force_change",
            Action::UserCreate => "user.create",
            Action::UserUpdate => "user.update",
            Action::UserRole => "user.role",
            Action::UserStatus => "user.status",
            Action::UserTerminate => "user.terminate",
            Action::ApiKeyGenerate => "apikey.generate",
        }
    }

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// The front end a request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    HttpPost,
    /// Archer SOAP.
    Archer,
    /// The `gatehouse` command line.
    Cli,
}

impl FrontEnd {
    /// Every front end.
    pub const ALL: [FrontEnd; 7] = [
        FrontEnd::Rest,
        FrontEnd::Slack,
        FrontEnd::Soap11,
        FrontEnd::Soap12,
        FrontEnd::HttpPost,
        FrontEnd::Archer,
        FrontEnd::Cli,
    ];

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<FrontEnd> {
        FrontEnd::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The wire and storage name (SPEC §3.6).
    pub fn as_str(self) -> &'static str {
        match self {
            FrontEnd::Rest => "rest",
            FrontEnd::Slack => "slack",
            FrontEnd::Soap11 => "soap11",
            FrontEnd::Soap12 => "soap12",
            FrontEnd::HttpPost => "http-post",
            FrontEnd::Archer => "archer",
            FrontEnd::Cli => "cli",
        }
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
    /// `ok` or the core error's name.
    pub outcome: String,
    /// Client address.
    pub ip: Option<String>,
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
    /// Only events with id below this.
    pub before: Option<i64>,
    /// Maximum rows.
    pub limit: i64,
    /// Only events whose target (or, without target, actor) the caller may read; `None`: all.
    pub visible: Option<crate::user::Visibility>,
}
