//! Deploying and operating (issue #18): bootstrap after bind and where a generated password
//! goes, `*_FILE` secrets, break-glass commands, graceful SIGINT, the SQLite checkpoint on stop,
//! `gatehouse backup`, and the database files' modes.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl};
use gatehouse_core::audit::{Action, AuditFilter, FrontEnd};
use gatehouse_core::user::AuthLevel;
use gatehouse_server::bootstrap::PASSWORD_FILE;
use gatehouse_store::testing::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{gatehouse, gatehouse_with_root, login, serve, Serving};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `SELECT count(*)` over `from` (a table and optional WHERE) on a SQLite file.
fn sqlite_count(path: &std::path::Path, from: &str) -> i64 {
    let mut conn = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
    let rows: Vec<Count> =
        diesel::sql_query(format!("SELECT count(*) AS n FROM {from}")).load(&mut conn).unwrap();
    rows[0].n
}

fn signal(serving: &Serving, name: &str) {
    let status =
        std::process::Command::new("kill").arg(format!("-{name}")).arg(serving.0.id().to_string()).status();
    assert!(status.unwrap().success());
}

async fn wait_exit(serving: &mut Serving) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = serving.0.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn a_start_that_cannot_bind_creates_no_owner_and_the_next_start_writes_the_password_to_a_private_file()
{
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gatehouse.db");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let failed = gatehouse()
        .current_dir(dir.path())
        .env("GATEHOUSE_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("GATEHOUSE_LISTEN", busy.local_addr().unwrap().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "{stderr}");
    assert!(stderr.contains("GATEHOUSE_LISTEN: cannot bind"), "{stderr}");
    assert_eq!(sqlite_count(&db, "users"), 0, "the failed start created the owner");
    assert!(!dir.path().join(PASSWORD_FILE).exists());
    drop(busy);

    // Standard output is not a terminal here: the password goes to a 0600 file, not to stderr.
    let mut cmd = gatehouse();
    cmd.env("GATEHOUSE_DATABASE_URL", format!("sqlite://{}", db.display()));
    let (serving, base, mut lines) = serve(cmd, dir.path()).await;
    let file = dir.path().join(PASSWORD_FILE);
    assert_eq!(mode(&file), 0o600);
    let text = std::fs::read_to_string(&file).unwrap();
    let password = text.split('`').nth(3).expect("the file names the password").to_string();
    assert!(password.len() >= 20, "{text}");
    let answer = login(&reqwest::Client::new(), &base, "admin", &password).await;
    assert_eq!(answer["success"], json!(true), "{answer}");
    lines.extend(serving.1.try_iter());
    let all = lines.join("\n");
    assert!(!all.contains(&password), "the generated password reached the log stream: {all}");
    assert!(all.contains(PASSWORD_FILE), "the log names the file: {all}");
    drop(serving);

    // A restart before the operator read the file leaves it alone.
    let mut cmd = gatehouse();
    cmd.env("GATEHOUSE_DATABASE_URL", format!("sqlite://{}", db.display()));
    let (_again, _, _) = serve(cmd, dir.path()).await;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[actix_web::test]
async fn bootstrap_settings_on_a_database_with_an_owner_are_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gatehouse.db").display());
    let (first, _, _) = serve(gatehouse_with_root(Some(&url)), dir.path()).await;
    drop(first);
    let mut again = gatehouse_with_root(Some(&url));
    again.env("GATEHOUSE_BOOTSTRAP_LOGIN", "someone-else");
    let (_second, _, lines) = serve(again, dir.path()).await;
    let all = lines.join("\n");
    assert!(all.contains("GATEHOUSE_BOOTSTRAP_LOGIN and GATEHOUSE_BOOTSTRAP_PASSWORD were ignored"), "{all}");
}

#[actix_web::test]
async fn secrets_can_come_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, value: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{value}\n")).unwrap();
        path
    };
    let url = write("url", &format!("sqlite://{}", dir.path().join("gatehouse.db").display()));
    let jwt = write("jwt", &"j".repeat(40));
    let pw = write("pw", "From#file1");
    let mut cmd = gatehouse();
    cmd.env("GATEHOUSE_DATABASE_URL_FILE", &url)
        .env("GATEHOUSE_JWT_SECRET_FILE", &jwt)
        .env("GATEHOUSE_BOOTSTRAP_LOGIN", "filed")
        .env("GATEHOUSE_BOOTSTRAP_PASSWORD_FILE", &pw);
    let (_serving, base, _) = serve(cmd, dir.path()).await;
    let answer = login(&reqwest::Client::new(), &base, "filed", "From#file1").await;
    assert_eq!(answer["success"], json!(true), "{answer}");
    // The token is signed with the secret from the file.
    let token = answer["data"]["token"].as_str().unwrap();
    let key = jsonwebtoken::DecodingKey::from_secret("j".repeat(40).as_bytes());
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, &key, &validation).expect("signed with the file's secret");
}

