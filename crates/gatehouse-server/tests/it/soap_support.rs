//! SOAP helpers for the HTTP tests: post an envelope in either version, read the answer, and
//! assert results and faults on the whole wire (status, content type, code, detail, text).

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::support::TestApp;

/// The ECGridOS endpoint.
pub const ECGRIDOS: &str = "/v4.1/prod/ECGridOS.asmx";
/// The ECGridOS namespace and SOAPAction base.
pub const TNS: &str = "https://os.ecgrid.io/";
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// A SOAP version, as the client chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V {
    S11,
    S12,
}

pub const BOTH: [V; 2] = [V::S11, V::S12];

impl V {
    pub fn content_type(self) -> &'static str {
        match self {
            V::S11 => "text/xml; charset=utf-8",
            V::S12 => "application/soap+xml; charset=utf-8",
        }
    }

    /// `Client` / `Sender`, as this version spells a client fault.
    pub fn client(self) -> &'static str {
        match self {
            V::S11 => "soap:Client",
            V::S12 => "soap:Sender",
        }
    }

    pub fn server(self) -> &'static str {
        match self {
            V::S11 => "soap:Server",
            V::S12 => "soap:Receiver",
        }
    }

    /// Wrap `body` in an envelope of this version, shaped like the ASMX samples.
    pub fn envelope(self, body: &str) -> String {
        match self {
            V::S11 => format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    {body}
  </soap:Body>
</soap:Envelope>"#
            ),
            V::S12 => format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
    {body}
  </soap12:Body>
</soap12:Envelope>"#
            ),
        }
    }
}

/// An HTTP answer to a SOAP or HTTP-POST request.
#[derive(Debug)]
pub struct SoapResp {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
    pub elapsed: Duration,
}

impl SoapResp {
    /// Text of the first `<name>` element (with or without attributes).
    pub fn text(&self, name: &str) -> Option<String> {
        element_text(&self.body, name)
    }

