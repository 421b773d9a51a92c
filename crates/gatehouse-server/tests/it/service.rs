//! Health, readiness, metrics, audit of logins, and the binary itself with zero configuration.

use std::io::Write;
use std::process::Stdio;

use gatehouse_core::audit::{Action, AuditFilter};
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::process::{gatehouse, gatehouse_with_root, login, serve};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

async fn health_readiness_and_metrics_answer(app: TestApp) {
    let health = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!((health.status.as_u16(), health.body.clone()), (200, json!({"status": "ok"})));
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!((ready.status.as_u16(), ready.body.clone()), (200, json!({"status": "ready"})));
    app.root_token().await;
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status.as_u16(), 200);
    assert!(metrics.text.contains("gatehouse_requests_total"), "{}", metrics.text);
    assert!(metrics.text.contains(r#"operation="POST /v2/auth/login""#), "{}", metrics.text);
    assert!(metrics.text.contains("gatehouse_request_duration_seconds_bucket"), "{}", metrics.text);
    assert!(metrics.text.contains("gatehouse_active_sessions"), "{}", metrics.text);
}
both!(health_readiness_and_metrics_answer);

#[actix_web::test]
async fn zero_configuration_serves_on_sqlite_and_leaves_a_one_time_admin_password_in_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_serving, base, lines) = serve(gatehouse(), dir.path()).await;
    assert!(dir.path().join("gatehouse.db").exists(), "creates gatehouse.db in the working directory");
    // Standard output is not a terminal here, so the password is in the file (issue #18).
    let text = std::fs::read_to_string(dir.path().join(gatehouse_server::bootstrap::PASSWORD_FILE)).unwrap();
    assert!(text.contains("Primary owner created"), "{text}");
    let password = text.split('`').nth(3).unwrap().to_string();
    let client = reqwest::Client::new();
    let answer = login(&client, &base, "admin", &password).await;
    assert_eq!(answer["success"], json!(true), "{answer}");
    assert_eq!(answer["data"]["passwordChangeRequired"], json!(true), "{answer}");
    assert!(lines.iter().all(|l| !l.contains(&password)), "the password reached the log stream: {lines:#?}");
}

