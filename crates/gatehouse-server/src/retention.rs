//! The background purge (issue #18): expired and revoked sessions after a grace period, audit
//! events past their retention, in small batches, counted in `/metrics`.

use std::sync::Arc;

use gatehouse_core::clock::Clock;
use gatehouse_store::{DbStore, PurgePlan, Purged};

use crate::config::Retention;

/// One purge run as of the clock's now; counted as `gatehouse_purge_runs_total` and
/// `gatehouse_purged_rows_total{table}`.
pub async fn run_once(
    store: Arc<DbStore>,
    clock: &dyn Clock,
    retention: &Retention,
) -> anyhow::Result<Purged> {
    let now = clock.now();
    let plan = PurgePlan {
        sessions_before: now - retention.session_grace,
        audit_before: retention.audit.map(|keep| now - keep),
        batch: retention.batch,
    };
    let purged = tokio::task::spawn_blocking(move || store.purge(&plan)).await;
    let outcome = match &purged {
        Ok(Ok(_)) => "ok",
        _ => "error",
    };
    metrics::counter!("gatehouse_purge_runs_total", "outcome" => outcome).increment(1);
    let purged = purged??;
    metrics::counter!("gatehouse_purged_rows_total", "table" => "sessions").increment(purged.sessions);
    metrics::counter!("gatehouse_purged_rows_total", "table" => "audit_events")
        .increment(purged.audit_events);
    Ok(purged)
}

/// Purge every `retention.interval`, starting now, on the current runtime.
pub fn spawn(store: Arc<DbStore>, clock: Arc<dyn Clock>, retention: Retention) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(retention.interval);
        loop {
            every.tick().await;
            match run_once(store.clone(), clock.as_ref(), &retention).await {
                Ok(p) if p.sessions + p.audit_events > 0 => {
                    tracing::info!(sessions = p.sessions, audit_events = p.audit_events, "purged")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "purge failed; retrying next interval"),
            }
        }
    });
}
