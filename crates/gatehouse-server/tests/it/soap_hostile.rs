//! Hostile input (SPEC §5.1): each is answered with a Client/Sender fault well under a second
//! (the bound is on a hang, not a speed target), and the server keeps serving afterwards.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::both;
use crate::soap_ecgridos::login_envelope;
use crate::soap_support::{SoapResp, BOTH, ECGRIDOS, TNS, V};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

const QUICK: Duration = Duration::from_secs(1);
const TEN_MB: usize = 10 * 1024 * 1024;

/// Assert a quick Client fault whose reason contains `needle`.
#[track_caller]
fn refused(resp: &SoapResp, v: V, needle: &str) {
    let reason = resp.assert_fault(v, v.client(), Some("InvalidParameter"));
    assert!(reason.contains(needle), "{reason:?} should mention {needle:?}");
    assert!(resp.elapsed < QUICK, "took {:?}", resp.elapsed);
}

async fn post_bytes(app: &TestApp, content_type: &str, body: Vec<u8>) -> SoapResp {
    let req =
        app.client.post(format!("{}{ECGRIDOS}", app.base)).header("content-type", content_type).body(body);
    app.soap_send(req).await
}

fn billion_laughs(v: V) -> String {
    let mut dtd = String::from(r#"<!ENTITY lol0 "lol">"#);
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1);
        dtd.push_str(&format!(r#"<!ENTITY lol{i} "{}">"#, prev.repeat(10)));
    }
    let env = v.envelope(
        r#"<Login xmlns="https://os.ecgrid.io/"><LoginName>&lol9;</LoginName><Password>x</Password></Login>"#,
    );
    env.replacen("?>", &format!("?>\n<!DOCTYPE lolz [{dtd}]>"), 1)
}

fn external_entity(v: V) -> String {
    let env = v.envelope(
        r#"<Login xmlns="https://os.ecgrid.io/"><LoginName>&xxe;</LoginName><Password>x</Password></Login>"#,
    );
    env.replacen("?>", "?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", 1)
}

async fn doctype_billion_laughs_and_external_entities_are_refused(app: TestApp) {
    for v in BOTH {
        for body in [billion_laughs(v), external_entity(v)] {
            let resp = post_bytes(&app, v.content_type(), body.into_bytes()).await;
            refused(&resp, v, "DOCTYPE declarations (DTDs) are not accepted");
            assert!(!resp.body.contains("root:") && !resp.body.contains("lollol"), "{}", resp.body);
        }
        let undeclared = v.envelope(r#"<Version xmlns="https://os.ecgrid.io/">&xxe;</Version>"#);
        refused(
            &post_bytes(&app, v.content_type(), undeclared.into_bytes()).await,
            v,
            "`&xxe;` is not defined",
        );
    }
}
both!(doctype_billion_laughs_and_external_entities_are_refused);

async fn ten_thousand_deep_nesting_and_too_many_elements_are_refused(app: TestApp) {
    for v in BOTH {
        let deep = v.envelope(&format!(r#"<Login xmlns="https://os.ecgrid.io/">{}"#, "<a>".repeat(10_000)));
        let deep = deep.replace("</soap:Body>", "").replace("</soap12:Body>", "");
        refused(
            &post_bytes(&app, v.content_type(), deep.into_bytes()).await,
            v,
            "nested deeper than 32 levels",
        );
        let wide =
            v.envelope(&format!(r#"<Login xmlns="https://os.ecgrid.io/">{}</Login>"#, "<x/>".repeat(5_000)));
        refused(&post_bytes(&app, v.content_type(), wide.into_bytes()).await, v, "more than 1000 elements");
    }
}
both!(ten_thousand_deep_nesting_and_too_many_elements_are_refused);

async fn non_utf8_input_is_refused(app: TestApp) {
    for v in BOTH {
        let mut invalid = v
            .envelope(r#"<Login xmlns="https://os.ecgrid.io/"><LoginName>X</LoginName></Login>"#)
            .into_bytes();
        let at = invalid.iter().position(|b| *b == b'X').unwrap();
        invalid.splice(at..=at, [0xC3, 0x28, 0xFF]);
        refused(&post_bytes(&app, v.content_type(), invalid).await, v, "not valid UTF-8");

        let latin1 =
            v.envelope(r#"<Version xmlns="https://os.ecgrid.io/"/>"#).replace("utf-8\"?>", "ISO-8859-1\"?>");
        refused(
            &post_bytes(&app, v.content_type(), latin1.into_bytes()).await,
            v,
            "encoding `ISO-8859-1` is not supported",
        );

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in v.envelope(r#"<Version xmlns="https://os.ecgrid.io/"/>"#).encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        refused(&post_bytes(&app, v.content_type(), utf16).await, v, "UTF-16 is not supported");

        let charset = v.content_type().replace("utf-8", "utf-16");
        let plain = v.envelope(r#"<Version xmlns="https://os.ecgrid.io/"/>"#).into_bytes();
        refused(&post_bytes(&app, &charset, plain).await, v, "charset `utf-16` is not supported");
    }
}
both!(non_utf8_input_is_refused);

async fn a_wrong_envelope_namespace_is_a_version_mismatch(app: TestApp) {
    for v in BOTH {
        let wrong = v
            .envelope(r#"<Version xmlns="https://os.ecgrid.io/"/>"#)
            .replace("http://schemas.xmlsoap.org/soap/envelope/", "http://example.com/soap/envelope/")
            .replace("http://www.w3.org/2003/05/soap-envelope", "http://example.com/soap/envelope/");
        let resp = post_bytes(&app, v.content_type(), wrong.into_bytes()).await;
        let reason = resp.assert_fault(v, "soap:VersionMismatch", None);
        assert!(reason.contains("http://example.com/soap/envelope/"), "{reason}");
        assert_eq!(resp.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(resp.body.contains("<soap:Upgrade>"), v == V::S12, "{}", resp.body);
        assert!(resp.elapsed < QUICK);
    }
}
both!(a_wrong_envelope_namespace_is_a_version_mismatch);

async fn other_garbage_is_a_client_fault(app: TestApp) {
    for v in BOTH {
        let ct = v.content_type();
        let pi = v.envelope(r#"<?evil x?><Version xmlns="https://os.ecgrid.io/"/>"#);
        refused(&post_bytes(&app, ct, pi.into_bytes()).await, v, "processing instructions");
        refused(&post_bytes(&app, ct, Vec::new()).await, v, "no XML element");
        refused(&post_bytes(&app, ct, b"{\"json\": true}".to_vec()).await, v, "no XML element");
        refused(&post_bytes(&app, ct, b"<soap:Envelope".to_vec()).await, v, "not well-formed");
        refused(&post_bytes(&app, ct, b"<Version/>".to_vec()).await, v, "must be a SOAP Envelope");
        let gz = app
            .client
            .post(format!("{}{ECGRIDOS}", app.base))
            .header("content-type", ct)
            .header("content-encoding", "gzip")
            .body(vec![0x1f, 0x8b, 0x08, 0x00]);
        refused(&app.soap_send(gz).await, v, "Content-Encoding");
    }
}
both!(other_garbage_is_a_client_fault);

/// Send 10 MB over a raw connection. Declared by `Content-Length`, the answer must come before
/// a single body byte is sent (refused on the header); chunked with no length, the body streams
/// from another thread while the answer is read (refused once the limit is passed).
async fn ten_megabytes(app: &TestApp, v: V, chunked: bool) -> SoapResp {
    let addr = app.base.trim_start_matches("http://").to_string();
    let content_type = v.content_type();
    actix_web::rt::task::spawn_blocking(move || {
        let started = Instant::now();
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let framing = if chunked {
            "Transfer-Encoding: chunked".to_string()
        } else {
            format!("Content-Length: {TEN_MB}")
        };
        let head = format!(
            "POST {ECGRIDOS} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n{framing}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let mut send_body = move || {
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < TEN_MB {
                let ok = if chunked {
                    writer
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .and_then(|_| writer.write_all(&chunk))
                        .and_then(|_| writer.write_all(b"\r\n"))
                } else {
                    writer.write_all(&chunk)
                };
                if ok.is_err() {
                    return;
                }
                sent += chunk.len();
            }
        };
        let (raw, elapsed) = if chunked {
            let sender = std::thread::spawn(send_body);
            let raw = read_answer(&mut stream);
            let elapsed = started.elapsed();
            let _ = stream.shutdown(std::net::Shutdown::Both);
            sender.join().unwrap();
            (raw, elapsed)
        } else {
            let raw = read_answer(&mut stream);
            let elapsed = started.elapsed();
            send_body(); // the rest is discarded or refused by the closing connection
            (raw, elapsed)
        };
        parse_raw(&raw, elapsed)
    })
    .await
    .unwrap()
}

/// Read one HTTP answer (head and `Content-Length` body); the request body may still be flowing.
fn read_answer(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(head_end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: ").and_then(|n| n.trim().parse::<usize>().ok()))
                .unwrap_or(0);
            if raw.len() >= head_end + 4 + length {
                return raw;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return raw,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

fn parse_raw(raw: &[u8], elapsed: Duration) -> SoapResp {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let code: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_string))
        .unwrap_or_default();
    SoapResp {
        status: StatusCode::from_u16(code).unwrap(),
        content_type,
        headers: Default::default(),
        body: body.to_string(),
        elapsed,
    }
}

async fn a_ten_megabyte_body_is_refused_without_being_read(app: TestApp) {
    let declared = ten_megabytes(&app, V::S11, false).await;
    refused(&declared, V::S11, "request body is larger than 65536 bytes");
    let streamed = ten_megabytes(&app, V::S12, true).await;
    refused(&streamed, V::S12, "request body is larger than 65536 bytes");
    // Still serving, and a normal request works.
    let ok = app.soap(V::S11, Some("Login"), &login_envelope(V::S11, ROOT_LOGIN, ROOT_PASSWORD)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}
both!(a_ten_megabyte_body_is_refused_without_being_read);

/// POST `envelope` to ECGridOS with exactly these headers.
async fn post_with(app: &TestApp, headers: &[(&str, &str)], envelope: String) -> SoapResp {
    let mut req = app.client.post(format!("{}{ECGRIDOS}", app.base)).body(envelope);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    app.soap_send(req).await
}

fn version_body(v: V) -> String {
    v.envelope(&format!(r#"<Version xmlns="{TNS}"/>"#))
}

async fn an_envelope_under_the_other_versions_media_type_is_a_version_mismatch(app: TestApp) {
    // (envelope, media type sent, answer version, reason)
    let cases = [
        (
            V::S11,
            V::S12.content_type(),
            "a SOAP 1.1 envelope (http://schemas.xmlsoap.org/soap/envelope/) is sent as text/xml, not application/soap+xml",
        ),
        (
            V::S12,
            V::S11.content_type(),
            "a SOAP 1.2 envelope (http://www.w3.org/2003/05/soap-envelope) is sent as application/soap+xml, not text/xml",
        ),
    ];
    for (v, media, expected) in cases {
        let resp = post_with(&app, &[("content-type", media)], version_body(v)).await;
        // Answered in the envelope's version: that is the XML the client reads.
        let reason = resp.assert_fault(v, "soap:VersionMismatch", None);
        assert_eq!(reason, expected);
        assert_eq!(resp.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(resp.body.contains("<soap:Upgrade>"), v == V::S12, "{}", resp.body);
        let right = post_with(&app, &[("content-type", v.content_type())], version_body(v)).await;
        assert_eq!(right.status, StatusCode::OK, "{}", right.body);
    }
}
both!(an_envelope_under_the_other_versions_media_type_is_a_version_mismatch);

async fn an_action_parameter_contradicting_soapaction_is_a_client_fault(app: TestApp) {
    for v in BOTH {
        let ct = format!("{}; action=\"{TNS}Version\"", v.content_type());
        let contradicting = [("content-type", ct.as_str()), ("SOAPAction", "\"https://os.ecgrid.io/Login\"")];
        let reason = post_with(&app, &contradicting, version_body(v)).await.assert_fault(
            v,
            v.client(),
            Some("InvalidParameter"),
        );
        assert_eq!(
            reason,
            "the Content-Type action `https://os.ecgrid.io/Version` contradicts the SOAPAction header `https://os.ecgrid.io/Login`"
        );
        let agreeing = [("content-type", ct.as_str()), ("SOAPAction", "\"https://os.ecgrid.io/Version\"")];
        let ok = post_with(&app, &agreeing, version_body(v)).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
}
both!(an_action_parameter_contradicting_soapaction_is_a_client_fault);

async fn a_soapaction_in_another_services_namespace_is_a_client_fault(app: TestApp) {
    for v in BOTH {
        for (action, header) in
            [("http://archer-tech.com/webservices/Version", true), ("urn:other#Version", false)]
        {
            let ct = match (v, header) {
                (V::S12, false) => format!("{}; action=\"{action}\"", v.content_type()),
                _ => v.content_type().to_string(),
            };
            let quoted = format!("\"{action}\"");
            let mut headers = vec![("content-type", ct.as_str())];
            if header || v == V::S11 {
                headers.push(("SOAPAction", quoted.as_str()));
            }
            let resp = post_with(&app, &headers, version_body(v)).await;
            let reason = resp.assert_fault(v, v.client(), Some("InvalidParameter"));
            assert_eq!(reason, format!("SOAPAction `{action}` is not in this service's namespace {TNS}"));
        }
        // The operation alone, without a namespace, stays accepted (SPEC §5.1 leniency).
        let headers = [("content-type", v.content_type()), ("SOAPAction", "Version")];
        let bare = post_with(&app, &headers, version_body(v)).await;
        assert_eq!(bare.status, StatusCode::OK, "{}", bare.body);
    }
}
both!(a_soapaction_in_another_services_namespace_is_a_client_fault);

async fn content_after_the_envelope_end_is_a_client_fault(app: TestApp) {
    for v in BOTH {
        for trailer in [
            "garbage",
            "<Version xmlns=\"https://os.ecgrid.io/\"/>",
            "<!-- note -->",
            "&amp;",
            "<![CDATA[x]]>",
        ] {
            let body = format!("{}{trailer}", version_body(v));
            let resp = post_with(&app, &[("content-type", v.content_type())], body).await;
            let reason = resp.assert_fault(v, v.client(), Some("InvalidParameter"));
            assert_eq!(reason, "the message has content after the Envelope's end element", "{trailer}");
        }
        let spaced = format!("{}\r\n \t\n", version_body(v));
        let ok = post_with(&app, &[("content-type", v.content_type())], spaced).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
}
both!(content_after_the_envelope_end_is_a_client_fault);