    /// Assert a 200 answer in version `v` whose body element is exactly `inner`.
    #[track_caller]
    pub fn assert_ok(&self, v: V, op: &str, result: &str) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(self.content_type, v.content_type(), "body: {}", self.body);
        let env = match v {
            V::S11 => SOAP11_NS,
            V::S12 => SOAP12_NS,
        };
        let expected = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{env}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><{op}Response xmlns="{TNS}"><{op}Result>{result}</{op}Result></{op}Response></soap:Body></soap:Envelope>"#
        );
        assert_eq!(self.body, expected);
    }

    /// Assert a fault in version `v` with `code` (`soap:Client`…) and detail code; returns the reason.
    #[track_caller]
    pub fn assert_fault(&self, v: V, code: &str, detail: Option<&str>) -> String {
        let status = match (v, code) {
            (V::S12, "soap:Sender") => 400,
            _ => 500,
        };
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.content_type, v.content_type(), "body: {}", self.body);
        let (code_el, reason_el, detail_el) = match v {
            V::S11 => ("faultcode", "faultstring", "detail"),
            V::S12 => ("soap:Value", r#"soap:Text"#, "soap:Detail"),
        };
        assert_eq!(self.text(code_el).as_deref(), Some(code), "body: {}", self.body);
        match detail {
            Some(d) => {
                let expected = format!(r#"<ECGridOSSOAPErrorCode xmlns="{TNS}">{d}</ECGridOSSOAPErrorCode>"#);
                assert!(self.body.contains(&expected), "detail {d} missing: {}", self.body);
                assert!(self.body.contains(&format!("<{detail_el}>")), "body: {}", self.body);
            }
            None => assert!(!self.body.contains("ECGridOSSOAPErrorCode"), "body: {}", self.body),
        }
        if v == V::S12 {
            assert!(self.body.contains(r#"<soap:Text xml:lang="en">"#), "body: {}", self.body);
        }
        let reason = self.text(reason_el).unwrap_or_default();
        assert!(!reason.is_empty(), "a fault names its reason: {}", self.body);
        reason
    }
}

/// Text of the first `<name>` or `<name ...>` element in `xml`: a leaf's text unescaped, or the
/// inner XML as sent.
pub fn element_text(xml: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = xml[from..].find(&format!("<{name}")) {
        let start = from + i + name.len() + 1;
        let rest = &xml[start..];
        if rest.starts_with('>') || rest.starts_with(' ') {
            let open_end = start + rest.find('>')? + 1;
            let close = xml[open_end..].find(&format!("</{name}>"))?;
            let inner = &xml[open_end..open_end + close];
            if inner.contains('<') {
                return Some(inner.to_string());
            }
            let text = inner
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
            return Some(text.replace("&amp;", "&"));
        }
        from = start;
    }
    None
}

impl TestApp {
    /// POST `envelope` as version `v` with the SOAPAction of `op` (`None`: no action at all).
    pub async fn soap(&self, v: V, op: Option<&str>, envelope: &str) -> SoapResp {
        let mut req = self.client.post(format!("{}{ECGRIDOS}", self.base));
        match (v, op) {
            (V::S11, Some(op)) => {
                req = req
                    .header("content-type", v.content_type())
                    .header("SOAPAction", format!("\"{TNS}{op}\""))
            }
            (V::S12, Some(op)) => {
                req = req.header("content-type", format!("{}; action=\"{TNS}{op}\"", v.content_type()))
            }
            (_, None) => req = req.header("content-type", v.content_type()),
        }
        self.soap_send(req.body(envelope.to_string())).await
    }

    /// Send a prepared request and time it.
    pub async fn soap_send(&self, req: reqwest::RequestBuilder) -> SoapResp {
        let started = Instant::now();
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let content_type =
            headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let body = resp.text().await.unwrap();
        SoapResp { status, content_type, headers, body, elapsed: started.elapsed() }
    }

    /// ECGridOS `Login` in version `v`; returns the SessionID.
    pub async fn soap_login(&self, v: V, login: &str, password: &str) -> String {
        let env = v.envelope(&format!(
            r#"<Login xmlns="https://os.ecgrid.io/">
      <LoginName>{login}</LoginName>
      <Password>{password}</Password>
    </Login>"#
        ));
        let resp = self.soap(v, Some("Login"), &env).await;
        assert_eq!(resp.status, StatusCode::OK, "login failed: {}", resp.body);
        resp.text("LoginResult").unwrap()
    }

    /// POST form fields to the HTTP-POST binding of `op`.
    pub async fn http_post(&self, op: &str, form: &[(&str, &str)]) -> SoapResp {
        let req = self.client.post(format!("{}{ECGRIDOS}/{op}", self.base)).form(form);
        self.soap_send(req).await
    }
}

impl TestApp {
    /// Call ECGridOS `op` in version `v` with these parameter elements (values written as given).
    pub async fn soap_call(&self, v: V, op: &str, fields: &[(&str, &str)]) -> SoapResp {
        let params: String = fields.iter().map(|(k, val)| format!("<{k}>{val}</{k}>")).collect();
        let env = v.envelope(&format!(r#"<{op} xmlns="https://os.ecgrid.io/">{params}</{op}>"#));
        self.soap(v, Some(op), &env).await
    }
}

/// How a call reaches a SOAP service: either SOAP version, or an ASMX plain-HTTP binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum B {
    Soap11,
    Soap12,
    Post,
    Get,
}

/// Every binding a service with HTTP-POST and HTTP-GET answers on.
pub const ALL_BINDINGS: [B; 4] = [B::Soap11, B::Soap12, B::Post, B::Get];

/// What a call answered: the result's text (inner XML for complex answers) on success.
pub struct Answered {
    /// The raw answer.
    pub resp: SoapResp,
    /// The result's content when the call succeeded.
    pub result: Option<String>,
}

impl TestApp {
    /// Call `op` of the service at `path` (namespace `ns`) over `b`, its parameters escaped as
    /// XML text (SOAP) or form/query fields (HTTP), with the SOAPAction of `op`.
    pub async fn call_op(&self, b: B, path: &str, ns: &str, op: &str, fields: &[(&str, &str)]) -> Answered {
        let resp = match b {
            B::Soap11 | B::Soap12 => {
                let v = if b == B::Soap11 { V::S11 } else { V::S12 };
                let params: String = fields
                    .iter()
                    .map(|(k, val)| format!("<{k}>{}</{k}>", val.replace('&', "&amp;").replace('<', "&lt;")))
                    .collect();
                let env = v.envelope(&format!(r#"<{op} xmlns="{ns}">{params}</{op}>"#));
                let req = self.client.post(format!("{}{path}", self.base));
                let req = match v {
                    V::S11 => req
                        .header("content-type", v.content_type())
                        .header("SOAPAction", format!("\"{ns}{op}\"")),
                    V::S12 => {
                        req.header("content-type", format!("{}; action=\"{ns}{op}\"", v.content_type()))
                    }
                };
                self.soap_send(req.body(env)).await
            }
            B::Post | B::Get => {
                let url = format!("{}{path}/{op}", self.base);
                let req = if b == B::Post {
                    self.client.post(url).form(fields)
                } else {
                    self.client.get(url).query(fields)
                };
                self.soap_send(req).await
            }
        };
        if resp.status != StatusCode::OK {
            return Answered { resp, result: None };
        }
        let result = match b {
            B::Soap11 | B::Soap12 => element_text(&resp.body, &format!("{op}Result")),
            B::Post | B::Get => {
                assert!(resp.content_type.starts_with("text/xml"), "{}", resp.content_type);
                // The bare element's content, whatever its name.
                let body = resp.body.split_once("?>").map_or(resp.body.as_str(), |(_, b)| b.trim());
                let open_end = body.find('>').unwrap_or(0) + 1;
                let close = body.rfind("</").unwrap_or(body.len());
                element_text(&format!("<x>{}</x>", &body[open_end.min(close)..close]), "x")
            }
        };
        Answered { result: Some(result.unwrap_or_default()), resp }
    }
}

impl SoapResp {
    /// A SOAP fault's reason text (1.1 `faultstring`, 1.2 `soap:Text`).
    pub fn fault_reason(&self) -> String {
        self.text("faultstring").or_else(|| self.text("soap:Text")).unwrap_or_default()
    }

    /// A plain-HTTP error's code header `X-<name>`, asserting the 500 it comes with.
    pub fn http_error_code(&self, name: &str) -> String {
        assert_eq!(self.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", self.body);
        self.headers.get(format!("X-{name}")).and_then(|h| h.to_str().ok()).unwrap_or_default().to_string()
    }
}
