//! The ECGrid REST v2 response envelope (SPEC §4.1).

use actix_web::body::BoxBody;
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ErrorCode;
use crate::v2::audit::AuditEventInfo;
use crate::v2::auth::{SessionData, TokenData};
use crate::v2::session_policy::SessionSettingsInfo;
use crate::v2::user_dto::{SessionInfo, UserIdInfo};

/// Every `/v2` response: `{success, data, errorCode, message}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// True on success.
    pub success: bool,
    /// The payload, `null` on error.
    pub data: Option<T>,
    /// Empty on success, else one of the documented codes.
    pub error_code: String,
    /// Empty on success, else a human-readable reason.
    pub message: String,
}

impl<T: Serialize> Envelope<T> {
    /// A successful envelope around `data`.
    pub fn ok(data: T) -> Self {
        Envelope { success: true, data: Some(data), error_code: String::new(), message: String::new() }
    }
}

impl<T: Serialize> Responder for Envelope<T> {
    type Body = BoxBody;
    fn respond_to(self, _req: &HttpRequest) -> HttpResponse {
        HttpResponse::Ok().json(self)
    }
}

/// The envelope of an error, as documented in the OpenAPI document.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    /// Always false.
    pub success: bool,
    /// Always null.
    #[schema(value_type = Option<Object>)]
    pub data: Option<()>,
    /// The error code (`ErrorCode`).
    pub error_code: ErrorCode,
    /// A human-readable reason; never internals.
    pub message: String,
}

/// The documented success envelope of each payload: `success` true, `data` required.
/// Documentation only: handlers answer [`Envelope`], which serializes the same.
macro_rules! success_envelopes {
    ($($name:ident => $payload:ty, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            #[derive(Serialize, ToSchema)]
            #[serde(rename_all = "camelCase")]
            pub struct $name {
                /// Always true.
                pub success: bool,
                /// The payload.
                pub data: $payload,
                /// Empty on success.
                pub error_code: String,
                /// Empty on success.
                pub message: String,
            }
        )*

        /// The names of the success envelopes (their `success` is pinned to true).
        pub const SUCCESS_ENVELOPES: &[&str] = &[$(stringify!($name)),*];
    };
}

success_envelopes! {
    UserEnvelope => UserIdInfo, "One user.";
    UserListEnvelope => Vec<UserIdInfo>, "Users.";
    TokenEnvelope => TokenData, "A session token.";
    SessionEnvelope => SessionData, "The caller's session.";
    SessionInfoListEnvelope => Vec<SessionInfo>, "Live sessions.";
    AuditEventListEnvelope => Vec<AuditEventInfo>, "Audit events.";
    SessionSettingsEnvelope => SessionSettingsInfo, "A user's session policy.";
    BoolEnvelope => bool, "`true`: done.";
    StringEnvelope => String, "A string (a version, or an API key shown once).";
}
