//! Prometheus metrics (SPEC §7): requests and their latency by front end, operation and
//! outcome, and what an operator alerts on: live sessions, logins by outcome, lockouts,
//! throttled requests, purge runs and database pool waits. Every series the dashboard and the
//! alert rules in `deploy/` name exists from the start (zero until something happens).

use std::sync::OnceLock;
use std::time::Duration;

use gatehouse_core::audit::Outcome;
use gatehouse_core::limits::Limited;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// How often recorded latencies are folded into their histogram buckets.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Every metric Gatehouse exports, with its help text.
pub const METRICS: &[(&str, &str)] = &[
    ("gatehouse_requests_total", "Requests by front end, operation and outcome (the front end's own terms)"),
    ("gatehouse_request_duration_seconds", "Request latency by front end and operation"),
    ("gatehouse_active_sessions", "Live sessions (read at each scrape)"),
    ("gatehouse_logins_total", "Login attempts by outcome (ok or the REST errorCode)"),
    ("gatehouse_lockouts_total", "Accounts locked after repeated failed logins"),
    ("gatehouse_throttled_total", "Requests refused by a rate limit, by limit"),
    ("gatehouse_purge_runs_total", "Background purge runs by outcome"),
    ("gatehouse_purged_rows_total", "Rows the background purge deleted, by table"),
    ("gatehouse_db_pool_wait_seconds", "Time requests waited for a database connection"),
    ("gatehouse_db_pool_timeouts_total", "Database connection checkouts that timed out"),
];

/// The process-wide recorder, installed on first use (`None` if another recorder is installed).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().set_buckets(LATENCY_BUCKETS).ok()?.build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            describe_and_zero();
            Some(handle)
        })
        .as_ref()
}

/// Help text for every metric, and a zero for the series an alert divides by or waits on.
fn describe_and_zero() {
    for &(name, help) in METRICS {
        match name {
            "gatehouse_request_duration_seconds" | "gatehouse_db_pool_wait_seconds" => {
                metrics::describe_histogram!(name, metrics::Unit::Seconds, help)
            }
            "gatehouse_active_sessions" => metrics::describe_gauge!(name, help),
            _ => metrics::describe_counter!(name, help),
        }
    }
    for outcome in Outcome::ALL.iter().filter(|o| o.is_audited()) {
        metrics::counter!("gatehouse_logins_total", "outcome" => outcome.as_str()).absolute(0);
    }
    for limit in Limited::ALL {
        metrics::counter!("gatehouse_throttled_total", "limit" => limit.as_str()).absolute(0);
    }
    for outcome in ["ok", "error"] {
        metrics::counter!("gatehouse_purge_runs_total", "outcome" => outcome).absolute(0);
    }
    for table in ["sessions", "audit_events"] {
        metrics::counter!("gatehouse_purged_rows_total", "table" => table).absolute(0);
    }
    metrics::counter!("gatehouse_lockouts_total").absolute(0);
    metrics::counter!("gatehouse_db_pool_timeouts_total").absolute(0);
    metrics::gauge!("gatehouse_active_sessions").set(0.0);
}

/// Count one request and record its latency.
pub fn request(front_end: &'static str, operation: &str, outcome: &str, seconds: f64) {
    let labels = [("front_end", front_end.to_string()), ("operation", operation.to_string())];
    let counted = [labels[0].clone(), labels[1].clone(), ("outcome", outcome.to_string())];
    metrics::counter!("gatehouse_requests_total", &counted).increment(1);
    metrics::histogram!("gatehouse_request_duration_seconds", &labels).record(seconds);
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
