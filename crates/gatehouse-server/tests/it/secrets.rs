//! No password, token, session secret or API key reaches a log line, the audit trail or the
//! database file in clear (SPEC §3.6, issue #8): a workload through every front end with debug
//! logging, then a search of everything the server wrote for every secret the test used.

use std::time::Duration;

use serde_json::{json, Value};

use crate::process::{gatehouse, serve};

const ROOT_PW: &str = "Root#Secret1";
const USER_PW: &str = "User#Secret1";
const NEW_PW: &str = "User#Secret2";
const CHANGED_PW: &str = "User#Secret3";

fn soap11(op: &str, fields: &[(&str, &str)]) -> String {
    let params: String = fields.iter().map(|(k, v)| format!("<{k}>{v}</{k}>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><{op} xmlns="https://os.ecgrid.io/">{params}</{op}></soap:Body></soap:Envelope>"#
    )
}

fn element(xml: &str, name: &str) -> String {
    let start = xml.find(&format!("<{name}>")).unwrap() + name.len() + 2;
    let end = xml[start..].find('<').unwrap() + start;
    xml[start..end].to_string()
}

#[actix_web::test]
async fn secrets_never_reach_logs_audit_rows_or_the_database_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = gatehouse();
    cmd.env("RUST_LOG", "debug")
        .env("GATEHOUSE_LOG_FORMAT", "json")
        .env("GATEHOUSE_BOOTSTRAP_LOGIN", "root")
        .env("GATEHOUSE_BOOTSTRAP_PASSWORD", ROOT_PW)
        .env("GATEHOUSE_JWT_SECRET", "jwt-signing-secret-value-0123456789abcdef");
    let (serving, base, mut lines) = serve(cmd, dir.path()).await;
    let http = reqwest::Client::new();
    let post = |path: &str, token: Option<&str>, body: Value| {
        let mut r = http.post(format!("{base}{path}")).json(&body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r
    };
    let mut secrets: Vec<String> = vec![ROOT_PW.into(), USER_PW.into(), NEW_PW.into(), CHANGED_PW.into()];
    secrets.push("jwt-signing-secret-value-0123456789abcdef".into());
    let j = |r: reqwest::Response| async move { r.json::<Value>().await.unwrap() };

    let root =
        j(post("/v2/auth/login", None, json!({"login": "root", "password": ROOT_PW})).send().await.unwrap())
            .await;
    let root = root["data"]["token"].as_str().unwrap().to_string();
    let made = j(post(
        "/v2/users",
        Some(&root),
        json!({"login": "u1", "password": USER_PW, "email": "u1@example.com"}),
    )
    .send()
    .await
    .unwrap())
    .await;
    let uid = made["data"]["userId"].as_i64().unwrap();
    let wrong = post("/v2/auth/login", None, json!({"login": "u1", "password": "Wrong#Secret9"}));
    secrets.push("Wrong#Secret9".into());
    wrong.send().await.unwrap();
    let user =
        j(post("/v2/auth/login", None, json!({"login": "u1", "password": USER_PW})).send().await.unwrap())
            .await;
    let user = user["data"]["token"].as_str().unwrap().to_string();
    let refreshed = j(post("/v2/auth/refresh", None, json!({"token": user})).send().await.unwrap()).await;
    let refreshed = refreshed["data"]["token"].as_str().unwrap().to_string();
    let change = json!({"currentPassword": USER_PW, "newPassword": CHANGED_PW});
    http.put(format!("{base}/v2/auth/password")).bearer_auth(&refreshed).json(&change).send().await.unwrap();
    post("/v2/users/password", Some(&root), json!({"userId": uid, "newPassword": NEW_PW}))
        .send()
        .await
        .unwrap();
    let key =
        j(post(&format!("/v2/users/key-generate/{uid}"), Some(&root), json!({})).send().await.unwrap()).await;
    let key = key["data"].as_str().unwrap().to_string();
    http.get(format!("{base}/v2/users/me")).header("X-API-Key", &key).send().await.unwrap();
    // Slack tokens in every place they can travel: header, form, JSON body and query string.
    let api = format!("{base}/api/auth.test");
    http.post(&api).bearer_auth(&root).send().await.unwrap();
    http.post(&api).form(&[("token", root.as_str())]).send().await.unwrap();
    http.post(&api).json(&json!({"token": key})).send().await.unwrap();
    http.get(format!("{api}?token={root}")).send().await.unwrap();
    // SOAP: ECGridOS Login (a GUID), UserPassword, and Archer's 32-character token.
    let soap = |body: String| {
        http.post(format!("{base}/v4.1/prod/ECGridOS.asmx"))
            .header("content-type", "text/xml; charset=utf-8")
            .body(body)
    };
    let login = soap(soap11("Login", &[("LoginName", "root"), ("Password", ROOT_PW)])).send().await.unwrap();
    let guid = element(&login.text().await.unwrap(), "LoginResult");
    let set = soap(soap11(
        "UserPassword",
        &[("SessionID", &guid), ("UserID", &uid.to_string()), ("NewPassword", "Soap#Secret4")],
    ));
    set.send().await.unwrap();
    secrets.push("Soap#Secret4".into());
    let archer = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateUserSession xmlns="http://archer-tech.com/webservices/"><userName>root</userName><instanceName>Default</instanceName><password>{ROOT_PW}</password></CreateUserSession></soap:Body></soap:Envelope>"#
    );
    let token = http
        .post(format!("{base}/archer/ws/general.asmx"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(archer)
        .send()
        .await
        .unwrap();
    let archer_token = element(&token.text().await.unwrap(), "CreateUserSessionResult");
    assert_eq!(archer_token.len(), 32);
    secrets.extend([root.clone(), user, refreshed, key, guid, archer_token]);

    let audit =
        j(http.get(format!("{base}/v2/audit?limit=500")).bearer_auth(&root).send().await.unwrap()).await;
    let audit = audit.to_string();
    assert!(audit.contains("password.set"), "{audit}");

    actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    lines.extend(serving.1.try_iter());
    drop(serving);
    let logs = lines.join("\n");
    assert!(logs.contains("request_id"), "log lines carry request ids: {logs}");
    let db = std::fs::read(dir.path().join("gatehouse.db")).unwrap_or_default();
    let wal = std::fs::read(dir.path().join("gatehouse.db-wal")).unwrap_or_default();
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "a secret reached the log: {secret}");
        assert!(!audit.contains(secret.as_str()), "a secret reached the audit trail: {secret}");
        for (name, bytes) in [("database", &db), ("WAL", &wal)] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "a secret is stored in clear in the {name}: {secret}");
        }
    }
}
