//! Retention (issue #18): dead sessions go after their grace period, audit events after their
//! retention, in batches, on SQLite and PostgreSQL; live sessions and newer events stay.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use diesel::{Connection, RunQueryDsl};
use gatehouse_server::config::Settings;
use gatehouse_server::retention;
use gatehouse_store::testing::TestDb;
use reqwest::Method;

use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `SELECT count(*) FROM {from}` on either backend.
pub fn count(url: &str, from: &str) -> i64 {
    let sql = format!("SELECT count(*) AS n FROM {from}");
    let rows: Vec<Count> = match url.strip_prefix("sqlite://") {
        Some(path) => diesel::sql_query(sql).load(&mut diesel::SqliteConnection::establish(path).unwrap()),
        None => diesel::sql_query(sql).load(&mut diesel::PgConnection::establish(url).unwrap()),
    }
    .unwrap();
    rows[0].n
}

fn settings() -> Settings {
    Settings {
        session_purge_grace_secs: Some(3600),
        audit_retention_days: Some("30".into()),
        // Only the run at start, before the test makes anything; the test runs the others.
        purge_interval_secs: Some(1_000_000_000),
        purge_batch: Some(2),
        // Long enough that the one live session and its token outlast the test's clock moves.
        session_idle_secs: Some(43200),
        token_ttl_secs: Some(43200),
        ..Settings::default()
    }
}

async fn start(db: TestDb, extra: Settings) -> (TestApp, gatehouse_server::config::Retention) {
    let retention = extra.clone().validate().unwrap().retention;
    (TestApp::start(db, extra).await, retention)
}

async fn purge_keeps_the_living_and_removes_the_dead_after_their_grace(db: TestDb) {
    let (app, plan) = start(db, settings()).await;
    let store = Arc::new(gatehouse_store::connect(&app.db_url, 2).unwrap());
    let live = app.root_token().await;
    let mut ended = Vec::new();
    for _ in 0..5 {
        ended.push(app.root_token().await);
    }
    for token in &ended {
        app.call(Method::POST, "/v2/auth/logout", Some(token), None).await.assert_ok();
    }
    assert_eq!(count(&app.db_url, "sessions"), 6);

    // Revoked, but within the grace period: kept.
    app.clock.advance(Span::minutes(30));
    let purged = retention::run_once(store.clone(), &app.clock, &plan).await.unwrap();
    assert_eq!((purged.sessions, purged.audit_events), (0, 0));
    assert_eq!(count(&app.db_url, "sessions"), 6);

    // Past it: the five revoked sessions go, in batches of two; the live one stays and works.
    app.clock.advance(Span::minutes(31));
    let purged = retention::run_once(store.clone(), &app.clock, &plan).await.unwrap();
    assert_eq!(purged.sessions, 5);
    assert_eq!(count(&app.db_url, "sessions"), 1);
    app.call(Method::POST, "/v2/auth/session", Some(&live), None).await.assert_ok();

    // Expired (12 h absolute lifetime) but within the grace: kept; past it: gone.
    app.clock.advance(Span::hours(11));
    retention::run_once(store.clone(), &app.clock, &plan).await.unwrap();
    assert_eq!(count(&app.db_url, "sessions"), 1);
    app.clock.advance(Span::hours(1));
    let purged = retention::run_once(store.clone(), &app.clock, &plan).await.unwrap();
    assert_eq!(purged.sessions, 1);
    assert_eq!(count(&app.db_url, "sessions"), 0);

    // Audit events: everything so far is younger than 30 days; then one newer event, then
    // the clock passes the first ones' retention.
    assert_eq!(purged.audit_events, 0);
    let before = count(&app.db_url, "audit_events");
    assert!(before >= 12, "{before}");
    app.clock.advance(Span::days(29));
    app.login(ROOT_LOGIN, ROOT_PASSWORD).await;
    app.clock.advance(Span::days(2));
    let purged = retention::run_once(store.clone(), &app.clock, &plan).await.unwrap();
    assert_eq!(purged.audit_events as i64, before);
    assert_eq!(count(&app.db_url, "audit_events"), 1);

    let metrics = app.call(Method::GET, "/metrics", None, None).await.text;
    assert!(metrics.contains(r#"gatehouse_purged_rows_total{table="sessions"}"#), "{metrics}");
    assert!(metrics.contains(r#"gatehouse_purge_runs_total{outcome="ok"}"#), "{metrics}");
}
mod purge_keeps_the_living_and_removes_the_dead {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        purge_keeps_the_living_and_removes_the_dead_after_their_grace(TestDb::sqlite()).await;
    }

    #[actix_web::test]
    #[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
    async fn postgres() {
        if let Some(db) = TestDb::postgres() {
            purge_keeps_the_living_and_removes_the_dead_after_their_grace(db).await;
        }
    }
}

mod purge_keeps_audit_events_by_default {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        let extra = Settings { audit_retention_days: None, ..settings() };
        let (app, plan) = start(TestDb::sqlite(), extra).await;
        assert_eq!(plan.audit, None);
        let store = Arc::new(gatehouse_store::connect(&app.db_url, 2).unwrap());
        app.root_token().await;
        let events = count(&app.db_url, "audit_events");
        app.clock.advance(Span::days(3650));
        let purged = retention::run_once(store, &app.clock, &plan).await.unwrap();
        assert_eq!(purged.audit_events, 0);
        assert_eq!(count(&app.db_url, "audit_events"), events);
    }
}

#[actix_web::test]
async fn the_background_purge_runs_on_its_interval() {
    let extra = Settings { purge_interval_secs: Some(1), session_purge_grace_secs: Some(0), ..settings() };
    let (app, _) = start(TestDb::sqlite(), extra).await;
    let token = app.root_token().await;
    app.call(Method::POST, "/v2/auth/logout", Some(&token), None).await.assert_ok();
    app.clock.advance(Span::seconds(1));
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(&app.db_url, "sessions") > 0 {
        assert!(Instant::now() < deadline, "the revoked session was never purged");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}
