//! The TLS listener (issue #18): curl and Python (`requests`, and `http.client` for one
//! keep-alive connection) talk to it with a certificate the test makes; SIGHUP serves a new
//! certificate to new connections while an open connection keeps working.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{gatehouse_with_root, listening_addr, Serving};

fn self_signed() -> (String, String) {
    let made =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    (made.cert.pem(), made.key_pair.serialize_pem())
}

fn curl(ca: &Path, url: &str) -> (bool, String) {
    let out = Command::new("curl").args(["-sS", "-i", "--cacert"]).arg(ca).arg(url).output().unwrap();
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

/// Python: one keep-alive connection trusting `ca1`; prints `ready`, waits for a line, then
/// uses the same connection again and reports whether new connections trust `ca1` and `ca2`.
const CLIENT: &str = r#"
import http.client, ssl, sys, requests
port, ca1, ca2 = int(sys.argv[1]), sys.argv[2], sys.argv[3]
r = requests.get(f"https://127.0.0.1:{port}/healthz", verify=ca1)
assert r.status_code == 200 and r.json() == {"status": "ok"}, r.text
assert r.headers["Strict-Transport-Security"] == "max-age=31536000", r.headers
def trusts(ca):
    try:
        c = http.client.HTTPSConnection("127.0.0.1", port, context=ssl.create_default_context(cafile=ca))
        c.request("GET", "/healthz"); ok = c.getresponse().status == 200; c.close(); return ok
    except ssl.SSLError:
        return False
conn = http.client.HTTPSConnection("127.0.0.1", port, context=ssl.create_default_context(cafile=ca1))
conn.request("GET", "/healthz"); first = conn.getresponse(); first.read()
sock = conn.sock
print("ready", trusts(ca1), trusts(ca2), flush=True)
sys.stdin.readline()
conn.request("GET", "/healthz"); again = conn.getresponse(); again.read()
print("after", again.status, conn.sock is sock, trusts(ca1), trusts(ca2), flush=True)
"#;

#[actix_web::test]
async fn curl_and_requests_talk_tls_and_sighup_swaps_the_certificate_without_dropping_connections() {
    let dir = tempfile::tempdir().unwrap();
    let (cert1, key1) = self_signed();
    let (cert2, key2) = self_signed();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let (ca1, ca2) = (dir.path().join("ca1.pem"), dir.path().join("ca2.pem"));
    std::fs::write(&cert, &cert1).unwrap();
    std::fs::write(&key, &key1).unwrap();
    std::fs::write(&ca1, &cert1).unwrap();
    std::fs::write(&ca2, &cert2).unwrap();
    let url = format!("sqlite://{}", dir.path().join("gatehouse.db").display());
    let mut cmd = gatehouse_with_root(Some(&url));
    cmd.env("GATEHOUSE_TLS_CERT", &cert)
        .env("GATEHOUSE_TLS_KEY", &key)
        .env("GATEHOUSE_LISTEN", "127.0.0.1:0");
    let mut child = cmd.current_dir(dir.path()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let serving = Serving(child, rx);
    let deadline = Instant::now() + Duration::from_secs(30);
    let addr = loop {
        assert!(Instant::now() < deadline, "the binary did not start listening");
        if let Ok(line) = serving.1.recv_timeout(Duration::from_millis(200)) {
            if let Some(addr) = listening_addr(&line) {
                break addr;
            }
        }
    };
    let port = addr.rsplit(':').next().unwrap().to_string();
    let base = format!("https://127.0.0.1:{port}");

    let (ok, out) = curl(&ca1, &format!("{base}/healthz"));
    assert!(ok && out.contains(r#"{"status":"ok"}"#), "{out}");
    assert!(out.to_ascii_lowercase().contains("strict-transport-security: max-age=31536000"), "{out}");
    let (ok, out) = curl(&ca2, &format!("{base}/healthz"));
    assert!(!ok, "the second certificate is not served yet: {out}");

    let mut python = Command::new("python3")
        .args(["-c", CLIENT, &port])
        .arg(&ca1)
        .arg(&ca2)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(python.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready True False");

    std::fs::write(&cert, &cert2).unwrap();
    std::fs::write(&key, &key2).unwrap();
    let status = Command::new("kill").arg("-HUP").arg(serving.0.id().to_string()).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no reload logged");
        if let Ok(line) = serving.1.recv_timeout(Duration::from_millis(200)) {
            assert!(!line.contains("keeping the old TLS certificate"), "{line}");
            if line.contains("reloaded the TLS certificate") {
                break;
            }
        }
    }
    python.stdin.take().unwrap().write_all(b"go\n").unwrap();
    assert_eq!(lines.next().unwrap().unwrap(), "after 200 True False True");
    assert!(python.wait().unwrap().success());

    let (ok, out) = curl(&ca2, &format!("{base}/healthz"));
    assert!(ok && out.contains(r#"{"status":"ok"}"#), "{out}");
}
