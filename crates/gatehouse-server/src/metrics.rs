//! Prometheus metrics (SPEC §7): requests by front end, operation and outcome, latency
//! histograms, and live sessions.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::Error;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// How often recorded latencies are folded into their histogram buckets.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The process-wide recorder, installed on first use (`None` if another recorder is installed).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().set_buckets(LATENCY_BUCKETS).ok()?.build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// Fold recorded latencies into their buckets every few seconds, on the current runtime. The
/// recorder keeps every sample until a scrape of `/metrics` or an upkeep drains it, so with
/// nobody scraping it grew by 16 bytes a request for good (issue #8, soak).
pub fn spawn_upkeep(handle: &'static PrometheusHandle) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(UPKEEP_EVERY);
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    });
}

/// The front end a path belongs to.
pub fn front_end_of(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("/v2/") {
        "rest"
    } else if lower.starts_with("/api/") {
        "slack"
    } else if lower.starts_with("/v4.1/") {
        "ecgridos"
    } else if lower.starts_with("/archer/") {
        "archer"
    } else {
        "service"
    }
}

/// Middleware recording a count and a latency per request.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let front_end = front_end_of(req.path());
    let operation = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    let res = next.call(req).await?;
    let outcome = res.status().as_u16().to_string();
    let labels = [("front_end", front_end.to_string()), ("operation", operation), ("outcome", outcome)];
    metrics::counter!("gatehouse_requests_total", &labels).increment(1);
    metrics::histogram!("gatehouse_request_duration_seconds", &labels[..2])
        .record(start.elapsed().as_secs_f64());
    Ok(res)
}