/// Run `gatehouse <args>` on `url` with `stdin`; (success, stdout + stderr).
fn operator(url: &str, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = gatehouse()
        .env("GATEHOUSE_DATABASE_URL", url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

async fn break_glass_commands_work_on_the_database_and_are_audited(app: TestApp) {
    let victim = app.create_user("victim", "Victim#pw1", AuthLevel::MailboxUser).await;
    for _ in 0..5 {
        app.login_resp("victim", "wrong-password").await;
    }
    app.login_resp("victim", "Victim#pw1").await.assert_error(403, "AccountLocked");

    let (ok, out) = operator(&app.db_url, &["users", "unlock", "--login", "victim"], "");
    assert!(ok, "{out}");
    let token = app.login("victim", "Victim#pw1").await;

    let (ok, out) = operator(&app.db_url, &["users", "reset-sessions", "--login", "victim"], "");
    assert!(ok, "{out}");
    app.call(Method::POST, "/v2/auth/session", Some(&token), None).await.assert_error(401, "InvalidSession");

    let (ok, out) = operator(&app.db_url, &["users", "set-password", "--login", "victim"], "Brand#new12\n");
    assert!(ok, "{out}");
    assert!(!out.contains("Brand#new12"), "{out}");
    app.login_resp("victim", "Victim#pw1").await.assert_error(401, "InvalidCredentials");
    app.login("victim", "Brand#new12").await;

    let (ok, out) = operator(&app.db_url, &["users", "set-password", "--login", "nobody"], "Brand#new12\n");
    assert!(!ok, "{out}");

    let root = app.caller(&app.root_token().await).await;
    let filter = AuditFilter { limit: 100, ..AuditFilter::default() };
    let mut cli: Vec<_> = app
        .core
        .audit_trail(&root, filter)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .filter(|e| e.front_end == FrontEnd::Cli && e.action != Action::UserCreate)
        .map(|e| (e.action, e.target.map(|t| t.0), e.outcome.as_str().to_string()))
        .collect();
    cli.reverse();
    let expected = vec![
        (Action::UserStatus, Some(victim), "ok".to_string()),
        (Action::SessionReset, Some(victim), "ok".to_string()),
        (Action::PasswordSet, Some(victim), "ok".to_string()),
        (Action::PasswordSet, None, "ObjectNotFound".to_string()),
    ];
    assert_eq!(cli, expected);
}
crate::both!(break_glass_commands_work_on_the_database_and_are_audited);

#[actix_web::test]
async fn sigint_lets_an_in_flight_request_finish() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gatehouse.db").display());
    let (mut serving, base, _) = serve(gatehouse_with_root(Some(&url)), dir.path()).await;
    let addr = base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // A first request on the connection, so a worker holds it.
    conn.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut first = [0u8; 4096];
    let n = conn.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    // The second is in flight: headers and half the body sent when SIGINT arrives.
    let body = format!(r#"{{"login":"{ROOT_LOGIN}","password":"{ROOT_PASSWORD}"}}"#);
    let (head, tail) = body.split_at(body.len() / 2);
    let request = format!(
        "POST /v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    );
    conn.write_all(request.as_bytes()).unwrap();
    signal(&serving, "INT");
    // Stopping has begun once the listener refuses new connections.
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_ok() {
        assert!(Instant::now() < deadline, "the server kept accepting after SIGINT");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    conn.write_all(tail.as_bytes()).unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""token":"#), "{answer}");
    assert!(wait_exit(&mut serving).await.success());
}

/// Users `w0..` updated in a loop by one sequential writer each; `acked[i]` is the last
/// acknowledged update of `w{i}`. Returns the user ids.
struct WriteLoad {
    ids: Vec<i64>,
    acked: Vec<Arc<AtomicU64>>,
    stop: Arc<AtomicBool>,
    writers: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl WriteLoad {
    async fn start(base: &str, writers: usize) -> WriteLoad {
        let http = reqwest::Client::new();
        let root = login(&http, base, ROOT_LOGIN, ROOT_PASSWORD).await["data"]["token"]
            .as_str()
            .unwrap()
            .to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let (mut ids, mut acked, mut handles) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..writers {
            let body = json!({"login": format!("w{i}"), "password": "Writer#pw1", "email": format!("w{i}@example.com")});
            let made: Value = http
                .post(format!("{base}/v2/users"))
                .bearer_auth(&root)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let id = made["data"]["userId"].as_i64().unwrap();
            let count = Arc::new(AtomicU64::new(0));
            let (http, base, root, stop, count2) =
                (http.clone(), base.to_string(), root.clone(), stop.clone(), count.clone());
            handles.push(actix_web::rt::spawn(async move {
                let mut sent = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    sent += 1;
                    let body = json!({"userId": id, "firstName": sent.to_string()});
                    let ok = http
                        .put(format!("{base}/v2/users"))
                        .bearer_auth(&root)
                        .json(&body)
                        .timeout(Duration::from_secs(10))
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false);
                    if !ok {
                        break;
                    }
                    count2.store(sent, Ordering::Relaxed);
                }
            }));
            ids.push(id);
            acked.push(count);
        }
        WriteLoad { ids, acked, stop, writers: handles }
    }

    /// Wait until every writer has `n` acknowledged updates.
    async fn until_each_acked(&self, n: u64) {
        while self.acked.iter().any(|a| a.load(Ordering::Relaxed) < n) {
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stop the writers; the last acknowledged update of each user.
    async fn finish(self) -> Vec<(i64, u64)> {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.writers {
            w.await.unwrap();
        }
        self.ids.into_iter().zip(self.acked.iter().map(|a| a.load(Ordering::Relaxed))).collect()
    }
}

#[derive(diesel::QueryableByName)]
struct FirstName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    first_name: String,
}

fn first_name(conn: &mut diesel::SqliteConnection, id: i64) -> u64 {
    let rows: Vec<FirstName> =
        diesel::sql_query(format!("SELECT first_name FROM users WHERE id = {id}")).load(conn).unwrap();
    rows.first().unwrap_or_else(|| panic!("user {id} is missing")).first_name.parse().unwrap()
}

fn integrity_ok(conn: &mut diesel::SqliteConnection) {
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(conn).unwrap();
    assert_eq!(rows.iter().map(|r| r.integrity_check.as_str()).collect::<Vec<_>>(), ["ok"]);
}

#[actix_web::test]
async fn after_a_stop_under_write_load_the_main_file_alone_holds_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gatehouse.db");
    let url = format!("sqlite://{}", db.display());
    // Rate limits on, as by default: a stop then left the pool's connections open at exit,
    // and without the checkpoint every recent commit only in the WAL.
    let mut cmd = gatehouse_with_root(Some(&url));
    cmd.env("GATEHOUSE_RATE_LIMIT", "on");
    let (mut serving, base, _) = serve(cmd, dir.path()).await;
    let load = WriteLoad::start(&base, 4).await;
    load.until_each_acked(25).await;
    // Files hold password hashes and the JWT secret: owner only, WAL and shared memory too.
    for suffix in ["", "-wal", "-shm"] {
        let path = dir.path().join(format!("gatehouse.db{suffix}"));
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
    signal(&serving, "TERM");
    let acked = load.finish().await;
    assert!(wait_exit(&mut serving).await.success());
    let wal = dir.path().join("gatehouse.db-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "committed pages were left in the WAL after the stop");
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = copy_dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let mut conn = diesel::SqliteConnection::establish(copy.to_str().unwrap()).unwrap();
    integrity_ok(&mut conn);
    for (id, acked) in acked {
        assert!(acked >= 25);
        let stored = first_name(&mut conn, id);
        assert!(stored >= acked, "user {id}: the main file has update {stored}, {acked} was acknowledged");
    }
}

#[actix_web::test]
async fn an_existing_database_file_readable_by_others_is_narrowed_to_0600() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gatehouse.db");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, out) = operator(&format!("sqlite://{}", db.display()), &["migrate"], "");
    assert!(ok, "{out}");
    assert_eq!(mode(&db), 0o600);
}

#[actix_web::test]
async fn backup_under_write_load_is_consistent_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gatehouse.db").display());
    let (_serving, base, _) = serve(gatehouse_with_root(Some(&url)), dir.path()).await;
    let load = WriteLoad::start(&base, 4).await;
    load.until_each_acked(5).await;
    let backup = dir.path().join("backup.db");
    let (ok, out) = operator(&url, &["backup", backup.to_str().unwrap()], "");
    let acked_before_end = load.finish().await;
    assert!(ok, "{out}");
    assert_eq!(mode(&backup), 0o600);
    let mut conn = diesel::SqliteConnection::establish(backup.to_str().unwrap()).unwrap();
    integrity_ok(&mut conn);
    // Every user made before the backup began is in it.
    for (id, _) in acked_before_end {
        first_name(&mut conn, id);
    }
    // A second backup to the same path is refused rather than overwriting it.
    let (ok, out) = operator(&url, &["backup", backup.to_str().unwrap()], "");
    assert!(!ok, "{out}");
}

#[actix_web::test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
async fn backup_of_postgres_points_to_pg_dump() {
    let Some(db) = TestDb::postgres() else { return };
    db.store();
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = operator(&db.url, &["backup", dir.path().join("b").to_str().unwrap()], "");
    assert!(!ok, "{out}");
    assert!(out.contains("pg_dump"), "{out}");
}
