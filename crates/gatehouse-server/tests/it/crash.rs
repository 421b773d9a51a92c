//! Crash durability (SPEC §2, issue #8): under a write load, SIGKILL the server, restart it, and
//! check that every acknowledged change is there and that no change is there without its audit
//! event (they commit in one transaction), on SQLite and PostgreSQL.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gatehouse_store::testing::TestDb;
use serde_json::{json, Value};

use crate::process::{gatehouse_with_root, login, serve};
use crate::support::{ROOT_LOGIN, ROOT_PASSWORD};

const WRITERS: usize = 6;

async fn root_token(http: &reqwest::Client, base: &str) -> String {
    let r = login(http, base, ROOT_LOGIN, ROOT_PASSWORD).await;
    r["data"]["token"].as_str().unwrap().to_string()
}

async fn sigkill_loses_no_acknowledged_write(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let start = || gatehouse_with_root(Some(&db.url));
    let (mut first, base, _) = serve(start(), dir.path()).await;
    let http = reqwest::Client::new();
    let root = root_token(&http, &base).await;
    let mut ids = Vec::new();
    for i in 0..WRITERS {
        let body =
            json!({"login": format!("w{i}"), "password": "Writer#pw1", "email": format!("w{i}@example.com")});
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
        ids.push(made["data"]["userId"].as_i64().unwrap());
    }
    // One sequential writer per user: update n, then n+1, ...; remember the last acknowledged n.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for &id in &ids {
        let (http, base, root, stop) = (http.clone(), base.clone(), root.clone(), stop.clone());
        writers.push(actix_web::rt::spawn(async move {
            let mut acked = 0u64;
            let mut sent = 0u64;
            while !stop.load(Ordering::Relaxed) && sent < 400 {
                sent += 1;
                let body = json!({"userId": id, "firstName": sent.to_string()});
                let ok = http
                    .put(format!("{base}/v2/users"))
                    .bearer_auth(&root)
                    .json(&body)
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                if !ok {
                    break;
                }
                acked = sent;
                if sent.is_multiple_of(3) {
                    let _ = http.post(format!("{base}/v2/users/reset/{id}")).bearer_auth(&root).send().await;
                }
            }
            (id, acked, sent)
        }));
    }
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
    first.0.kill().unwrap(); // SIGKILL
    first.0.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let mut results = Vec::new();
    for w in writers {
        results.push(w.await.unwrap());
    }
    drop(first);
    assert!(results.iter().all(|(_, acked, _)| *acked > 0), "the load ran before the kill: {results:?}");

    let (_second, base, _) = serve(start(), dir.path()).await;
    let root = root_token(&http, &base).await;
    for (id, acked, sent) in results {
        let user: Value = http
            .get(format!("{base}/v2/users/{id}"))
            .bearer_auth(&root)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let stored: u64 = user["data"]["firstName"].as_str().unwrap().parse().unwrap();
        assert!(
            stored >= acked && stored <= sent,
            "user {id}: stored {stored}, acknowledged {acked}, sent {sent}"
        );
        let trail: Value = http
            .get(format!("{base}/v2/audit?userId={id}&action=user.update&limit=500"))
            .bearer_auth(&root)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let ok = trail["data"].as_array().unwrap().iter().filter(|e| e["outcome"] == "ok").count() as u64;
        assert_eq!(ok, stored, "user {id}: every stored update has exactly its one audit event");
    }
}

#[actix_web::test]
async fn sigkill_under_write_load_loses_no_acknowledged_write_on_sqlite() {
    sigkill_loses_no_acknowledged_write(TestDb::sqlite()).await;
}

#[actix_web::test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
async fn sigkill_under_write_load_loses_no_acknowledged_write_on_postgres() {
    if let Some(db) = TestDb::postgres() {
        sigkill_loses_no_acknowledged_write(db).await;
    }
}
