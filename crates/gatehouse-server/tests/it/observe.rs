//! What an operator sees (issue #19): the real binary with JSON logs serves one request on
//! every front end; its log has exactly one flat access line per request with every field,
//! and no secret; `/metrics` counts each operation and outcome once, with the same labels.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{json, Value};

use crate::process::{gatehouse_with_root, serve};
use crate::soap_support::{element_text, V};
use crate::support::{ROOT_LOGIN, ROOT_PASSWORD};

const ECGRIDOS: &str = "/v4.1/prod/ECGridOS.asmx";
const ECGRIDOS_NS: &str = "https://os.ecgrid.io/";
const ARCHER: &str = "/archer/ws/general.asmx";
const ARCHER_NS: &str = "http://archer-tech.com/webservices/";
/// A client behind the trusted proxy (the test talks from 127.0.0.1, which it trusts).
const FORWARDED: &str = "198.51.100.7";

/// One request's expected access line: front end, operation, outcome, status, user id.
type Expected = (&'static str, &'static str, &'static str, u16, Option<i64>);

async fn soap(
    http: &reqwest::Client,
    url: String,
    ns: &str,
    v: V,
    op: &str,
    fields: &[(&str, &str)],
) -> String {
    let params: String = fields.iter().map(|(k, val)| format!("<{k}>{val}</{k}>")).collect();
    let body = v.envelope(&format!(r#"<{op} xmlns="{ns}">{params}</{op}>"#));
    let req = match v {
        V::S11 => http
            .post(url)
            .header("content-type", v.content_type())
            .header("SOAPAction", format!("\"{ns}{op}\"")),
        V::S12 => http.post(url).header("content-type", format!("{}; action=\"{ns}{op}\"", v.content_type())),
    };
    req.body(body).send().await.unwrap().text().await.unwrap()
}

#[actix_web::test]
async fn every_request_has_one_flat_access_line_and_is_counted_by_operation_and_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = gatehouse_with_root(None);
    cmd.env("GATEHOUSE_LOG_FORMAT", "json").env("GATEHOUSE_TRUSTED_PROXIES", "127.0.0.1/32");
    let (mut serving, base, mut lines) = serve(cmd, dir.path()).await;
    let http = reqwest::Client::new();
    let mut expected: Vec<Expected> = Vec::new();

    // REST: a login, a failed login, a read through the proxy, a refusal.
    let login = |password: &str| {
        http.post(format!("{base}/v2/auth/login")).json(&json!({"login": ROOT_LOGIN, "password": password}))
    };
    let token: Value = login(ROOT_PASSWORD).send().await.unwrap().json().await.unwrap();
    let token = token["data"]["token"].as_str().unwrap().to_string();
    expected.push(("rest", "POST /v2/auth/login", "ok", 200, Some(1)));
    login("Wrong#pass1").send().await.unwrap();
    expected.push(("rest", "POST /v2/auth/login", "InvalidCredentials", 401, None));
    let me = http.get(format!("{base}/v2/users/me")).bearer_auth(&token).header("x-forwarded-for", FORWARDED);
    assert_eq!(me.send().await.unwrap().status(), 200);
    expected.push(("rest", "GET /v2/users/me", "ok", 200, Some(1)));
    http.get(format!("{base}/v2/users/999")).bearer_auth(&token).send().await.unwrap();
    expected.push(("rest", "GET /v2/users/{id}", "ObjectNotFound", 404, Some(1)));

    // Web API: a refusal in Slack's terms (HTTP 200), and a method that does not exist.
    let reset = http.post(format!("{base}/api/admin.users.session.reset")).bearer_auth(&token);
    let answer: Value = reset.form(&[("user_id", "W999")]).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["error"], json!("user_not_found"), "{answer}");
    expected.push(("slack", "admin.users.session.reset", "user_not_found", 200, Some(1)));
    http.post(format!("{base}/api/no.such.method")).bearer_auth(&token).send().await.unwrap();
    expected.push(("slack", "unknown", "unknown_method", 200, None));

    // ECGridOS over SOAP 1.1, SOAP 1.2 and HTTP-POST; Archer over SOAP 1.1.
    let fields = [("LoginName", ROOT_LOGIN), ("Password", ROOT_PASSWORD)];
    let body = soap(&http, format!("{base}{ECGRIDOS}"), ECGRIDOS_NS, V::S11, "Login", &fields).await;
    let session = element_text(&body, "LoginResult").unwrap();
    expected.push(("soap11", "Login (SOAP 1.1)", "ok", 200, Some(1)));
    let fields = [("SessionID", "not-a-session"), ("UserID", "1")];
    soap(&http, format!("{base}{ECGRIDOS}"), ECGRIDOS_NS, V::S12, "UserInfo", &fields).await;
    expected.push(("soap12", "UserInfo (SOAP 1.2)", "Sender/Authentication", 400, None));
    let form = [("SessionID", session.as_str()), ("UserID", "1")];
    let info = http.post(format!("{base}{ECGRIDOS}/UserInfo")).form(&form).send().await.unwrap();
    assert_eq!(info.status(), 200);
    expected.push(("http-post", "UserInfo (HTTP-POST)", "ok", 200, Some(1)));
    let fields = [("userName", ROOT_LOGIN), ("instanceName", "Default"), ("password", ROOT_PASSWORD)];
    let body =
        soap(&http, format!("{base}{ARCHER}"), ARCHER_NS, V::S11, "CreateUserSessionFromInstance", &fields)
            .await;
    let archer_token = element_text(&body, "CreateUserSessionFromInstanceResult").unwrap();
    expected.push(("archer", "CreateUserSessionFromInstance (SOAP 1.1)", "ok", 200, Some(1)));

    // The service's own routes.
    http.get(format!("{base}/healthz")).send().await.unwrap();
    expected.push(("service", "GET /healthz", "ok", 200, None));
    let metrics = http.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();

    // Counted once per operation and outcome, with the access line's labels.
    let count = |name: &str, labels: &str| -> f64 {
        let prefix = if labels.is_empty() { format!("{name} ") } else { format!("{name}{{{labels}}} ") };
        let line = metrics.lines().find(|l| l.starts_with(&prefix));
        line.unwrap_or_else(|| panic!("no {prefix} in\n{metrics}"))[prefix.len()..].parse().unwrap()
    };
    let histogram = r#"front_end="soap11",operation="Login (SOAP 1.1)",le="+Inf""#;
    assert_eq!(count("gatehouse_request_duration_seconds_bucket", histogram), 1.0);
    assert_eq!(count("gatehouse_logins_total", r#"outcome="ok""#), 3.0, "REST, ECGridOS and Archer");
    assert_eq!(count("gatehouse_logins_total", r#"outcome="InvalidCredentials""#), 1.0);
    assert_eq!(count("gatehouse_active_sessions", ""), 3.0);
    expected.push(("service", "GET /metrics", "ok", 200, None));

    // Stop the binary, then read every line it wrote.
    let _ = serving.0.kill();
    let _ = serving.0.wait();
    while let Ok(line) = serving.1.recv_timeout(Duration::from_secs(5)) {
        lines.push(line);
    }
    let parsed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    for line in &parsed {
        assert!(line.get("span").is_none() && line.get("spans").is_none(), "flat: {line}");
    }
    let secrets = [ROOT_PASSWORD, "Wrong#pass1", token.as_str(), session.as_str(), archer_token.as_str()];
    for (raw, secret) in lines.iter().flat_map(|l| secrets.iter().map(move |s| (l, s))) {
        assert!(!raw.contains(secret), "a secret reached the log: {raw}");
    }
    let access: Vec<&Value> = parsed.iter().filter(|l| l["target"] == "gatehouse::access").collect();
    // The start-up probe's `/healthz` calls come first; every later line is one of ours.
    let probes = access.iter().take_while(|l| l["operation"] == "GET /healthz").count();
    let access = &access[probes..];
    let mut per_series: Vec<(String, f64)> = Vec::new();
    for (front_end, operation, outcome, _, _) in &expected[..expected.len() - 1] {
        let labels = format!(r#"front_end="{front_end}",operation="{operation}",outcome="{outcome}""#);
        match per_series.iter_mut().find(|(l, _)| *l == labels) {
            Some((_, n)) => *n += 1.0,
            None if *operation == "GET /healthz" => per_series.push((labels, 1.0 + probes as f64)),
            None => per_series.push((labels, 1.0)),
        }
    }
    for (labels, n) in &per_series {
        assert_eq!(count("gatehouse_requests_total", labels), *n, "{labels}");
    }
    assert_eq!(access.len(), expected.len(), "one line per request: {access:#?}");
    let mut ids = HashSet::new();
    for (line, (front_end, operation, outcome, status, user)) in access.iter().zip(&expected) {
        let id = line["request_id"].as_str().unwrap_or_default();
        assert!(id.len() == 36 && ids.insert(id.to_string()), "a request id of its own: {line}");
        assert_eq!(line["front_end"], json!(front_end), "{line}");
        assert_eq!(line["operation"], json!(operation), "{line}");
        assert_eq!(line["outcome"], json!(outcome), "{line}");
        assert_eq!(line["status"], json!(status), "{line}");
        assert!(line["duration_ms"].as_f64().is_some_and(|d| d >= 0.0), "{line}");
        let client = if *operation == "GET /v2/users/me" { FORWARDED } else { "127.0.0.1" };
        assert_eq!(line["client"], json!(client), "{line}");
        assert_eq!(line.get("user_id"), user.map(|u| json!(u)).as_ref(), "{line}");
    }
}

/// Every `gatehouse_*` metric a text names, without the histogram series suffixes.
fn metric_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("gatehouse_"))
        .map(|w| {
            let w = w.strip_suffix("_bucket").or_else(|| w.strip_suffix("_sum")).unwrap_or(w);
            w.strip_suffix("_count").unwrap_or(w).to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The dashboard and the alert rules in `deploy/` name only metrics `/metrics` exports.
async fn the_dashboard_and_the_alert_rules_name_only_exported_metrics(app: crate::support::TestApp) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/");
    let dashboard = std::fs::read_to_string(format!("{root}grafana/gatehouse-dashboard.json")).unwrap();
    let alerts = std::fs::read_to_string(format!("{root}prometheus/gatehouse-alerts.yml")).unwrap();
    let parsed: Value = serde_json::from_str(&dashboard).unwrap();
    let exprs: Vec<&str> = parsed["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().iter().map(|t| t["expr"].as_str().unwrap()))
        .collect();
    assert!(exprs.len() >= 10, "{exprs:?}");
    app.root_token().await;
    let scraped = app.call(reqwest::Method::GET, "/metrics", None, None).await.text;
    let exported = metric_names(&scraped);
    let declared: Vec<&str> = gatehouse_server::metrics::METRICS.iter().map(|(name, _)| *name).collect();
    for (file, text) in [("dashboard", exprs.join("\n")), ("alerts", alerts)] {
        let named = metric_names(&text);
        assert!(named.len() >= 5, "{file}: {named:?}");
        for name in named {
            assert!(
                exported.contains(&name),
                "{file} names {name}, which /metrics does not export:\n{scraped}"
            );
            assert!(
                declared.contains(&name.as_str()),
                "{file} names {name}, which metrics::METRICS does not list"
            );
        }
    }
    for name in declared {
        assert!(exported.iter().any(|e| e == name), "{name} is declared but not exported:\n{scraped}");
    }
}
crate::both!(the_dashboard_and_the_alert_rules_name_only_exported_metrics);
