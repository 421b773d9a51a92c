//! A client that trickles its body is answered with each front end's error once the body
//! deadline passes, instead of holding the connection (issue #8, slowloris).

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;

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
