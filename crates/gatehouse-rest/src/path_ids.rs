//! Integral numbers in `/v2` paths: JSON Schema counts `3.0` as the integer 3, so generated
//! clients may send `/v2/users/3.0/sessions`; such a segment is read as `3`, as integral floats
//! in JSON bodies are. Anything else in an `{id}` segment is still refused by name.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::middleware::Next;
use actix_web::Error;

/// The path with each `<digits>.<zeros>` segment of a `/v2/` path written as `<digits>`;
/// `None` when nothing changes.
pub fn integral_segments(path: &str) -> Option<String> {
    if !path.starts_with("/v2/") {
        return None;
    }
    let mut changed = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| match s.split_once('.') {
            Some((int, zeros))
                if !int.is_empty()
                    && int.bytes().all(|b| b.is_ascii_digit())
                    && !zeros.is_empty()
                    && zeros.bytes().all(|b| b == b'0') =>
            {
                changed = true;
                int
            }
            _ => s,
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// Middleware: rewrite integral-float segments before routing (see [`integral_segments`]).
pub async fn integral_path_ids(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if let Some(path) = integral_segments(req.path()) {
        let rewritten = match req.query_string() {
            "" => path,
            query => format!("{path}?{query}"),
        };
        if let Ok(uri) = rewritten.parse::<Uri>() {
            req.match_info_mut().get_mut().update(&uri);
            req.head_mut().uri = uri;
        }
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::integral_segments;

    #[test]
    fn only_integral_floats_in_v2_paths_change() {
        let cases = [
            ("/v2/users/3.0/sessions", Some("/v2/users/3/sessions")),
            ("/v2/users/42.000", Some("/v2/users/42")),
            ("/v2/users/3/sessions", None),
            ("/v2/users/3.5", None),
            ("/v2/users/.0", None),
            ("/v2/users/3.0e1", None),
            ("/v2/users/3/sessions/1.0", Some("/v2/users/3/sessions/1")),
            ("/api/users.info", None),
            ("/v4.1/prod/ECGridOS.asmx", None),
        ];
        for (path, want) in cases {
            assert_eq!(integral_segments(path).as_deref(), want, "{path}");
        }
    }
}
