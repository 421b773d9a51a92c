//! The one Web API error table (SPEC §6): every failure is HTTP 200 `{"ok": false, "error"}`,
//! except `ratelimited` (HTTP 429 with `Retry-After`).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use gatehouse_core::error::SessionProblem;
use gatehouse_core::CoreError;
use serde_json::{json, Map, Value};
use std::fmt;

/// Everything a Web API call can fail with.
#[derive(Debug)]
pub enum SlackError {
    /// A core refusal.
    Core(CoreError),
    /// A transport-level error code with an optional explanation for `response_metadata.messages`.
    Code(&'static str, Option<String>),
}

impl From<CoreError> for SlackError {
    fn from(e: CoreError) -> Self {
        SlackError::Core(e)
    }
}

impl SlackError {
    /// `invalid_arguments` with a message naming the problem.
    pub fn invalid_arguments(message: impl Into<String>) -> Self {
        SlackError::Code("invalid_arguments", Some(message.into()))
    }

    /// The Slack `error` string.
    pub fn code(&self) -> &'static str {
        match self {
            SlackError::Code(code, _) => code,
            SlackError::Core(e) => match e {
                CoreError::InvalidParameter { .. } | CoreError::WeakPassword(_) | CoreError::Conflict(_) => {
                    "invalid_arguments"
                }
                CoreError::InvalidCredentials | CoreError::ApiKeyInvalid => "invalid_auth",
                CoreError::SessionInvalid(SessionProblem::Missing) => "not_authed",
                CoreError::SessionInvalid(
                    SessionProblem::Malformed | SessionProblem::Unknown | SessionProblem::Ambiguous,
                ) => "invalid_auth",
                CoreError::SessionInvalid(SessionProblem::Expired) => "token_expired",
                CoreError::SessionInvalid(SessionProblem::Revoked) => "token_revoked",
                CoreError::AccountLocked { .. } | CoreError::AccountInactive => "account_inactive",
                CoreError::PasswordChangeRequired => "password_change_required",
                CoreError::NotAnAdmin => "not_an_admin",
                CoreError::AccessDenied => "access_denied",
                CoreError::MissingScope => "missing_scope",
                CoreError::PrimaryOwnerProtected => "cannot_reset_primary_owner",
                CoreError::BotHasNoSessions => "cannot_reset_bot",
                CoreError::TooManySessions { .. } => "too_many_sessions",
                CoreError::NotFound => "user_not_found",
                CoreError::NotSupported(_) => "not_supported",
                CoreError::RateLimited { .. } => "ratelimited",
                CoreError::Internal(_) => "internal_error",
            },
        }
    }

    fn message(&self) -> Option<String> {
        match self {
            SlackError::Code(_, m) => m.clone(),
            SlackError::Core(CoreError::Internal(_) | CoreError::RateLimited { .. }) => None,
            SlackError::Core(e) => Some(e.to_string()),
        }
    }
}

impl fmt::Display for SlackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl ResponseError for SlackError {
    fn status_code(&self) -> StatusCode {
        match self {
            SlackError::Core(CoreError::RateLimited { .. }) => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::OK,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let SlackError::Core(CoreError::Internal(cause)) = self {
            tracing::error!(error = %cause, "internal error");
        }
        let mut body = Map::new();
        body.insert("ok".into(), json!(false));
        body.insert("error".into(), json!(self.code()));
        if let Some(m) = self.message() {
            body.insert("response_metadata".into(), json!({"messages": [format!("[ERROR] {m}")]}));
        }
        let mut resp = HttpResponse::build(self.status_code());
        if let SlackError::Core(CoreError::RateLimited { retry_after: secs }) = self {
            resp.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        let mut resp = resp.json(Value::Object(body));
        resp.extensions_mut().insert(gatehouse_core::access::Served::refused(self.code()));
        resp
    }
}
