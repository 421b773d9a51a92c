//! The Slack-style Web API: every flag combination, every error code, transport rules.

use std::io::{Read, Write};

use chrono::Duration;
use gatehouse_core::user::{AuthLevel, Status, UserId};
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::{Resp, TestApp};

const PW: &str = "Passw0rd!";

impl TestApp {
    /// Call a Web API method with a form body and a bearer token.
    pub async fn api(&self, method: &str, token: Option<&str>, form: &[(&str, &str)]) -> Resp {
        let mut req = self.client.post(format!("{}/api/{method}", self.base)).form(form);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    /// Log in with a client type and return the token.
    pub async fn login_as(&self, login: &str, password: &str, kind: &str) -> String {
        let body = json!({"login": login, "password": password, "clientType": kind});
        let data = self.call(Method::POST, "/v2/auth/login", None, Some(body)).await.assert_ok();
        data["token"].as_str().unwrap().to_string()
    }

    /// True while `token` still opens a session.
    pub async fn alive(&self, token: &str) -> bool {
        self.call(Method::POST, "/v2/auth/session", Some(token), None).await.status.is_success()
    }
}

impl Resp {
    /// Assert `{"ok": false, "error": code}` with HTTP 200.
    #[track_caller]
    pub fn slack_error(&self, code: &str) {
        assert_eq!(self.status.as_u16(), 200, "body: {}", self.text);
        assert_eq!(self.body["ok"], json!(false), "body: {}", self.text);
        assert_eq!(self.body["error"], json!(code), "body: {}", self.text);
    }

