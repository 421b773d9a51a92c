//! `/healthz` (process up), `/readyz` (database reachable) and `/metrics` (SPEC §7).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;

use crate::app::json;
use gatehouse_rest::RestState;

/// Mount the service routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics));
}

async fn healthz() -> HttpResponse {
    json(StatusCode::OK, json!({"status": "ok"}))
}

async fn readyz(state: web::Data<RestState>) -> HttpResponse {
    match state.core.ready().await {
        Ok(()) => json(StatusCode::OK, json!({"status": "ready"})),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            json(StatusCode::SERVICE_UNAVAILABLE, json!({"status": "database unreachable"}))
        }
    }
}

async fn metrics(
    state: web::Data<RestState>,
    handle: web::Data<Option<&'static PrometheusHandle>>,
) -> HttpResponse {
    if let Ok(n) = state.core.live_session_count().await {
        metrics::gauge!("gatehouse_active_sessions").set(n as f64);
    }
    match handle.get_ref() {
        Some(h) => HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(h.render()),
        None => json(StatusCode::SERVICE_UNAVAILABLE, json!({"status": "metrics recorder unavailable"})),
    }
}
