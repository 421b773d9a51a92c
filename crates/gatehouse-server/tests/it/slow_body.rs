//! A client that trickles its body is answered with each front end's error once the body
//! deadline passes, instead of holding the connection (issue #8, slowloris).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;

use crate::process::{gatehouse_with_fd_limit, serve};
use crate::support::TestApp;

/// Send a head announcing 1000 body bytes, trickle a few, and return the answer and its delay.
fn trickle(base: &str, path: &str, content_type: &str) -> (String, Duration) {
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: 1000\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let start = Instant::now();
    s.write_all(b"{").unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Read the head, then exactly Content-Length body bytes.
    loop {
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer).to_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if answer.len() >= end + 4 + length {
                break;
            }
        }
    }
    (String::from_utf8_lossy(&answer).into_owned(), start.elapsed())
}

#[actix_web::test]
async fn every_front_end_answers_a_trickled_body_after_the_deadline() {
    let settings = Settings { body_timeout_secs: Some(1), ..Settings::default() };
    let app = TestApp::start(TestDb::sqlite(), settings).await;
    let base = app.base.clone();
    let cases = [
        ("/v2/auth/login", "application/json", "InvalidParameter"),
        ("/api/auth.test", "application/json; charset=utf-8", "request_timeout"),
        ("/v4.1/prod/ECGridOS.asmx", "text/xml; charset=utf-8", "soap:Client"),
    ];
    for (path, ct, expected) in cases {
        let base = base.clone();
        let (answer, took) =
            actix_web::rt::task::spawn_blocking(move || trickle(&base, path, ct)).await.unwrap();
        assert!(answer.contains(expected), "{path}: {answer}");
        assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "{path}: {took:?}");
    }
}

/// What one trickling client saw.
#[derive(Debug)]
struct Trickled {
    answer: String,
    /// The server closed the connection (end of stream or reset) after answering.
    closed: bool,
}

/// Send a chunked POST head, then a one-byte chunk every `every` (the read timeout), reading
/// the answer, until the server closes the connection or `stop` passes.
fn trickle_chunked(addr: &str, every: Duration, stop: Instant) -> Trickled {
    let mut answer = Vec::new();
    let done =
        |answer: &[u8], closed| Trickled { answer: String::from_utf8_lossy(answer).into_owned(), closed };
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return done(&answer, false);
    };
    let head = "POST /v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n";
    if s.write_all(head.as_bytes()).is_err() || s.set_read_timeout(Some(every)).is_err() {
        return done(&answer, false);
    }
    let mut buf = [0u8; 4096];
    while Instant::now() < stop {
        match s.read(&mut buf) {
            Ok(0) => return done(&answer, !answer.is_empty()),
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                // Trickling on after the answer, as an attacker would; a refused write is the
                // server closing, seen on the next read.
                let _ = s.write_all(b"1\r\n \r\n");
            }
            Err(_) => return done(&answer, !answer.is_empty()),
        }
    }
    done(&answer, false)
}

/// One `GET /healthz` on a new connection, waiting at most `wait` for the answer.
fn healthz(addr: &str, wait: Duration) -> bool {
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(wait));
    if s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    answer.starts_with(b"HTTP/1.1 200")
}

#[actix_web::test]
async fn trickled_chunked_bodies_are_closed_after_the_deadline_so_healthz_keeps_answering() {
    const CLIENTS: usize = 450;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = gatehouse_with_fd_limit(256);
    cmd.env("GATEHOUSE_BODY_TIMEOUT_SECS", "1");
    let (_serving, base, _) = serve(cmd, dir.path()).await;
    let addr = base.trim_start_matches("http://").to_string();
    let stop = Instant::now() + Duration::from_secs(25);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let addr = addr.clone();
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || trickle_chunked(&addr, Duration::from_millis(200), stop))
                .unwrap()
        })
        .collect();
    // While they trickle, /healthz is answered: five probes, each given 10 s.
    let probe_addr = addr.clone();
    let probes = actix_web::rt::task::spawn_blocking(move || {
        (0..5).map(|_| healthz(&probe_addr, Duration::from_secs(10))).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let seen: Vec<Trickled> =
        actix_web::rt::task::spawn_blocking(move || clients.into_iter().map(|c| c.join().unwrap()).collect())
            .await
            .unwrap();
    let unanswered = seen.iter().filter(|t| !t.answer.contains("InvalidParameter")).count();
    let open = seen.iter().filter(|t| !t.closed).count();
    let example = seen.iter().find(|t| !t.closed || !t.answer.contains("InvalidParameter"));
    assert_eq!(
        (probes, unanswered, open),
        (vec![true; 5], 0, 0),
        "/healthz probes answered; of {CLIENTS} trickling clients unanswered, left open (e.g. {example:?})"
    );
    assert!(healthz(&addr, Duration::from_secs(5)), "still serving afterwards");
}
