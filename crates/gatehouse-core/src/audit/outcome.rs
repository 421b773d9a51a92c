//! The audit `outcome` of an event: `ok`, or the REST API's `errorCode` for the refusal, so one
//! name means the same thing in the audit trail and on the wire. This is the one table from
//! core errors to outcomes; the REST error table is tested against it, and the README prints it
//! from [`Outcome::ALL`] and [`Outcome::meaning`].

use crate::error::CoreError;

/// How an attempt ended, named as the REST `errorCode` of its refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
pub enum Outcome {
    /// Done.
    #[strum(serialize = "ok")]
    Ok,
    /// A malformed or refused value, a weak password, a bot without sessions.
    InvalidParameter,
    /// Wrong login or password.
    InvalidCredentials,
    /// A session credential that is missing, malformed, expired or revoked.
    InvalidSession,
    /// An unknown or revoked API key.
    #[strum(serialize = "InvalidAPIKey")]
    InvalidApiKey,
    /// Too many failed logins.
    AccountLocked,
    /// The account is suspended, terminated or expired.
    AccountInactive,
    /// The session may only change its password.
    PasswordChangeRequired,
    /// Not an administrator, not of this target, a bot's key, or the primary owner.
    AccessDenied,
    /// The user holds the most live sessions it may.
    TooManySessions,
    /// No such object, or outside the caller's scope.
    ObjectNotFound,
    /// A unique value (login) is taken.
    Conflict,
    /// A feature this service has no backend for (no SMS gateway; API keys cannot be read back).
    NotSupported,
    /// A rate limit refused it (counted in metrics; never written as an audit row).
    RateLimitExceeded,
    /// The service failed (logged; never written as an audit row).
    InternalError,
}

impl Outcome {
    /// Every outcome, `ok` first.
    pub const ALL: &'static [Outcome] = <Outcome as strum::VariantArray>::VARIANTS;

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parse a wire name.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.iter().copied().find(|o| o.as_str() == s)
    }

    /// True for outcomes an audit event can have: rate-limit refusals and internal errors
    /// write no event (SPEC §3.6).
    pub fn is_audited(self) -> bool {
        !matches!(self, Outcome::RateLimitExceeded | Outcome::InternalError)
    }

    /// The outcome of a refusal with `e`: one arm per core error, no wildcard.
    pub fn of(e: &CoreError) -> Outcome {
        match e {
            CoreError::InvalidParameter { .. } | CoreError::WeakPassword(_) | CoreError::BotHasNoSessions => {
                Outcome::InvalidParameter
            }
            CoreError::InvalidCredentials => Outcome::InvalidCredentials,
            CoreError::AccountLocked { .. } => Outcome::AccountLocked,
            CoreError::AccountInactive => Outcome::AccountInactive,
            CoreError::PasswordChangeRequired => Outcome::PasswordChangeRequired,
            CoreError::NotAnAdmin
            | CoreError::AccessDenied
            | CoreError::MissingScope
            | CoreError::PrimaryOwnerProtected => Outcome::AccessDenied,
            CoreError::TooManySessions { .. } => Outcome::TooManySessions,
            CoreError::NotFound => Outcome::ObjectNotFound,
            CoreError::Conflict(_) => Outcome::Conflict,
            CoreError::NotSupported(_) => Outcome::NotSupported,
            CoreError::SessionInvalid(_) => Outcome::InvalidSession,
            CoreError::ApiKeyInvalid => Outcome::InvalidApiKey,
            CoreError::RateLimited { .. } => Outcome::RateLimitExceeded,
            CoreError::Internal(_) => Outcome::InternalError,
        }
    }

    /// What the outcome means, one line (the README's audit table).
    pub fn meaning(self) -> &'static str {
        match self {
            Outcome::Ok => "done",
            Outcome::InvalidParameter => {
                "a malformed or refused value, a weak password, a bot without sessions"
            }
            Outcome::InvalidCredentials => "wrong login or password",
            Outcome::InvalidSession => "a session credential that is malformed, expired or revoked",
            Outcome::InvalidApiKey => "an unknown or revoked API key",
            Outcome::AccountLocked => "too many failed logins",
            Outcome::AccountInactive => "the account is suspended, terminated or expired",
            Outcome::PasswordChangeRequired => "the session may only change its password",
            Outcome::AccessDenied => {
                "not an administrator, not of this target, a bot's key, or the primary owner"
            }
            Outcome::TooManySessions => "the user holds the most live sessions it may",
            Outcome::ObjectNotFound => "no such object, or outside the caller's scope",
            Outcome::Conflict => "a unique value (login) is taken",
            Outcome::NotSupported => {
                "a feature this service has no backend for (SMS, reading an API key back)"
            }
            Outcome::RateLimitExceeded => "refused by a rate limit: counted in metrics, never audited",
            Outcome::InternalError => "the service failed: logged, never audited",
        }
    }
}
