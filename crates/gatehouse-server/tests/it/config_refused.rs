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

/// Every configuration variable with a value it refuses, and a word the message must use to
/// say what it expects. A new variable fails the coverage check below until it is added here.
const BAD_VALUES: &[(&str, &str, &str)] = &[
    ("GATEHOUSE_LISTEN", "nowhere", "address"),
    ("GATEHOUSE_DATABASE_URL", "mysql://db/x", "mysql"),
    ("GATEHOUSE_DB_POOL_SIZE", "many", "whole number"),
    ("GATEHOUSE_PUBLIC_URL", "ftp://example.com", "http"),
    ("GATEHOUSE_JWT_SECRET", "short", "at least 32 bytes"),
    ("GATEHOUSE_TOKEN_TTL_SECS", "1h", "seconds"),
    ("GATEHOUSE_SESSION_IDLE_SECS", "-5", "positive"),
    ("GATEHOUSE_SESSION_MAX_SECS", "soon", "seconds"),
    ("GATEHOUSE_BOOTSTRAP_LOGIN", "root", "together"),
    ("GATEHOUSE_BOOTSTRAP_PASSWORD", "Root#pass1", "together"),
    ("GATEHOUSE_ARGON2_MEMORY_KIB", "abc", "KiB"),
    ("GATEHOUSE_ARGON2_ITERATIONS", "0", "at least 1"),
    ("GATEHOUSE_ARGON2_PARALLELISM", "0", "lanes"),
    ("GATEHOUSE_PASSWORD_MIN_LENGTH", "2000", "between 1 and 1024"),
    ("GATEHOUSE_LOCKOUT_THRESHOLD", "five", "whole number"),
    ("GATEHOUSE_LOCKOUT_SECS", "0", "positive"),
    ("GATEHOUSE_RATE_LIMIT", "maybe", "on or off"),
    ("GATEHOUSE_MAX_SESSIONS_PER_USER", "0", "at least 1"),
    ("GATEHOUSE_WEBAPI_RATE_PER_MIN", "lots", "per minute"),
    ("GATEHOUSE_LOGIN_RATE_PER_MIN_IP", "0", "at least 1"),
    ("GATEHOUSE_LOGIN_RATE_PER_MIN_LOGIN", "-1", "per minute"),
    ("GATEHOUSE_BODY_TIMEOUT_SECS", "0", "at least 1"),
    ("GATEHOUSE_MAX_BODY_BYTES", "64k", "bytes"),
    ("GATEHOUSE_ARCHER_INSTANCE", "", "instance"),
    ("GATEHOUSE_LOG_FORMAT", "xml", "pretty or json"),
    ("GATEHOUSE_ECGRIDOS_CONTRACT", "vendor", "seed or build472"),
    ("GATEHOUSE_DATABASE_URL_FILE", "/nonexistent/db-url", "cannot read"),
    ("GATEHOUSE_JWT_SECRET_FILE", "/nonexistent/jwt", "cannot read"),
    ("GATEHOUSE_BOOTSTRAP_PASSWORD_FILE", "/nonexistent/pw", "cannot read"),
    ("GATEHOUSE_SESSION_PURGE_GRACE_SECS", "-1", "0 or more"),
    ("GATEHOUSE_AUDIT_RETENTION_DAYS", "forever", "keep or a number of days"),
    ("GATEHOUSE_PURGE_INTERVAL_SECS", "0", "at least 1"),
    ("GATEHOUSE_PURGE_BATCH", "0", "between 1 and 100000"),
    ("GATEHOUSE_TLS_CERT", "/nonexistent/cert.pem", "together"),
    ("GATEHOUSE_TLS_KEY", "/nonexistent/key.pem", "together"),
    ("GATEHOUSE_TRUSTED_PROXIES", "10.0.0.0/33", "CIDR"),
    ("GATEHOUSE_CONFIG", "/nonexistent/gatehouse.toml", "does not exist"),
];

#[test]
fn every_variable_given_a_bad_value_is_named_with_the_form_it_expects() {
    let cmd =
        gatehouse_server::config::in_help(<gatehouse_server::cli::Cli as clap::CommandFactory>::command());
    let variables: Vec<String> =
        cmd.get_arguments().filter_map(|a| a.get_env()).map(|e| e.to_string_lossy().into_owned()).collect();
    for var in &variables {
        assert!(BAD_VALUES.iter().any(|(v, _, _)| v == var), "{var} has no bad value in the table");
    }
    for (var, value, expects) in BAD_VALUES {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = gatehouse();
        cmd.current_dir(dir.path()).env(var, value).args(["config", "check"]);
        let (status, stderr) = exit_within(cmd, Duration::from_secs(20));
        assert!(status.is_some_and(|s| !s.success()), "{var}={value} was accepted: {stderr}");
        assert!(stderr.contains(var), "{var}={value}: the message does not name it: {stderr}");
        assert!(stderr.contains(expects), "{var}={value}: the message does not say `{expects}`: {stderr}");
        if ["GATEHOUSE_JWT_SECRET", "GATEHOUSE_BOOTSTRAP_PASSWORD"].contains(var) {
            assert!(!stderr.contains(&format!("`{value}`")), "{var}: the message shows the secret: {stderr}");
        }
    }
}

#[test]
fn a_bad_value_in_the_file_names_its_variable_and_config_check_prints_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gatehouse.toml");
    std::fs::write(&file, "lockout_threshold = \"five\"\n").unwrap();
    let mut cmd = gatehouse();
    cmd.current_dir(dir.path()).env("GATEHOUSE_CONFIG", &file).args(["config", "check"]);
    let (status, stderr) = exit_within(cmd, Duration::from_secs(20));
    assert!(status.is_some_and(|s| !s.success()), "{stderr}");
    assert!(stderr.contains("GATEHOUSE_LOCKOUT_THRESHOLD") && stderr.contains("whole number"), "{stderr}");

    std::fs::write(&file, "lockout_secs = 60\n").unwrap();
    let out = gatehouse()
        .current_dir(dir.path())
        .env("GATEHOUSE_CONFIG", &file)
        .env("GATEHOUSE_SESSION_IDLE_SECS", "600")
        .env("GATEHOUSE_JWT_SECRET", "an-example-secret-of-more-than-32-bytes")
        .args(["--listen", "127.0.0.1:9999", "config", "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    for shown in [
        "listen=127.0.0.1:9999 (flag)",
        "session idle=10 min (env)",
        "lockout=1 min (file)",
        "session lifetime=12 h (default)",
        "JWT secret=set (redacted) (env)",
        "argon2id memory=8 KiB (env)",
    ] {
        assert!(text.contains(shown), "`{shown}` not in {text}");
    }
    let db = dir.path().join("gatehouse.db");
    assert!(text.contains(&format!("database=SQLite file {}", db.display())), "{text}");
    assert!(!text.contains("an-example-secret"), "{text}");
}
