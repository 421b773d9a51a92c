//! The real `gatehouse` binary as a child process, for zero-configuration and multi-instance tests.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{ROOT_LOGIN, ROOT_PASSWORD};

pub fn gatehouse() -> Command {
    with_test_env(Command::new(env!("CARGO_BIN_EXE_gatehouse")))
}

/// The binary limited to `fds` open file descriptors (`ulimit -n`, then `exec`: same process id).
pub fn gatehouse_with_fd_limit(fds: u32) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!("ulimit -n {fds} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_gatehouse"));
    with_test_env(cmd)
}

/// `cmd` without the caller's `GATEHOUSE_*` variables and with cheap hash parameters.
fn with_test_env(mut cmd: Command) -> Command {
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

/// The address in the binary's `gatehouse listening` log line, if `line` is that line.
pub fn listening_addr(line: &str) -> Option<String> {
    if !line.contains("gatehouse listening") {
        return None;
    }
    let at = line.find("127.0.0.1:")?;
    let port: String = line[at + "127.0.0.1:".len()..].chars().take_while(char::is_ascii_digit).collect();
    (!port.is_empty()).then(|| format!("127.0.0.1:{port}"))
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
///
/// The binary binds port 0 and the address comes from its log: a port picked here and handed
/// over could be taken meanwhile by another test's server, and the test then talked to that one.
pub async fn serve(mut cmd: Command, dir: &std::path::Path) -> (Serving, String, Vec<String>) {
    let mut child = cmd
        .current_dir(dir)
        .env("GATEHOUSE_LISTEN", "127.0.0.1:0")
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
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut lines = Vec::new();
    let addr = 'listening: loop {
        for line in rx.try_iter() {
            let addr = listening_addr(&line);
            lines.push(line);
            if let Some(addr) = addr {
                break 'listening addr;
            }
        }
        if Instant::now() >= deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("the binary did not start listening: {lines:#?}");
        }
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    };
    let base = format!("http://{addr}");
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
    lines.extend(rx.try_iter());
    (Serving(child, rx), base, lines)
}
