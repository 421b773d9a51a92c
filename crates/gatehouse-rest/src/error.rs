//! The one REST error table (SPEC §4.1): every core error and framework rejection becomes the
//! envelope with an `errorCode` and HTTP status.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use gatehouse_core::access::Served;
use gatehouse_core::error::PublicInternal;
use gatehouse_core::CoreError;
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

use crate::envelope::ErrorEnvelope;

/// Every `errorCode` the API answers, with the HTTP status it comes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ErrorCode {
    /// 400 (413 too large, 415 not JSON, 405 wrong method): a malformed request or value.
    InvalidParameter,
    /// 401: wrong login or password.
    InvalidCredentials,
    /// 401: no session credential, or an unknown, expired or revoked one.
    InvalidSession,
    /// 401: an unknown or revoked API key.
    #[serde(rename = "InvalidAPIKey")]
    InvalidApiKey,
    /// 403 with Retry-After: too many failed logins.
    AccountLocked,
    /// 403: the account is suspended, terminated or expired.
    AccountInactive,
    /// 403: the session may only change its password.
    PasswordChangeRequired,
    /// 403: the caller may not do this.
    AccessDenied,
    /// 403: the user holds the most live sessions it may.
    TooManySessions,
    /// 404: no such object, or out of the caller's scope; also unknown routes.
    ObjectNotFound,
    /// 409: a unique value (login) is taken.
    Conflict,
    /// 429 with Retry-After.
    RateLimitExceeded,
    /// 501: the service has no backend for this (no SMS gateway).
    NotSupported,
    /// 500.
    InternalError,
}

impl ErrorCode {
    /// The wire name (the audit outcome of a refusal answered with this code).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameter => "InvalidParameter",
            ErrorCode::InvalidCredentials => "InvalidCredentials",
            ErrorCode::InvalidSession => "InvalidSession",
            ErrorCode::InvalidApiKey => "InvalidAPIKey",
            ErrorCode::AccountLocked => "AccountLocked",
            ErrorCode::AccountInactive => "AccountInactive",
            ErrorCode::PasswordChangeRequired => "PasswordChangeRequired",
            ErrorCode::AccessDenied => "AccessDenied",
            ErrorCode::TooManySessions => "TooManySessions",
            ErrorCode::ObjectNotFound => "ObjectNotFound",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::RateLimitExceeded => "RateLimitExceeded",
            ErrorCode::NotSupported => "NotSupported",
            ErrorCode::InternalError => "InternalError",
        }
    }

    /// The code a documented answer with this HTTP status shows in its example.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::InvalidSession,
            403 => ErrorCode::AccessDenied,
            404 => ErrorCode::ObjectNotFound,
            409 => ErrorCode::Conflict,
            429 => ErrorCode::RateLimitExceeded,
            500 => ErrorCode::InternalError,
            501 => ErrorCode::NotSupported,
            _ => ErrorCode::InvalidParameter,
        }
    }
}

/// Result of a REST handler.
pub type RestResult<T> = Result<T, RestError>;

/// Everything a `/v2` request can fail with.
#[derive(Debug)]
pub enum RestError {
    /// A core refusal.
    Core(CoreError),
    /// The body is not the JSON the operation takes; the message names the field.
    BadJson(String),
    /// The body is over the configured limit.
    TooLarge(usize),
    /// The content type is not JSON.
    UnsupportedMediaType(String),
    /// No route for this path.
    NoRoute(String),
    /// The path exists but not for this method.
    MethodNotAllowed {
        /// The method the client used.
        method: String,
        /// The methods the path accepts, for the `Allow` header.
        allow: String,
    },
}

impl From<CoreError> for RestError {
    fn from(e: CoreError) -> Self {
        RestError::Core(e)
    }
}

impl fmt::Display for RestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestError::Core(CoreError::Internal(_)) => PublicInternal.fmt(f),
            RestError::Core(e) => e.fmt(f),
            RestError::BadJson(m) => f.write_str(m),
            RestError::TooLarge(limit) => write!(f, "request body is larger than {limit} bytes"),
            RestError::UnsupportedMediaType(ct) => {
                write!(f, "content type `{ct}` is not supported; send application/json")
            }
            RestError::NoRoute(p) => write!(f, "no such endpoint: {p}"),
            RestError::MethodNotAllowed { method, allow } => {
                write!(f, "method {method} is not allowed on this endpoint (allowed: {allow})")
            }
        }
    }
}