    /// Assert `{"ok": true}` with HTTP 200; returns the body.
    #[track_caller]
    pub fn slack_ok(&self) -> Value {
        assert_eq!(self.status.as_u16(), 200, "body: {}", self.text);
        assert_eq!(self.body["ok"], json!(true), "body: {}", self.text);
        self.body.clone()
    }
}

async fn reset_flags_choose_which_kinds_of_session_die(app: TestApp) {
    let id = app.create_user("multi", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let user_id = format!("W{id}");
    // (mobile_only, web_only) -> which of web, mobile, desktop, api survive
    let cases: [(&str, &str, [bool; 4]); 6] = [
        ("false", "false", [false, false, false, false]),
        ("true", "false", [true, false, true, true]),
        ("false", "true", [false, true, true, true]),
        ("true", "true", [false, false, true, true]),
        ("1", "0", [true, false, true, true]),
        ("0", "1", [false, true, true, true]),
    ];
    for (mobile_only, web_only, survivors) in cases {
        let mut tokens = Vec::new();
        for kind in ["web", "mobile", "desktop", "api"] {
            tokens.push(app.login_as("multi", PW, kind).await);
        }
        let args = [("user_id", user_id.as_str()), ("mobile_only", mobile_only), ("web_only", web_only)];
        app.api("admin.users.session.reset", Some(&root), &args).await.slack_ok();
        for (token, survives) in tokens.iter().zip(survivors) {
            assert_eq!(app.alive(token).await, survives, "mobile_only={mobile_only} web_only={web_only}");
        }
        app.api("admin.users.session.reset", Some(&root), &[("user_id", &user_id)]).await.slack_ok();
    }
    // No flags at all: every session.
    let t = app.login_as("multi", PW, "desktop").await;
    app.api("admin.users.session.reset", Some(&root), &[("user_id", &id.to_string())]).await.slack_ok();
    assert!(!app.alive(&t).await);
    let msg = app
        .api("admin.users.session.reset", Some(&root), &[("user_id", &user_id), ("mobile_only", "maybe")])
        .await;
    msg.slack_error("invalid_arguments");
}
both!(reset_flags_choose_which_kinds_of_session_die);

async fn user_ids_take_w_u_or_plain_forms_and_anything_else_is_user_not_found(app: TestApp) {
    let id = app.create_user("shape", PW, AuthLevel::MailboxUser).await;
    let far = app.create_user_in("far", PW, AuthLevel::MailboxUser, 2, 0).await;
    app.create_user_in("netadm", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    let root = app.root_token().await;
    for form in [format!("W{id}"), format!("U{id}"), id.to_string()] {
        app.api("admin.users.session.reset", Some(&root), &[("user_id", &form)]).await.slack_ok();
    }
    for bad in ["X12", "W", "", "W-3", "99999", "W12abc"] {
        let r = app.api("admin.users.session.reset", Some(&root), &[("user_id", bad)]).await;
        let want = if bad.is_empty() { "invalid_arguments" } else { "user_not_found" };
        r.slack_error(want);
    }
    let admin = app.login("netadm", PW).await;
    app.api("admin.users.session.reset", Some(&admin), &[("user_id", &format!("W{far}"))])
        .await
        .slack_error("user_not_found");
}
both!(user_ids_take_w_u_or_plain_forms_and_anything_else_is_user_not_found);

async fn authentication_errors_name_what_is_wrong_with_the_token(app: TestApp) {
    let id = app.create_user("tok", PW, AuthLevel::MailboxUser).await;
    let args = [("user_id", "W1")];
    app.api("auth.test", None, &[]).await.slack_error("not_authed");
    app.api("auth.test", Some("garbage"), &[]).await.slack_error("invalid_auth");
    app.api("auth.test", Some("ghk_notakey"), &[]).await.slack_error("invalid_auth");
    app.api("auth.test", Some("a.b.c"), &[]).await.slack_error("invalid_auth");
    let token = app.login("tok", PW).await;
    app.api("auth.test", Some(&token), &[]).await.slack_ok();
    // As a `token` argument too.
    app.api("auth.test", None, &[("token", &token)]).await.slack_ok();
    app.call(Method::POST, "/v2/auth/logout", Some(&token), None).await.assert_ok();
    app.api("auth.test", Some(&token), &[]).await.slack_error("token_revoked");
    let idle = app.login("tok", PW).await;
    app.clock.advance(Duration::minutes(25));
    app.api("auth.test", Some(&idle), &args).await.slack_error("token_expired");
    let live = app.login("tok", PW).await;
    let root = app.caller(&app.root_token().await).await;
    app.core.set_status(&root, UserId(id), Status::Suspended).await.unwrap();
    app.api("auth.test", Some(&live), &[]).await.slack_error("account_inactive");
}
both!(authentication_errors_name_what_is_wrong_with_the_token);

async fn authorization_errors_follow_the_one_policy(app: TestApp) {
    let plain = app.create_user("pleb", PW, AuthLevel::MailboxUser).await;
    let peer = app.create_user_in("peer", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user_in("netadm", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user_in("root2", PW, AuthLevel::Root, 1, 0).await;
    let pleb = app.login("pleb", PW).await;
    let admin = app.login("netadm", PW).await;
    let root2 = app.login("root2", PW).await;
    let root = app.root_token().await;
    app.api("admin.users.session.reset", Some(&pleb), &[("user_id", &format!("W{peer}"))])
        .await
        .slack_error("not_an_admin");
    // Oneself is always allowed.
    app.api("admin.users.session.reset", Some(&pleb), &[("user_id", &format!("W{plain}"))]).await.slack_ok();
    app.api("admin.users.session.reset", Some(&admin), &[("user_id", &format!("W{peer}"))])
        .await
        .slack_error("access_denied");
    app.api("admin.users.session.reset", Some(&root2), &[("user_id", "W1")])
        .await
        .slack_error("cannot_reset_primary_owner");
    app.api("admin.users.session.reset", Some(&admin), &[("user_id", "W1")])
        .await
        .slack_error("cannot_reset_primary_owner");
    app.api("admin.users.session.reset", Some(&root), &[("user_id", "W1")]).await.slack_ok();

    let made = app
        .call(
            Method::POST,
            "/v2/users",
            Some(&app.root_token().await),
            Some(json!({"login": "botty", "email": "bot@example.com", "isBot": true, "authLevel": "NetworkAdmin"})),
        )
        .await
        .assert_ok();
    let bot = made["userId"].as_i64().unwrap();
    let root = app.root_token().await;
    app.api("admin.users.session.reset", Some(&root), &[("user_id", &format!("W{bot}"))])
        .await
        .slack_error("cannot_reset_bot");
    let key =
        app.call(Method::POST, &format!("/v2/users/key-generate/{bot}"), Some(&root), None).await.assert_ok();
    let key = key.as_str().unwrap();
    let who = app.api("auth.test", Some(key), &[]).await.slack_ok();
    assert_eq!(who["bot_id"], json!(format!("B{bot}")));
    app.api("admin.users.session.reset", Some(key), &[("user_id", &format!("W{plain}"))])
        .await
        .slack_error("missing_scope");
}
both!(authorization_errors_follow_the_one_policy);

async fn a_restricted_session_may_only_ask_who_it_is(app: TestApp) {
    let id = app.create_user("fpc", PW, AuthLevel::MailboxAdmin).await;
    let root = app.caller(&app.root_token().await).await;
    app.core.force_password_change(&root, UserId(id), true).await.unwrap();
    let token = app.login("fpc", PW).await;
    app.api("auth.test", Some(&token), &[]).await.slack_ok();
    app.api("admin.users.session.list", Some(&token), &[]).await.slack_error("password_change_required");
    app.api("admin.users.session.reset", Some(&token), &[("user_id", &format!("W{id}"))])
        .await
        .slack_error("password_change_required");
}
both!(a_restricted_session_may_only_ask_who_it_is);

async fn list_invalidate_reset_bulk_and_auth_test_work(app: TestApp) {
    let a = app.create_user("bulk_a", PW, AuthLevel::MailboxUser).await;
    let b = app.create_user("bulk_b", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let who = app.api("auth.test", Some(&root), &[]).await.slack_ok();
    assert_eq!(
        (who["user"].clone(), who["user_id"].clone(), who["team_id"].clone()),
        (json!("root"), json!("W1"), json!("T1"))
    );
    assert!(who["url"].as_str().unwrap().starts_with("http://127.0.0.1:"));

    let web = app.login_as("bulk_a", PW, "web").await;
    app.clock.advance(Duration::seconds(1));
    let mobile = app.login_as("bulk_a", PW, "mobile").await;
    let wa = format!("W{a}");
    let listed = app
        .api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &wa)])
        .await
        .slack_ok();
    let sessions = listed["active_sessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2, "{listed}");
    assert_eq!(sessions[0]["client_type"], json!("web"));
    assert_eq!(sessions[1]["user_id"], json!(format!("W{a}")));
    assert_eq!(listed["response_metadata"]["next_cursor"], json!(""));
    let page = app
        .api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &wa), ("limit", "1")])
        .await
        .slack_ok();
    assert_eq!(page["active_sessions"].as_array().unwrap().len(), 1);
    let cursor = page["response_metadata"]["next_cursor"].as_str().unwrap().to_string();
    let rest = app
        .api(
            "admin.users.session.list",
            Some(&root),
            &[("team_id", "T1"), ("user_id", &wa), ("cursor", &cursor)],
        )
        .await
        .slack_ok();
    assert_eq!(rest["active_sessions"][0]["session_id"], sessions[1]["session_id"], "the cursor goes on");
    assert_eq!(rest["response_metadata"]["next_cursor"], json!(""));
    let own = app.api("admin.users.session.list", Some(&mobile), &[]).await.slack_ok();
    assert_eq!(own["active_sessions"].as_array().unwrap().len(), 2);

    let sid = sessions[1]["session_id"].as_str().unwrap();
    app.api("admin.users.session.invalidate", Some(&root), &[("session_id", sid)]).await.slack_ok();
    assert!(!app.alive(&mobile).await);
    assert!(app.alive(&web).await);
    app.api("admin.users.session.invalidate", Some(&root), &[("session_id", sid)])
        .await
        .slack_error("session_not_found");
    app.api("admin.users.session.invalidate", Some(&root), &[]).await.slack_error("invalid_arguments");

    let b_token = app.login_as("bulk_b", PW, "mobile").await;
    let ids = format!("W{a},W{b}");
    app.api("admin.users.session.resetBulk", Some(&root), &[("user_ids", &ids), ("web_only", "true")])
        .await
        .slack_ok();
    assert!(!app.alive(&web).await);
    assert!(app.alive(&b_token).await, "web_only spares mobile sessions");
    let json_body = json!({"user_ids": [format!("W{b}"), format!("{a}")]});
    let req = app
        .client
        .post(format!("{}/api/admin.users.session.resetBulk", app.base))
        .bearer_auth(&root)
        .header("content-type", "application/json; charset=utf-8")
        .body(json_body.to_string());
    app.send(req).await.slack_ok();
    assert!(!app.alive(&b_token).await);
    // All or nothing: one refused target stops the whole batch.
    let c_token = app.login_as("bulk_b", PW, "web").await;
    app.api("admin.users.session.resetBulk", Some(&root), &[("user_ids", &format!("W{b},W99999"))])
        .await
        .slack_error("user_not_found");
    assert!(app.alive(&c_token).await);
    app.api("admin.users.session.resetBulk", Some(&root), &[]).await.slack_error("invalid_arguments");
}
both!(list_invalidate_reset_bulk_and_auth_test_work);

async fn transport_errors_and_warnings_follow_slack(app: TestApp) {
    let root = app.root_token().await;
    let url = format!("{}/api/auth.test", app.base);
    let raw = |ct: Option<&str>, body: &'static str| {
        let mut r = app.client.post(&url).bearer_auth(&root).body(body);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r
    };
    app.send(raw(None, "a=b")).await.slack_error("missing_post_type");
    app.send(raw(Some("application/xml"), "<a/>")).await.slack_error("invalid_post_type");
    app.send(raw(Some("application/x-www-form-urlencoded; charset=utf-16"), "a=b"))
        .await
        .slack_error("invalid_charset");
    app.send(raw(Some("application/x-www-form-urlencoded"), "bad-name=1"))
        .await
        .slack_error("invalid_arg_name");
    app.send(raw(Some("application/x-www-form-urlencoded"), "a[]=1")).await.slack_error("invalid_array_arg");
    app.send(raw(Some("application/x-www-form-urlencoded"), "token=a&token=b"))
        .await
        .slack_error("invalid_auth");
    app.send(raw(Some("application/x-www-form-urlencoded"), "ok=%FF%FE"))
        .await
        .slack_error("invalid_form_data");
    app.send(raw(Some("multipart/form-data; boundary=xyz"), "garbage"))
        .await
        .slack_error("invalid_form_data");
    app.send(raw(Some("application/json"), "{not json")).await.slack_error("invalid_arguments");
    let warned = app.send(raw(Some("application/json"), "{}")).await.slack_ok();
    assert_eq!(warned["warning"], json!("missing_charset"));
    assert_eq!(warned["response_metadata"]["warnings"], json!(["missing_charset"]));
    let form = reqwest::multipart::Form::new().text("x", "1");
    let multipart = app.client.post(&url).bearer_auth(&root).multipart(form);
    let fine = app.send(multipart).await.slack_ok();
    assert!(fine.get("warning").is_none(), "{fine}");
    let latin = app
        .client
        .post(&url)
        .header("content-type", "multipart/form-data; boundary=b; charset=utf-8")
        .bearer_auth(&root)
        .body("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n");
    let w = app.send(latin).await.slack_ok();
    assert_eq!(w["warning"], json!("superfluous_charset"));
    let json_token = app
        .client
        .post(&url)
        .header("content-type", "application/json; charset=utf-8")
        .body(json!({"token": root}).to_string());
    app.send(json_token).await.slack_ok();
    let query = app.client.get(format!("{url}?token={root}"));
    app.send(query).await.slack_ok();
    let unknown = app.api("admin.users.nuke", Some(&root), &[]).await;
    unknown.slack_error("unknown_method");
    let huge = "x".repeat(70_000);
    let big = app.client.post(&url).bearer_auth(&root).form(&[("pad", huge.as_str())]);
    app.send(big).await.slack_error("invalid_arguments");

