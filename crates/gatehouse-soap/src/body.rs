//! The HTTP side of a SOAP request (SPEC §5.1): which version the content type announces, the
//! SOAPAction, and a body read under the size limit (refused on `Content-Length` before reading,
//! and reading stops as soon as the limit is passed).

use actix_web::http::header;
use actix_web::web::{Bytes, Payload};
use actix_web::HttpRequest;

use crate::envelope::text::is_utf8_label;
use crate::fault::{SoapError, SoapResult};
use crate::version::SoapVersion;

/// What the HTTP headers say about a SOAP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transport {
    /// The version the content type announces (the fault version until the envelope is read).
    pub version: SoapVersion,
    /// The SOAPAction (1.1 header, or 1.2 `action` parameter), unquoted; `None` when absent or empty.
    pub action: Option<String>,
}

/// The media type (lower case, no parameters) and parameters of `Content-Type`.
pub fn content_type(req: &HttpRequest) -> (String, Vec<(String, String)>) {
    let raw = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut parts = raw.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), unquote(v).to_string()))
        .collect();
    (essence, params)
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s).trim()
}

/// Refuse a charset other than UTF-8 and any content encoding (no decompression bombs).
pub fn check_charset_and_encoding(req: &HttpRequest, params: &[(String, String)]) -> SoapResult<()> {
    if let Some((_, charset)) = params.iter().find(|(k, _)| k == "charset") {
        if !is_utf8_label(charset) {
            return Err(SoapError::bad(format!(
                "charset `{}` is not supported; send UTF-8",
                charset.chars().take(40).collect::<String>()
            )));
        }
    }
    let encoding =
        req.headers().get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("identity");
    if !encoding.trim().eq_ignore_ascii_case("identity") {
        return Err(SoapError::bad("compressed request bodies (Content-Encoding) are not accepted"));
    }
    Ok(())
}

/// Decide the version and action from the headers, or refuse (answering in SOAP 1.1 unless the
/// client said `application/soap+xml`).
pub fn soap_transport(req: &HttpRequest) -> Result<Transport, (SoapVersion, SoapError)> {
    let (essence, params) = content_type(req);
    let version = match essence.as_str() {
        "application/soap+xml" => SoapVersion::V12,
        "text/xml" | "application/xml" | "" => SoapVersion::V11,
        other => {
            let message = format!(
                "content type `{}` is not supported; send text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)",
                other.chars().take(60).collect::<String>()
            );
            return Err((SoapVersion::V11, SoapError::bad(message)));
        }
    };
    check_charset_and_encoding(req, &params).map_err(|e| (version, e))?;
    let header_action = req.headers().get("SOAPAction").and_then(|v| v.to_str().ok()).map(unquote);
    let param_action = params.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str());
    let action = param_action.or(header_action).filter(|a| !a.is_empty()).map(str::to_string);
    Ok(Transport { version, action })
}

/// The operation a SOAPAction names: the text after the last `/` or `#`.
pub fn action_operation(action: &str) -> &str {
    action.rsplit(['/', '#']).next().unwrap_or(action)
}

/// Read the body, at most `limit` bytes.
pub async fn read_limited(req: &HttpRequest, payload: Payload, limit: usize) -> SoapResult<Bytes> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(SoapError::TooLarge(limit));
    }
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(SoapError::bad(format!("the request body could not be read: {e}"))),
        Err(_) => Err(SoapError::TooLarge(limit)),
    }
}
