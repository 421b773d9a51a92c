//! Wiring: store, core, front ends and service routes into one HTTP server. `main` and the
//! tests boot through the same [`build`].

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::dev::{Server, ServerHandle};
use actix_web::http::header::STRICT_TRANSPORT_SECURITY;
use actix_web::middleware::{from_fn, Condition, DefaultHeaders};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use gatehouse_core::clock::{Clock, SystemClock};
use gatehouse_core::Core;
use gatehouse_rest::jwt::JwtKeys;
use gatehouse_rest::RestState;
use gatehouse_store::DbStore;
use tracing_actix_web::TracingLogger;

use crate::config::Config;
use crate::deadline::{self, BodyDeadline};
use crate::logging::RequestSpan;
use crate::{access, bootstrap, health, metrics, retention, tls};

/// Name of the stored JWT secret setting.
const JWT_SECRET_SETTING: &str = "jwt_secret";

/// A built, bound, not yet awaited server.
pub struct Running {
    /// The server future; await it to serve until shutdown.
    pub server: Server,
    /// A handle to stop it.
    pub handle: ServerHandle,
    /// The address actually bound (useful with port 0).
    pub addr: SocketAddr,
    /// The core it serves.
    pub core: Core,
    /// The store under the core (checkpoint on stop, purges).
    pub store: Arc<DbStore>,
}

/// Open and migrate the database named by the configuration.
pub fn open_store(config: &Config) -> anyhow::Result<Arc<DbStore>> {
    let store = gatehouse_store::connect(&config.database_url.0, config.db_pool_size)
        .context("GATEHOUSE_DATABASE_URL: cannot open the database")?;
    store.migrate().context("running database migrations")?;
    Ok(Arc::new(store))
}

/// The core over an open store.
pub fn core(config: &Config, store: Arc<DbStore>, clock: Arc<dyn Clock>) -> anyhow::Result<Core> {
    Core::new(store, clock, config.core.clone()).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Build the server with the system clock.
pub async fn build(config: Config) -> anyhow::Result<Running> {
    build_with_clock(config, Arc::new(SystemClock)).await
}

/// Build the server: migrate, load the JWT secret, bind, then bootstrap (a start that cannot
/// bind creates no owner) and start the background purge. Signals are the caller's:
/// [`crate::shutdown::on_signals`].
pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Running> {
    let store = open_store(&config)?;
    let core = core(&config, store.clone(), clock.clone())?;
    let secret = match &config.jwt_secret {
        Some(s) => s.0.clone(),
        None => core
            .shared_secret(JWT_SECRET_SETTING)
            .await
            .map_err(|e| anyhow::anyhow!("loading the JWT secret: {e}"))?,
    };
    let tls = match &config.tls {
        Some(files) => Some(Arc::new(tls::Reloadable::load(files.clone())?)),
        None => None,
    };
    let state = RestState {
        core: core.clone(),
        jwt: JwtKeys::hs256(secret.as_bytes()),
        max_body_bytes: config.max_body_bytes,
        public_url: config.public_url.clone(),
    };
    let soap = web::Data::new(gatehouse_soap::SoapState {
        core: core.clone(),
        public_url: config.public_url.clone(),
        max_body_bytes: config.max_body_bytes,
        contract: config.ecgridos_contract,
    });
    let metrics_handle = metrics::handle();
    let trusted = web::Data::new(config.trusted_proxies.clone());
    let max_body = config.max_body_bytes;
    let body_timeout = config.body_timeout;
    let hsts = tls.is_some();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(web::PayloadConfig::new(max_body))
            .app_data(
                web::PathConfig::default().error_handler(|_, req| gatehouse_rest::error::path_rejected(req)),
            )
            .app_data(
                web::QueryConfig::default().error_handler(|e, _| gatehouse_rest::error::query_rejected(&e)),
            )
            .app_data(web::Data::new(metrics_handle))
            .app_data(trusted.clone())
            .app_data(soap.clone())
            .app_data(BodyDeadline(body_timeout))
            .wrap(from_fn(gatehouse_rest::path_ids::integral_path_ids))
            .wrap(from_fn(deadline::body_deadline))
            .wrap(from_fn(access::record))
            .wrap(Condition::new(hsts, DefaultHeaders::new().add((STRICT_TRANSPORT_SECURITY, tls::HSTS))))
            .wrap(TracingLogger::<RequestSpan>::new())
            .configure(health::configure)
            // REST before SOAP: actix tries resources in order, and the SOAP paths are
            // case-insensitive patterns (a regex each) that every REST request would try first.
            .configure(gatehouse_rest::configure)
            .configure(gatehouse_soap::configure)
            .default_service(web::to(gatehouse_rest::default_service))
    })
    .disable_signals()
    .shutdown_timeout(30);
    let server = match &tls {
        Some(resolver) => server.bind_rustls_0_23(config.listen, tls::server_config(resolver.clone())?),
        None => server.bind(config.listen),
    }
    .with_context(|| format!("GATEHOUSE_LISTEN: cannot bind {}", config.listen))?;
    let addr = server.addrs().first().copied().context("the server bound no address")?;
    // Bound: from here on a start can serve, so the one-time owner password is worth making.
    bootstrap::run(&config, &core).await?;
    if let Some(resolver) = tls {
        tls::reload_on_sighup(resolver)?;
    }
    if let Some(limits) = core.limits().cloned() {
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                limits.shrink();
            }
        });
    }
    if let Some(handle) = metrics_handle {
        metrics::spawn_upkeep(handle);
    }
    retention::spawn(store.clone(), clock, config.retention.clone());
    let server = server.run();
    let handle = server.handle();
    tracing::info!(%addr, tls = hsts, "gatehouse listening");
    Ok(Running { server, handle, addr, core, store })
}

/// `HttpResponse` with a JSON body.
pub(crate) fn json(status: actix_web::http::StatusCode, body: serde_json::Value) -> HttpResponse {
    HttpResponse::build(status).json(body)
}