    // A body shorter than its Content-Length: the client went away mid-request.
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /api/auth.test HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {root}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\na=b"
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.contains("request_timeout"), "{answer}");
}
both!(transport_errors_and_warnings_follow_slack);

async fn a_reset_through_the_web_api_is_audited_as_slack(app: TestApp) {
    let id = app.create_user("audited", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    app.api("admin.users.session.reset", Some(&root), &[("user_id", &format!("W{id}"))]).await.slack_ok();
    let trail = app.call(Method::GET, "/v2/audit?action=session.reset", Some(&root), None).await.assert_ok();
    assert_eq!(trail[0]["frontEnd"], json!("slack"));
    assert_eq!(trail[0]["targetUserId"], json!(id));
    assert_eq!(trail[0]["outcome"], json!("ok"));
}
both!(a_reset_through_the_web_api_is_audited_as_slack);

#[actix_web::test]
async fn rate_limits_answer_429_with_retry_after_per_token_and_method() {
    let settings =
        Settings { rate_limit: Some("on".into()), webapi_rate_per_min: Some(3), ..Settings::default() };
    let app = TestApp::start(TestDb::sqlite(), settings).await;
    let root = app.root_token().await;
    // GATEHOUSE_WEBAPI_RATE_PER_MIN sets Tier 2, the tier of admin.users.session.list.
    for _ in 0..3 {
        app.api("admin.users.session.list", Some(&root), &[]).await.slack_ok();
    }
    let limited = app.api("admin.users.session.list", Some(&root), &[]).await;
    assert_eq!(limited.status.as_u16(), 429, "{}", limited.text);
    assert_eq!(limited.body, json!({"ok": false, "error": "ratelimited"}));
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    // Another method, or another token, has its own allowance.
    app.api("auth.test", Some(&root), &[]).await.slack_ok();
    app.api("admin.users.session.invalidate", Some(&root), &[("session_id", "none")])
        .await
        .slack_error("session_not_found");
    let other = app.root_token().await;
    app.api("admin.users.session.list", Some(&other), &[]).await.slack_ok();
}

#[actix_web::test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
async fn a_database_failure_is_internal_error_without_internals() {
    let Some(db) = TestDb::postgres() else { return };
    let url = db.url.clone();
    let app = TestApp::start(db, Settings::default()).await;
    let id = app.create_user("doomed", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let status = std::process::Command::new("psql")
        .args([url.as_str(), "-qc", "ALTER TABLE audit_events RENAME TO audit_gone"])
        .status()
        .unwrap();
    assert!(status.success());
    let r = app.api("admin.users.session.reset", Some(&root), &[("user_id", &format!("W{id}"))]).await;
    r.slack_error("internal_error");
    assert!(!r.text.contains("audit"), "{}", r.text);
    let rest = app.call(Method::POST, &format!("/v2/users/reset/{id}"), Some(&root), None).await;
    let msg = rest.assert_error(500, "InternalError");
    assert!(!msg.contains("audit"), "{msg}");
}
