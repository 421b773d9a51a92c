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
    /// The version the media type requires of the envelope (`text/xml`: 1.1,
    /// `application/soap+xml`: 1.2); `None` when it names none (`application/xml`, no type).
    pub declared: Option<SoapVersion>,
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
    let (version, declared) = match essence.as_str() {
        "application/soap+xml" => (SoapVersion::V12, Some(SoapVersion::V12)),
        "text/xml" => (SoapVersion::V11, Some(SoapVersion::V11)),
        "application/xml" | "" => (SoapVersion::V11, None),
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
    let (header_action, param_action) =
        (header_action.filter(|a| !a.is_empty()), param_action.filter(|a| !a.is_empty()));
    if let (Some(header), Some(param)) = (header_action, param_action) {
        if header != param {
            return Err((
                version,
                SoapError::bad(format!(
                    "the Content-Type action `{}` contradicts the SOAPAction header `{}`",
                    param.chars().take(200).collect::<String>(),
                    header.chars().take(200).collect::<String>()
                )),
            ));
        }
    }
    let action = param_action.or(header_action).map(str::to_string);
    Ok(Transport { version, declared, action })
}

/// The operation a SOAPAction names: the text after the last `/` or `#`.
fn action_operation(action: &str) -> &str {
    action.rsplit(['/', '#']).next().unwrap_or(action)
}

/// Refuse a SOAPAction in another namespace than the service's, or naming another operation
/// than `operation`; the bare operation name, without a namespace, is accepted (SPEC §5.1).
pub fn check_action(action: &str, namespace: &str, operation: &str) -> SoapResult<()> {
    let named = action_operation(action);
    let prefix = &action[..action.len() - named.len()];
    let same_namespace =
        prefix.is_empty() || prefix.trim_end_matches(['/', '#']) == namespace.trim_end_matches(['/', '#']);
    if !same_namespace {
        return Err(SoapError::bad(format!(
            "SOAPAction `{}` is not in this service's namespace {namespace}",
            action.chars().take(200).collect::<String>()
        )));
    }
    if named != operation {
        return Err(SoapError::ActionMismatch {
            action: action.chars().take(200).collect(),
            operation: operation.into(),
        });
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_soapaction_must_name_this_services_namespace_and_the_body_operation() {
        let ns = "https://os.ecgrid.io/";
        for ok in ["https://os.ecgrid.io/Login", "https://os.ecgrid.io#Login", "Login"] {
            assert!(check_action(ok, ns, "Login").is_ok(), "{ok}");
        }
        for foreign in
            ["http://archer-tech.com/webservices/Login", "urn:x#Login", "https://os.ecgrid.io/v2/Login"]
        {
            let e = check_action(foreign, ns, "Login").unwrap_err().to_string();
            assert!(e.contains("is not in this service's namespace"), "{foreign}: {e}");
        }
        assert!(matches!(
            check_action("https://os.ecgrid.io/Logout", ns, "Login"),
            Err(SoapError::ActionMismatch { .. })
        ));
    }
}
