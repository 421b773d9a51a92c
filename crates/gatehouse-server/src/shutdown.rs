//! Stopping (issue #18): SIGINT is as graceful as SIGTERM (in-flight requests finish, for up
//! to the shutdown timeout), then SQLite is checkpointed so the main file alone is complete.

use actix_web::dev::ServerHandle;
use anyhow::Context;

/// Stop `handle` gracefully on the first SIGTERM or SIGINT, on the current runtime.
pub fn on_signals(handle: ServerHandle) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).context("listening for SIGTERM")?;
    let mut int = signal(SignalKind::interrupt()).context("listening for SIGINT")?;
    actix_web::rt::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!(signal = name, "stopping: finishing in-flight requests");
        handle.stop(true).await;
    });
    Ok(())
}
