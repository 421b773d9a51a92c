//! One access line per request, and the request metrics labelled the same way (SPEC §7):
//! request id, front end, operation and outcome in the front end's own terms (from the
//! [`Served`] answer a front end attaches), HTTP status, duration, client address (through the
//! configured trusted proxies) and the user the core saw authenticate.

use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage as _};
use gatehouse_core::access::{Arrival, Served};
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed (`GATEHOUSE_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The client of a request from `peer` carrying these `X-Forwarded-For` values: the peer
/// itself unless it is a trusted proxy; else the nearest address, right to left, that is not
/// a trusted proxy. A hop that is not an address ends the walk at the proxy that sent it.
pub fn client_address(
    peer: Option<IpAddr>,
    forwarded_for: &[&str],
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let mut client = peer?;
    if !trusted.trusts(client) {
        return Some(client);
    }
    let hops = forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.trusts(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    Some(client)
}

/// The front end a path belongs to, for answers no front end marked (service routes,
/// rejections before a front end ran).
pub fn front_end_of(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("/v2/") {
        "rest"
    } else if lower.starts_with("/api/") {
        "slack"
    } else if lower.starts_with("/archer/") {
        "archer"
    } else if lower.starts_with("/v4.1/") || lower.starts_with("/v3.2/") {
        "soap"
    } else {
        "service"
    }
}

/// Middleware: note the client on the request, run it, then write the access line and count it.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let trusted =
        req.app_data::<web::Data<TrustedProxies>>().map(|t| t.get_ref().clone()).unwrap_or_default();
    let forwarded: Vec<&str> =
        req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).collect();
    let client = client_address(req.peer_addr().map(|a| a.ip()), &forwarded, &trusted);
    let arrival = Arrival { client, ..Arrival::default() };
    req.extensions_mut().insert(arrival.clone());
    let request_id =
        req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string()).unwrap_or_default();
    let front_end = front_end_of(req.path());
    let route = match req.match_pattern() {
        Some(pattern) if matches!(front_end, "rest" | "service") => format!("{} {pattern}", req.method()),
        Some(_) => "unknown".to_string(),
        None => "unmatched".to_string(),
    };
    let result = next.call(req).await;
    let (status, served) = match &result {
        Ok(res) => (res.status(), res.response().extensions().get::<Served>().cloned().unwrap_or_default()),
        Err(e) => (e.as_response_error().status_code(), Served::default()),
    };
    let line = AccessLine {
        request_id,
        front_end: served.front_end.unwrap_or(front_end),
        operation: served.operation.unwrap_or(route),
        outcome: served.outcome.unwrap_or_else(|| by_status(status)),
        status: status.as_u16(),
        seconds: start.elapsed().as_secs_f64(),
        client,
        user_id: arrival.seen.user().map(|u| u.0),
    };
    line.write();
    crate::metrics::request(line.front_end, &line.operation, &line.outcome, line.seconds);
    result
}

/// `ok` for a success, else the status code (answers without their own terms).
fn by_status(status: StatusCode) -> String {
    if status.is_success() || status.is_redirection() {
        "ok".into()
    } else {
        status.as_u16().to_string()
    }
}

/// The fields of one access line.
struct AccessLine {
    request_id: String,
    front_end: &'static str,
    operation: String,
    outcome: String,
    status: u16,
    seconds: f64,
    client: Option<IpAddr>,
    user_id: Option<i64>,
}

impl AccessLine {
    fn write(&self) {
        let duration_ms = (self.seconds * 1_000_000.0).round() / 1000.0;
        let client = self.client.map(|c| c.to_string()).unwrap_or_default();
        tracing::info!(
            target: "gatehouse::access",
            request_id = %self.request_id,
            front_end = self.front_end,
            operation = %self.operation,
            outcome = %self.outcome,
            status = self.status,
            duration_ms,
            client = %client,
            user_id = self.user_id,
            "request"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_nearest_untrusted_hop() {
        let trusted = TrustedProxies(vec!["10.0.0.0/8".parse().unwrap(), "192.0.2.1/32".parse().unwrap()]);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // (peer, X-Forwarded-For values, expected client)
        let cases: Vec<(&str, Vec<&str>, &str)> = vec![
            ("203.0.113.9", vec!["198.51.100.1"], "203.0.113.9"), // an untrusted peer's header is ignored
            ("10.1.2.3", vec![], "10.1.2.3"),                     // a trusted peer without a header
            ("10.1.2.3", vec!["198.51.100.1"], "198.51.100.1"),
            ("10.1.2.3", vec!["198.51.100.7, 198.51.100.1, 192.0.2.1"], "198.51.100.1"),
            ("10.1.2.3", vec!["198.51.100.7", "198.51.100.1, 10.9.9.9"], "198.51.100.1"),
            ("10.1.2.3", vec!["10.2.2.2, 10.3.3.3"], "10.2.2.2"), // every hop trusted: the farthest
            ("10.1.2.3", vec!["garbage, 198.51.100.1"], "198.51.100.1"),
            ("10.1.2.3", vec!["198.51.100.1, garbage"], "10.1.2.3"), // a bad hop ends the walk
            ("2001:db8::1", vec!["198.51.100.1"], "2001:db8::1"),
        ];
        for (peer, xff, want) in cases {
            assert_eq!(client_address(Some(ip(peer)), &xff, &trusted), Some(ip(want)), "{peer} {xff:?}");
        }
        assert_eq!(client_address(None, &["198.51.100.1"], &trusted), None);
    }
}
