//! The one REST error table (SPEC §4.1): every core error and framework rejection becomes the
//! envelope with an `errorCode` and HTTP status.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use gatehouse_core::error::PublicInternal;
use gatehouse_core::CoreError;
use std::fmt;

use crate::envelope::ErrorEnvelope;

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
    fn classify(&self) -> (StatusCode, &'static str, Option<u64>) {
        use StatusCode as S;
        match self {
            RestError::Core(e) => match e {
                CoreError::InvalidParameter { .. }
                | CoreError::WeakPassword(_)
                | CoreError::BotHasNoSessions => (S::BAD_REQUEST, "InvalidParameter", None),
                CoreError::InvalidCredentials => (S::UNAUTHORIZED, "InvalidCredentials", None),
                CoreError::AccountLocked { retry_after, .. } => {
                    (S::FORBIDDEN, "AccountLocked", Some(*retry_after))
                }
                CoreError::AccountInactive => (S::FORBIDDEN, "AccountInactive", None),
                CoreError::PasswordChangeRequired => (S::FORBIDDEN, "PasswordChangeRequired", None),
                CoreError::NotAnAdmin
                | CoreError::AccessDenied
                | CoreError::MissingScope
                | CoreError::PrimaryOwnerProtected => (S::FORBIDDEN, "AccessDenied", None),
                CoreError::TooManySessions { .. } => (S::FORBIDDEN, "TooManySessions", None),
                CoreError::NotFound => (S::NOT_FOUND, "ObjectNotFound", None),
                CoreError::Conflict(_) => (S::CONFLICT, "Conflict", None),
                CoreError::SessionInvalid(_) => (S::UNAUTHORIZED, "InvalidSession", None),
                CoreError::ApiKeyInvalid => (S::UNAUTHORIZED, "InvalidAPIKey", None),
                CoreError::RateLimited { retry_after } => {
                    (S::TOO_MANY_REQUESTS, "RateLimitExceeded", Some(*retry_after))
                }
                CoreError::Internal(_) => (S::INTERNAL_SERVER_ERROR, "InternalError", None),
            },
            RestError::BadJson(_) => (S::BAD_REQUEST, "InvalidParameter", None),
            RestError::TooLarge(_) => (S::PAYLOAD_TOO_LARGE, "InvalidParameter", None),
            RestError::UnsupportedMediaType(_) => (S::UNSUPPORTED_MEDIA_TYPE, "InvalidParameter", None),
            RestError::NoRoute(_) => (S::NOT_FOUND, "ObjectNotFound", None),
            RestError::MethodNotAllowed { .. } => (S::METHOD_NOT_ALLOWED, "InvalidParameter", None),
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
        resp.json(ErrorEnvelope {
            success: false,
            data: None,
            error_code: code.into(),
            message: self.to_string(),
        })
    }
}