impl RestError {
    /// HTTP status, `errorCode` and `Retry-After` seconds for this error.
    fn classify(&self) -> (StatusCode, ErrorCode, Option<u64>) {
        use ErrorCode as E;
        use StatusCode as S;
        match self {
            RestError::Core(e) => match e {
                CoreError::InvalidParameter { .. }
                | CoreError::WeakPassword(_)
                | CoreError::BotHasNoSessions => (S::BAD_REQUEST, E::InvalidParameter, None),
                CoreError::InvalidCredentials => (S::UNAUTHORIZED, E::InvalidCredentials, None),
                CoreError::AccountLocked { retry_after, .. } => {
                    (S::FORBIDDEN, E::AccountLocked, Some(*retry_after))
                }
                CoreError::AccountInactive => (S::FORBIDDEN, E::AccountInactive, None),
                CoreError::PasswordChangeRequired => (S::FORBIDDEN, E::PasswordChangeRequired, None),
                CoreError::NotAnAdmin
                | CoreError::AccessDenied
                | CoreError::MissingScope
                | CoreError::PrimaryOwnerProtected => (S::FORBIDDEN, E::AccessDenied, None),
                CoreError::TooManySessions { .. } => (S::FORBIDDEN, E::TooManySessions, None),
                CoreError::NotFound => (S::NOT_FOUND, E::ObjectNotFound, None),
                CoreError::Conflict(_) => (S::CONFLICT, E::Conflict, None),
                CoreError::SessionInvalid(_) => (S::UNAUTHORIZED, E::InvalidSession, None),
                CoreError::ApiKeyInvalid => (S::UNAUTHORIZED, E::InvalidApiKey, None),
                CoreError::NotSupported(_) => (S::NOT_IMPLEMENTED, E::NotSupported, None),
                CoreError::RateLimited { retry_after } => {
                    (S::TOO_MANY_REQUESTS, E::RateLimitExceeded, Some(*retry_after))
                }
                CoreError::Internal(_) => (S::INTERNAL_SERVER_ERROR, E::InternalError, None),
            },
            RestError::BadJson(_) => (S::BAD_REQUEST, E::InvalidParameter, None),
            RestError::TooLarge(_) => (S::PAYLOAD_TOO_LARGE, E::InvalidParameter, None),
            RestError::UnsupportedMediaType(_) => (S::UNSUPPORTED_MEDIA_TYPE, E::InvalidParameter, None),
            RestError::NoRoute(_) => (S::NOT_FOUND, E::ObjectNotFound, None),
            RestError::MethodNotAllowed { .. } => (S::METHOD_NOT_ALLOWED, E::InvalidParameter, None),
        }
    }
}

impl ResponseError for RestError {
    fn status_code(&self) -> StatusCode {
        self.classify().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, code, retry_after) = self.classify();
        if let RestError::Core(CoreError::Internal(cause)) = self {
            tracing::error!(error = %cause, "internal error");
        }
        let mut resp = HttpResponse::build(status);
        if let Some(secs) = retry_after {
            resp.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
            resp.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let RestError::MethodNotAllowed { allow, .. } = self {
            resp.insert_header((header::ALLOW, allow.as_str()));
        }
        let mut resp = resp.json(ErrorEnvelope {
            success: false,
            data: None,
            error_code: code,
            message: self.to_string(),
        });
        resp.extensions_mut().insert(Served::refused(code.as_str()));
        resp
    }
}

/// The answer for a malformed path parameter (actix's `PathConfig` error handler).
pub fn path_rejected(req: &actix_web::HttpRequest) -> actix_web::Error {
    let params: Vec<(&str, &str)> = req.match_info().iter().collect();
    RestError::BadJson(crate::wording::path_rejection(&params)).into()
}

/// The answer for a query string actix could not decode (`QueryConfig` error handler).
pub fn query_rejected(e: &actix_web::error::QueryPayloadError) -> actix_web::Error {
    RestError::BadJson(format!("query: {}", crate::wording::rejection(&e.to_string()))).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use gatehouse_core::audit::Outcome;
    use gatehouse_core::error::SessionProblem;

    /// One error of each core variant (the match below breaks the build when one is added).
    fn every_core_error() -> Vec<CoreError> {
        let all = vec![
            CoreError::invalid("f", "r"),
            CoreError::WeakPassword(vec![]),
            CoreError::InvalidCredentials,
            CoreError::AccountLocked {
                until: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
                retry_after: 1,
            },
            CoreError::AccountInactive,
            CoreError::PasswordChangeRequired,
            CoreError::NotAnAdmin,
            CoreError::AccessDenied,
            CoreError::MissingScope,
            CoreError::PrimaryOwnerProtected,
            CoreError::BotHasNoSessions,
            CoreError::TooManySessions { max: 1 },
            CoreError::NotFound,
            CoreError::Conflict("c".into()),
            CoreError::SessionInvalid(SessionProblem::Revoked),
            CoreError::ApiKeyInvalid,
            CoreError::NotSupported("n"),
            CoreError::RateLimited { retry_after: 1 },
            CoreError::internal("x"),
        ];
        for e in &all {
            match e {
                CoreError::InvalidParameter { .. }
                | CoreError::WeakPassword(_)
                | CoreError::InvalidCredentials
                | CoreError::AccountLocked { .. }
                | CoreError::AccountInactive
                | CoreError::PasswordChangeRequired
                | CoreError::NotAnAdmin
                | CoreError::AccessDenied
                | CoreError::MissingScope
                | CoreError::PrimaryOwnerProtected
                | CoreError::BotHasNoSessions
                | CoreError::TooManySessions { .. }
                | CoreError::NotFound
                | CoreError::Conflict(_)
                | CoreError::SessionInvalid(_)
                | CoreError::ApiKeyInvalid
                | CoreError::NotSupported(_)
                | CoreError::RateLimited { .. }
                | CoreError::Internal(_) => {}
            }
        }
        all
    }

    /// The audit outcome of every refusal is the `errorCode` this table answers it with, and
    /// every outcome but `ok` is some refusal's code.
    #[test]
    fn audit_outcomes_are_the_error_codes() {
        let mut seen = vec![Outcome::Ok];
        for e in every_core_error() {
            let outcome = Outcome::of(&e);
            let (_, code, _) = RestError::Core(e).classify();
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, serde_json::json!(outcome.as_str()));
            assert_eq!(code.as_str(), outcome.as_str());
            seen.push(outcome);
        }
        for o in Outcome::ALL {
            assert!(seen.contains(o), "{o:?} is no refusal's outcome");
        }
    }
}
