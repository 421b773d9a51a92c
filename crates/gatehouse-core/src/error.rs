//! The one error type of the core; each variant is an outcome the SPEC names.

use chrono::{DateTime, Utc};
use std::fmt;

use crate::policy::password::PasswordRule;

/// Boxed cause of an internal error.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Result of every core call.
pub type CoreResult<T> = Result<T, CoreError>;

/// Why a session credential was refused (the Web API tells these apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionProblem {
    /// No credential was sent.
    Missing,
    /// The credential could not be parsed or its signature is wrong.
    Malformed,
    /// Unknown session.
    Unknown,
    /// Idle timeout or absolute lifetime passed.
    Expired,
    /// Revoked by logout, reset, refresh or an admin.
    Revoked,
    /// More than one credential was sent: one of them may be stale or someone else's.
    Ambiguous,
}

impl SessionProblem {
    /// What the client is told.
    pub fn describe(self) -> &'static str {
        match self {
            SessionProblem::Ambiguous => {
                "send one credential, not several (Authorization, X-API-Key or a token argument)"
            }
            _ => "invalid session",
        }
    }
}

/// Every outcome a core call can refuse with.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A parameter is missing or malformed; `field` names it.
    #[error("{field}: {reason}")]
    InvalidParameter {
        /// Wire-neutral field name.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A new password breaks these rules (all of them are listed).
    #[error("password does not meet the rules: {}", describe_rules(.0))]
    WeakPassword(Vec<PasswordRule>),
    /// Login failed (unknown login and wrong password look the same).
    #[error("invalid login or password")]
    InvalidCredentials,
    /// Too many failures; try again after `until`.
    #[error("account locked after repeated failed logins")]
    AccountLocked {
        /// End of the lock.
        until: DateTime<Utc>,
        /// Whole seconds from now until the lock ends (for `Retry-After`).
        retry_after: u64,
    },
    /// The user is suspended or terminated.
    #[error("account is not active")]
    AccountInactive,
    /// The session may only change its password, read itself or log out (SPEC §3.4).
    #[error("password change required")]
    PasswordChangeRequired,
    /// The caller's level administers nobody.
    #[error("caller is not an administrator")]
    NotAnAdmin,
    /// The target is in scope but the caller may not do this to it.
    #[error("access denied")]
    AccessDenied,
    /// The credential may not do this at all: a bot's API key acts on itself only (SPEC §3.2).
    #[error("a bot's API key may not perform administrative operations")]
    MissingScope,
    /// Only the primary owner administers the primary owner.
    #[error("only the primary owner may administer the primary owner")]
    PrimaryOwnerProtected,
    /// Bots have no sessions to reset.
    #[error("bot users have no sessions; rotate the API key instead")]
    BotHasNoSessions,
    /// The user holds as many live sessions as its policy allows (SPEC §3.5).
    #[error("the user already has {max} live sessions, the most it may hold")]
    TooManySessions {
        /// The maximum in force.
        max: u32,
    },
    /// No such object, or it is outside the caller's scope.
    #[error("object not found")]
    NotFound,
    /// A unique value (login) is already taken.
    #[error("{0}")]
    Conflict(String),
    /// A session credential was refused.
    #[error("{}", .0.describe())]
    SessionInvalid(SessionProblem),
    /// An API key is unknown or revoked.
    #[error("invalid API key")]
    ApiKeyInvalid,
    /// The service cannot do this here: a feature it has no backend for (an SMS gateway).
    #[error("{0}")]
    NotSupported(&'static str),
    /// Too many requests; retry after this many seconds.
    #[error("rate limit exceeded")]
    RateLimited {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Something failed that the client cannot fix; details are logged, never shown.
    #[error("internal error")]
    Internal(#[source] BoxError),
}

fn describe_rules(rules: &[PasswordRule]) -> String {
    rules.iter().map(|r| r.describe()).collect::<Vec<_>>().join("; ")
}

impl CoreError {
    /// Shorthand for [`CoreError::InvalidParameter`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        CoreError::InvalidParameter { field: field.into(), reason: reason.into() }
    }

    /// Wrap any error as [`CoreError::Internal`].
    pub fn internal(e: impl Into<BoxError>) -> Self {
        CoreError::Internal(e.into())
    }

    /// The variant name, used as the audit `outcome` (SPEC §3.6).
    pub fn name(&self) -> &'static str {
        match self {
            CoreError::InvalidParameter { .. } => "InvalidParameter",
            CoreError::WeakPassword(_) => "WeakPassword",
            CoreError::InvalidCredentials => "InvalidCredentials",
            CoreError::AccountLocked { .. } => "AccountLocked",
            CoreError::AccountInactive => "AccountInactive",
            CoreError::PasswordChangeRequired => "PasswordChangeRequired",
            CoreError::NotAnAdmin => "NotAnAdmin",
            CoreError::AccessDenied => "AccessDenied",
            CoreError::MissingScope => "MissingScope",
            CoreError::PrimaryOwnerProtected => "PrimaryOwnerProtected",
            CoreError::BotHasNoSessions => "BotHasNoSessions",
            CoreError::TooManySessions { .. } => "TooManySessions",
            CoreError::NotFound => "NotFound",
            CoreError::Conflict(_) => "Conflict",
            CoreError::SessionInvalid(_) => "SessionInvalid",
            CoreError::ApiKeyInvalid => "ApiKeyInvalid",
            CoreError::NotSupported(_) => "NotSupported",
            CoreError::RateLimited { .. } => "RateLimited",
            CoreError::Internal(_) => "Internal",
        }
    }
}

/// A message for internal errors that is safe to show a client.
pub struct PublicInternal;

impl fmt::Display for PublicInternal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("internal error; see the server log")
    }
}
