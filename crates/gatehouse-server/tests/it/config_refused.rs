//! Configuration that weakens security stops the binary before it listens, with a message
//! naming the variable and never the secret (SPEC §7, issue #14 hole 10).

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use crate::process::gatehouse;

/// Run `cmd` for at most `limit`; its exit status (None: still running, so killed) and stderr.
fn exit_within(mut cmd: Command, limit: Duration) -> (Option<ExitStatus>, String) {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        let _ = tx.send(text);
    });
    // stderr reaches its end when the child exits; a child still serving is killed.
    let stderr = rx.recv_timeout(limit).ok();
    let status = match stderr {
        Some(_) => Some(child.wait().unwrap()),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            None
        }
    };
    (status, stderr.unwrap_or_default())
}

/// A case name, its environment and the variable its refusal names.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn the_binary_refuses_to_start_on_a_weak_jwt_secret_or_an_idle_timeout_above_the_lifetime() {
    let short_secret = "short-jwt-secret-31-bytes-long!";
    assert_eq!(short_secret.len(), 31);
    // (case, environment, the variable the refusal names)
    let cases: [Case; 4] = [
        ("empty JWT secret", &[("GATEHOUSE_JWT_SECRET", "")], "GATEHOUSE_JWT_SECRET"),
        ("31-byte JWT secret", &[("GATEHOUSE_JWT_SECRET", short_secret)], "GATEHOUSE_JWT_SECRET"),
        (
            "idle timeout above the lifetime",
            &[("GATEHOUSE_SESSION_IDLE_SECS", "3601"), ("GATEHOUSE_SESSION_MAX_SECS", "3600")],
            "GATEHOUSE_SESSION_IDLE_SECS",
        ),
        (
            "idle timeout above the default lifetime",
            &[("GATEHOUSE_SESSION_IDLE_SECS", "86400")],
            "GATEHOUSE_SESSION_IDLE_SECS",
        ),
    ];
    for (case, env, var) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = gatehouse();
        cmd.current_dir(dir.path()).env("GATEHOUSE_LISTEN", "127.0.0.1:0").arg("serve");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let (status, stderr) = exit_within(cmd, Duration::from_secs(10));
        assert!(status.is_some_and(|s| !s.success()), "{case}: the binary started: {stderr}");
        assert!(stderr.contains(&format!("gatehouse: {var}: ")), "{case}: {stderr}");
        assert!(!stderr.contains(short_secret), "{case}: the secret was printed: {stderr}");
        assert!(!dir.path().join("gatehouse.db").exists(), "{case}: the database was opened");
    }
}