#[actix_web::test]
async fn bootstrap_variables_give_a_working_root_login_and_cli_users_can_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("gh.db").display());
    let status = gatehouse().arg("migrate").env("GATEHOUSE_DATABASE_URL", &db).status().unwrap();
    assert!(status.success());
    let mut create = gatehouse()
        .args([
            "users",
            "create",
            "--login",
            "cliuser",
            "--email",
            "cli@example.com",
            "--level",
            "NetworkAdmin",
        ])
        .env("GATEHOUSE_DATABASE_URL", &db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    create.stdin.take().unwrap().write_all(b"Cli#user1\n").unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(out.status.success());
    let id: i64 = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();
    assert!(id > 0);

    let cmd = gatehouse_with_root(Some(&db));
    // The CLI user made the database non-empty, so bootstrap must not run: start on a fresh one too.
    let (_a, base, _) = serve(cmd, dir.path()).await;
    let client = reqwest::Client::new();
    let cli_login = login(&client, &base, "cliuser", "Cli#user1").await;
    assert_eq!(cli_login["success"], json!(true), "{cli_login}");

    let fresh = tempfile::tempdir().unwrap();
    let cmd = gatehouse_with_root(None);
    let (_b, base, lines) = serve(cmd, fresh.path()).await;
    assert!(lines.iter().all(|l| !l.contains(ROOT_PASSWORD)), "the password never reaches the log");
    let token = login(&client, &base, ROOT_LOGIN, ROOT_PASSWORD).await;
    let token = token["data"]["token"].as_str().unwrap().to_string();
    let session: serde_json::Value = client
        .post(format!("{base}/v2/auth/session"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(session["data"]["authLevel"], json!("Root"), "{session}");
}

async fn every_login_attempt_is_audited_without_secrets(app: TestApp) {
    app.login_resp("ghost", "Ghost#pw1").await;
    app.login_resp(ROOT_LOGIN, "Wrong#pw1").await;
    app.root_token().await;
    let events = app.audit(Action::Login).await;
    let outcomes: Vec<_> =
        events.iter().map(|e| (e.event.actor.map(|a| a.0), e.event.outcome.as_str().to_string())).collect();
    assert_eq!(
        outcomes,
        vec![
            (Some(1), "ok".to_string()), // the login `audit()` itself makes
            (Some(1), "ok".to_string()),
            (Some(1), "InvalidCredentials".to_string()),
            (None, "InvalidCredentials".to_string()),
        ]
    );
    assert!(events
        .iter()
        .all(|e| e.event.front_end.as_str() == "rest" && e.event.ip.as_deref() == Some("127.0.0.1")));
}
both!(every_login_attempt_is_audited_without_secrets);

impl TestApp {
    /// Audit events of one action, newest first, read straight from the store.
    pub async fn audit(&self, action: Action) -> Vec<gatehouse_core::audit::AuditEvent> {
        let filter = AuditFilter { action: Some(action), limit: 100, ..AuditFilter::default() };
        let root = self.caller(&self.root_token().await).await;
        self.core.audit_trail(&root, filter).await.unwrap()
    }
}

async fn a_login_upgrades_a_hash_made_with_other_parameters(app: TestApp) {
    use gatehouse_core::hasher::HashParams;
    use gatehouse_core::secret::Password;
    use gatehouse_core::service::LoginRequest;
    use gatehouse_core::session::{ClientKind, SecretStyle};
    use gatehouse_core::store::StoreExt;
    use gatehouse_core::user::{AuthLevel, UserId};

    let id = UserId(app.create_user("rehash", "Rehash#pw1", AuthLevel::MailboxUser).await);
    let store = std::sync::Arc::new(gatehouse_store::connect(&app.db_url, 2).unwrap());
    let read_hash = |store: std::sync::Arc<gatehouse_store::DbStore>| async move {
        tokio_blocking(move || store.read(|tx| tx.password_hash(id)).unwrap().unwrap()).await
    };
    assert!(read_hash(store.clone()).await.contains("m=8,t=1,p=1"));
    let stronger = gatehouse_core::CoreConfig {
        hash: HashParams { memory_kib: 16, iterations: 2, parallelism: 1 },
        ..app.core.config().clone()
    };
    let clock = std::sync::Arc::new(app.clock.clone());
    let upgraded = gatehouse_core::Core::new(store.clone(), clock, stronger).unwrap();
    let req = LoginRequest {
        login: "rehash".into(),
        password: Password::new("Rehash#pw1"),
        kind: ClientKind::Web,
        secret: SecretStyle::None,
        instance: None,
    };
    upgraded.login(req, &gatehouse_core::RequestContext::cli()).await.unwrap();
    let after = read_hash(store).await;
    assert!(after.contains("m=16,t=2,p=1"), "{after}");
    // The old parameters still verify the new hash: the user logs in through the server as before.
    app.login("rehash", "Rehash#pw1").await;
}
both!(a_login_upgrades_a_hash_made_with_other_parameters);

async fn tokio_blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    actix_web::rt::task::spawn_blocking(f).await.unwrap()
}

#[actix_web::test]
async fn sigterm_lets_an_in_flight_login_finish_then_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = gatehouse();
    // Default argon2 cost, so a login is still hashing when the signal arrives.
    cmd.env("GATEHOUSE_ARGON2_MEMORY_KIB", "19456")
        .env("GATEHOUSE_ARGON2_ITERATIONS", "2")
        .env("GATEHOUSE_BOOTSTRAP_LOGIN", ROOT_LOGIN)
        .env("GATEHOUSE_BOOTSTRAP_PASSWORD", ROOT_PASSWORD);
    let (mut serving, base, _) = serve(cmd, dir.path()).await;
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{base}/v2/auth/login"))
        .json(&json!({"login": ROOT_LOGIN, "password": ROOT_PASSWORD}));
    let in_flight = actix_web::rt::spawn(async move { login.send().await.map(|r| r.status().as_u16()) });
    actix_web::rt::time::sleep(std::time::Duration::from_millis(30)).await;
    let pid = serving.0.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert_eq!(in_flight.await.unwrap().unwrap(), 200, "the in-flight login completes");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = serving.0.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not stop after SIGTERM");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit status {status}");
    assert!(client.get(format!("{base}/healthz")).send().await.is_err(), "no longer listening");
}
