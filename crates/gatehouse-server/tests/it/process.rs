//! The real `gatehouse` binary as a child process, for zero-configuration and multi-instance tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{ROOT_LOGIN, ROOT_PASSWORD};

pub fn gatehouse() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GATEHOUSE_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("GATEHOUSE_ARGON2_MEMORY_KIB", "8").env("GATEHOUSE_ARGON2_ITERATIONS", "1");
    cmd
}

/// The binary with the test's Root login bootstrapped and rate limits off, on `db_url` when given.
pub fn gatehouse_with_root(db_url: Option<&str>) -> Command {
    let mut cmd = gatehouse();
    cmd.env("GATEHOUSE_BOOTSTRAP_LOGIN", ROOT_LOGIN)
        .env("GATEHOUSE_BOOTSTRAP_PASSWORD", ROOT_PASSWORD)
        .env("GATEHOUSE_RATE_LIMIT", "off");
    if let Some(url) = db_url {
        cmd.env("GATEHOUSE_DATABASE_URL", url);
    }
    cmd
}

/// `POST /v2/auth/login` on a running binary; the whole JSON answer.
pub async fn login(http: &reqwest::Client, base: &str, login: &str, password: &str) -> serde_json::Value {
    http.post(format!("{base}/v2/auth/login"))
        .json(&serde_json::json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running child and the receiving end of its stderr lines.
pub struct Serving(pub Child, pub std::sync::mpsc::Receiver<String>);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start the binary in `dir` and wait until `/healthz` answers; returns the process and its stderr lines so far.
pub async fn serve(mut cmd: Command, dir: &std::path::Path) -> (Serving, String, Vec<String>) {
    let port = free_port();
    let mut child = cmd
        .current_dir(dir)
        .env("GATEHOUSE_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                break;
            }
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("the binary did not start serving");
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let lines = rx.try_iter().collect();
    (Serving(child, rx), base, lines)
}
