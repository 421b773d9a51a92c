//! A JSON body extractor whose every failure is a [`RestError`] naming the offending field.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::RestError;
use crate::state::RestState;

/// A request body decoded from JSON; deref to the value.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// True when the content type is `application/json` or `application/<x>+json`.
pub fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req.headers().get(actix_web::http::header::CONTENT_TYPE) else {
        return false;
    };
    let essence = ct.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Read the whole body, refusing more than `limit` bytes without buffering the excess.
pub async fn read_limited(payload: &mut Payload, limit: usize) -> Result<web::BytesMut, RestError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| RestError::BadJson(format!("could not read the request body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(RestError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decode `bytes` as `T`, naming the field path in the error. A number with a zero fraction
/// (`113.0`) is the integer JSON Schema says it is: clients whose numbers are all floats
/// (JavaScript, and Python's `float`s) send ids that way.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, RestError> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| RestError::BadJson(format!("malformed JSON: {e}")))?;
    integral_floats(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let what = crate::wording::rejection(&e.into_inner().to_string());
        if path.is_empty() || path == "." {
            RestError::BadJson(what)
        } else {
            RestError::BadJson(format!("{path}: {what}"))
        }
    })
}

/// Turn every float with a zero fraction that fits an `i64` into that integer.
fn integral_floats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                *v = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_floats),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral_floats),
        _ => {}
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = RestError;
    type Future = LocalBoxFuture<'static, Result<Self, RestError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<web::Data<RestState>>().map_or(64 * 1024, |s| s.max_body_bytes);
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let json = is_json(req);
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
            .to_string();
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > limit) {
                return Err(RestError::TooLarge(limit));
            }
            if !json {
                return Err(RestError::UnsupportedMediaType(content_type));
            }
            let body = read_limited(&mut payload, limit).await?;
            decode(&body).map(JsonBody)
        })
    }
}
