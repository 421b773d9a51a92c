//! The ECGrid REST v2 response envelope (SPEC §4.1).

use actix_web::body::BoxBody;
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;
use utoipa::ToSchema;

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
    /// The error code (SPEC §4.1).
    #[schema(example = "InvalidParameter")]
    pub error_code: String,
    /// A human-readable reason; never internals.
    pub message: String,
}
