//! Database faults (issue #8): PostgreSQL becomes unreachable during use, then comes back.
//! While it is gone `/readyz` answers 503 and every front end answers its internal error; once
//! it is back the service recovers by itself, with nothing acknowledged lost.
//!
//! The outage is made by a TCP relay between the server and PostgreSQL that the test cuts and
//! restores, so other tests sharing the PostgreSQL server are not disturbed.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::Method;

use crate::soap_support::V;
use crate::support::TestApp;

/// Forwards connections to `target` while up; when cut, drops live ones and refuses new ones.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    live: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(target: &str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let live = Arc::new(Mutex::new(Vec::new()));
        let (up2, live2, target) = (up.clone(), live.clone(), target.to_string());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&target) else { continue };
                live2.lock().unwrap().extend([client.try_clone().unwrap(), server.try_clone().unwrap()]);
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        Relay { port, up, live }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for s in self.live.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 || to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Both);
    });
}

async fn wait_for(what: &str, limit: Duration, mut check: impl AsyncFnMut() -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{what} did not happen within {limit:?}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
async fn the_service_reports_and_survives_a_database_outage() {
    let Some(mut db) = TestDb::postgres() else { return };
    let relay = Relay::start("127.0.0.1:5432");
    db.url = db.url.replace("127.0.0.1:5432", &format!("127.0.0.1:{}", relay.port));
    assert!(db.url.contains(&relay.port.to_string()), "the PostgreSQL URL names 127.0.0.1:5432: {}", db.url);
    let app = TestApp::start(db, Settings { db_pool_size: Some(4), ..Settings::default() }).await;
    let id = app.create_user("steady", "Steady#pw1", AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let body = serde_json::json!({"userId": id, "firstName": "before"});
    app.call(Method::PUT, "/v2/users", Some(&root), Some(body)).await.assert_ok();

    relay.cut();
    let ready = |app: &TestApp| {
        let url = format!("{}/readyz", app.base);
        let client = app.client.clone();
        async move { client.get(url).send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    };
    wait_for("readyz 503", Duration::from_secs(20), async || ready(&app).await == 503).await;
    let rest = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await;
    let msg = rest.assert_error(500, "InternalError");
    assert!(!msg.to_lowercase().contains("postgres") && !msg.contains("connection"), "{msg}");
    app.api("auth.test", Some(&root), &[]).await.slack_error("internal_error");
    let soap = app.soap_call(V::S11, "Login", &[("LoginName", "root"), ("Password", "x")]).await;
    soap.assert_fault(V::S11, "soap:Server", Some("SystemError"));

    relay.restore();
    let took = wait_for("recovery", Duration::from_secs(20), async || ready(&app).await == 200).await;
    eprintln!("recovered {took:?} after the database returned");
    assert!(took < Duration::from_secs(10), "recovered in {took:?}");
    let user = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert_eq!(user["firstName"], "before", "the acknowledged write survived");
    app.login("steady", "Steady#pw1").await;
}
