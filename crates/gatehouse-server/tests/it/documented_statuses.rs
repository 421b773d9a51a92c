//! Every status the OpenAPI document lists for a `/v2` operation can actually happen (issue #8).
//!
//! schemathesis checks that every answer is documented; this is the converse. The table below has
//! one recipe per documented (operation, status) pair: it sets up what the answer needs and sends
//! one request. One test fails when the document lists a pair that has no recipe, or the table
//! has a recipe for a pair the document does not list, so the two cannot drift apart; the other
//! runs every recipe and checks the whole answer: that exact status, `application/json`, a body
//! that matches the schema documented for that status, the SPEC §4.1 envelope, and the headers
//! that go with the status (`Allow`, `WWW-Authenticate`, `Retry-After`).
//!
//! A code an operation cannot produce is not given a recipe that cheats: the document stops
//! listing it (`StandardErrors` in `gatehouse_rest::openapi`).

use std::cell::Cell;
use std::collections::BTreeSet;

use futures_util::future::LocalBoxFuture;
use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::{break_sessions_table, Resp, TestApp};

const PW: &str = "Passw0rd!";
const NEW_PW: &str = "Changed#pw2";
const INVALID: &str = "InvalidParameter";
const NO_SESSION: &str = "InvalidSession";
const INACTIVE: &str = "AccountInactive";
const NOT_FOUND: &str = "ObjectNotFound";
const INTERNAL: &str = "InternalError";

/// A documented operation.
#[derive(Debug, Clone, Copy)]
struct Op {
    method: &'static str,
    path: &'static str,
}

type Fut<'a> = LocalBoxFuture<'a, Resp>;

/// Sets up what one answer needs and sends the one request that gets it.
type Run = for<'a> fn(&'a Ctx, Op) -> Fut<'a>;

/// A documented pair, the `errorCode` it answers with (empty for success), and its recipe.
struct Recipe {
    op: Op,
    status: u16,
    code: &'static str,
    run: Run,
}

fn add(table: &mut Vec<Recipe>, method: &'static str, path: &'static str, rows: &[(u16, &'static str, Run)]) {
    for &(status, code, run) in rows {
        table.push(Recipe { op: Op { method, path }, status, code, run });
    }
}

/// The recipe table. The 500 recipes run last, after the database has been broken.
#[rustfmt::skip]
fn recipes() -> Vec<Recipe> {
    let mut t = Vec::new();
    add(&mut t, "POST", "/v2/auth/login", &[
        (200, "", success),
        (400, INVALID, malformed_body),
        (401, "InvalidCredentials", wrong_password),
        (403, "AccountLocked", locked_account),
        (405, INVALID, wrong_method),
        (413, INVALID, oversized_body),
        (415, INVALID, not_json),
        (429, "RateLimitExceeded", throttled_login),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "POST", "/v2/auth/refresh", &[
        (200, "", success),
        (400, INVALID, malformed_body),
        (401, NO_SESSION, unknown_refresh_token),
        (405, INVALID, wrong_method),
        (413, INVALID, oversized_body),
        (415, INVALID, not_json),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "POST", "/v2/auth/session", &[
        (200, "", success),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "POST", "/v2/auth/logout", &[
        (200, "", success),
        (400, INVALID, logout_with_an_api_key),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "PUT", "/v2/auth/password", &[
        (200, "", success),
        (400, INVALID, malformed_body),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (413, INVALID, oversized_body),
        (415, INVALID, not_json),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "GET", "/v2/auth/version", &[
        (200, "", success),
        (405, INVALID, wrong_method),
    ]);
    add(&mut t, "POST", "/v2/users", &[
        (200, "", success),
        (400, INVALID, malformed_body),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (409, "Conflict", login_taken),
        (413, INVALID, oversized_body),
        (415, INVALID, not_json),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "GET", "/v2/users/me", &[
        (200, "", success),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (500, INTERNAL, database_broken),
    ]);
    for path in ["/v2/users/list", "/v2/users/by-name"] {
        add(&mut t, "POST", path, &[
            (200, "", success),
            (400, INVALID, malformed_body),
            (401, NO_SESSION, no_credential),
            (403, INACTIVE, inactive_caller),
            (405, INVALID, wrong_method),
            (413, INVALID, oversized_body),
            (415, INVALID, not_json),
            (500, INTERNAL, database_broken),
        ]);
    }
    add(&mut t, "PUT", "/v2/users", &[
        (200, "", success),
        (400, INVALID, malformed_body),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (404, NOT_FOUND, unknown_user),
        (405, INVALID, wrong_method),
        (409, "Conflict", renamed_to_a_taken_login),
        (413, INVALID, oversized_body),
        (415, INVALID, not_json),
        (500, INTERNAL, database_broken),
    ]);
    // Administration with a JSON body naming the target user.
    for (method, path) in [
        ("POST", "/v2/users/password"),
        ("POST", "/v2/users/force-password-change"),
        ("POST", "/v2/users/role"),
        ("POST", "/v2/users/status"),
        ("PUT", "/v2/users/{id}/session-settings"),
        ("PUT", "/v2/users/{id}/expiration"),
    ] {
        add(&mut t, method, path, &[
            (200, "", success),
            (400, INVALID, malformed_body),
            (401, NO_SESSION, no_credential),
            (403, INACTIVE, inactive_caller),
            (404, NOT_FOUND, unknown_user),
            (405, INVALID, wrong_method),
            (413, INVALID, oversized_body),
            (415, INVALID, not_json),
            (500, INTERNAL, database_broken),
        ]);
    }
    // Administration with the target user in the path.
    for (method, path) in [
        ("GET", "/v2/users/{id}"),
        ("DELETE", "/v2/users/{id}"),
        ("POST", "/v2/users/reset/{id}"),
        ("POST", "/v2/users/key-generate/{id}"),
        ("GET", "/v2/users/{id}/sessions"),
        ("GET", "/v2/users/{id}/session-settings"),
        ("DELETE", "/v2/users/{id}/session-settings"),
    ] {
        add(&mut t, method, path, &[
            (200, "", success),
            (400, INVALID, malformed_path),
            (401, NO_SESSION, no_credential),
            (403, INACTIVE, inactive_caller),
            (404, NOT_FOUND, unknown_user),
            (405, INVALID, wrong_method),
            (500, INTERNAL, database_broken),
        ]);
    }
    add(&mut t, "DELETE", "/v2/users/{id}/sessions/{sessionId}", &[
        (200, "", success),
        (400, INVALID, malformed_path),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (404, NOT_FOUND, unknown_session),
        (405, INVALID, wrong_method),
        (500, INTERNAL, database_broken),
    ]);
    add(&mut t, "GET", "/v2/audit", &[
        (200, "", success),
        (400, INVALID, malformed_query),
        (401, NO_SESSION, no_credential),
        (403, INACTIVE, inactive_caller),
        (405, INVALID, wrong_method),
        (500, INTERNAL, database_broken),
    ]);
    t
}

// ---- the recipes ----

/// A well-formed request by a caller allowed to make it, about a fresh user.
fn success(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let target = c.fresh_target().await;
        c.send(c.request(op, &target)).await
    })
}

fn malformed_body(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        c.send_raw(&c.request(op, &c.victim), "application/json", r#"{"userId": "#.into()).await
    })
}

fn oversized_body(c: &Ctx, op: Op) -> Fut<'_> {
    let body = json!({ "padding": "x".repeat(100_000) }).to_string();
    Box::pin(async move { c.send_raw(&c.request(op, &c.victim), "application/json", body).await })
}

/// The well-formed body, labelled as something other than JSON.
fn not_json(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let req = c.request(op, &c.victim);
        let body = req.body.as_ref().map(Value::to_string).unwrap_or_default();
        c.send_raw(&req, "text/plain", body).await
    })
}

fn malformed_path(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let mut req = c.request(op, &c.victim);
        req.path = op.path.replace("{id}", "not-a-number").replace("{sessionId}", &c.victim.session_id);
        c.send(req).await
    })
}

fn malformed_query(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let mut req = c.request(op, &c.victim);
        req.path = format!("{}?limit=lots", op.path);
        c.send(req).await
    })
}

fn no_credential(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move { c.send(Req { token: None, ..c.request(op, &c.victim) }).await })
}

/// The caller's account was suspended after it logged in: `authenticate` refuses it.
fn inactive_caller(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move { c.send(Req { token: Some(c.inactive.clone()), ..c.request(op, &c.victim) }).await })
}

fn unknown_user(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let ghost = Target { id: 999_999_999, ..c.victim.clone() };
        c.send(c.request(op, &ghost)).await
    })
}

fn unknown_session(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let gone = Target { session_id: "no-such-session".into(), ..c.victim.clone() };
        c.send(c.request(op, &gone)).await
    })
}

/// A method the path does not have.
fn wrong_method(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let req = c.request(op, &c.victim);
        c.app.call(Method::PATCH, &req.path, req.token.as_deref(), None).await
    })
}

/// Runs last: the runner has renamed the sessions table under the running app, so every
/// operation that reaches the store fails inside it.
fn database_broken(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move { c.send(c.request(op, &c.victim)).await })
}

fn wrong_password(c: &Ctx, _: Op) -> Fut<'_> {
    Box::pin(async move { c.app.login_resp(&c.victim.login, "Wrong#pw1").await })
}

/// Wrong passwords until the account locks (the failure that locks answers `AccountLocked`).
fn locked_account(c: &Ctx, _: Op) -> Fut<'_> {
    Box::pin(async move {
        let target = c.fresh_target().await;
        let mut resp = c.app.login_resp(&target.login, "Wrong#pw1").await;
        for _ in 0..10 {
            if resp.status.as_u16() != 401 {
                break;
            }
            resp = c.app.login_resp(&target.login, "Wrong#pw1").await;
        }
        resp
    })
}

/// `TestApp` throttles nothing by default; this one allows two attempts per login name.
fn throttled_login(c: &Ctx, _: Op) -> Fut<'_> {
    Box::pin(async move {
        let db = if c.app.db_url.starts_with("sqlite://") {
            TestDb::sqlite()
        } else {
            TestDb::postgres().unwrap()
        };
        let settings = Settings {
            rate_limit: Some("on".into()),
            login_rate_per_min_login: Some(2),
            ..Settings::default()
        };
        let app = TestApp::start(db, settings).await;
        for _ in 0..2 {
            app.login_resp("flood", PW).await.assert_error(401, "InvalidCredentials");
        }
        app.login_resp("flood", PW).await
    })
}

fn unknown_refresh_token(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let mut req = c.request(op, &c.victim);
        req.body = Some(json!({ "token": "not-a-token" }));
        c.send(req).await
    })
}

/// An API key authenticates but has no session to end.
fn logout_with_an_api_key(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let target = c.fresh_target().await;
        let path = format!("/v2/users/key-generate/{}", target.id);
        let key = c.app.call(Method::POST, &path, Some(&c.root), None).await.assert_ok();
        let req = c.app.client.post(format!("{}{}", c.app.base, op.path));
        c.app.send(req.header("X-API-Key", key.as_str().unwrap())).await
    })
}

fn login_taken(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let mut req = c.request(op, &c.victim);
        req.body.as_mut().unwrap()["login"] = json!(c.victim.login.to_uppercase());
        c.send(req).await
    })
}

fn renamed_to_a_taken_login(c: &Ctx, op: Op) -> Fut<'_> {
    Box::pin(async move {
        let mut req = c.request(op, &c.victim);
        req.body.as_mut().unwrap()["login"] = json!(crate::support::ROOT_LOGIN.to_uppercase());
        c.send(req).await
    })
}

// ---- the state the recipes share ----

/// A MailboxUser of network 1, mailbox 100, logged in.
#[derive(Clone)]
struct Target {
    id: i64,
    login: String,
    token: String,
    session_id: String,
}

struct Ctx {
    app: TestApp,
    doc: Value,
    root: String,
    /// Token of a user suspended after it logged in.
    inactive: String,
    /// The user the error recipes name; nothing changes it, so it is intact when the store breaks.
    victim: Target,
    made: Cell<u32>,
}

/// One request: method, concrete path, bearer token, JSON body.
struct Req {
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<Value>,
}

async fn target(app: &TestApp, login: &str) -> Target {
    let id = app.create_user(login, PW, AuthLevel::MailboxUser).await;
    let token = app.login(login, PW).await;
    let session = app.call(Method::POST, "/v2/auth/session", Some(&token), None).await.assert_ok();
    let session_id = session["sessionId"].as_str().unwrap().to_string();
    Target { id, login: login.into(), token, session_id }
}

impl Ctx {
    async fn new(app: TestApp) -> Ctx {
        let root = app.root_token().await;
        let suspended = target(&app, "suspended").await;
        let body = json!({ "userId": suspended.id, "status": "Suspended" });
        app.call(Method::POST, "/v2/users/status", Some(&root), Some(body)).await.assert_ok();
        let victim = target(&app, "victim").await;
        Ctx { app, doc: document(), root, inactive: suspended.token, victim, made: Cell::new(0) }
    }

    async fn fresh_target(&self) -> Target {
        self.made.set(self.made.get() + 1);
        target(&self.app, &format!("fresh{}", self.made.get())).await
    }

    /// A well-formed request for `op` about `target`: made by the target itself where the
    /// operation is about the caller, else by root.
    fn request(&self, op: Op, target: &Target) -> Req {
        let id = target.id;
        let body = match (op.method, op.path) {
            ("POST", "/v2/auth/login") => Some(json!({ "login": target.login, "password": PW })),
            ("POST", "/v2/auth/refresh") => Some(json!({ "token": target.token })),
            ("PUT", "/v2/auth/password") => Some(json!({ "currentPassword": PW, "newPassword": NEW_PW })),
            ("POST", "/v2/users") => Some(json!({
                "login": format!("{}-made", target.login), "password": PW, "email": "made@example.com",
                "networkId": 1, "mailboxId": 100, "authLevel": "MailboxUser",
            })),
            ("PUT", "/v2/users") => Some(json!({ "userId": id, "firstName": "Renamed" })),
            ("POST", "/v2/users/list") => Some(json!({ "networkId": 1 })),
            ("POST", "/v2/users/by-name") => Some(json!({ "login": target.login })),
            ("POST", "/v2/users/password") => Some(json!({ "userId": id, "newPassword": NEW_PW })),
            ("POST", "/v2/users/force-password-change") => {
                Some(json!({ "userId": id, "forcePasswordChange": true }))
            }
            ("POST", "/v2/users/role") => Some(json!({ "userId": id, "authLevel": "MailboxAdmin" })),
            ("POST", "/v2/users/status") => Some(json!({ "userId": id, "status": "Suspended" })),
            ("PUT", "/v2/users/{id}/session-settings") => Some(json!({ "durationSecs": 86400 })),
            ("PUT", "/v2/users/{id}/expiration") => Some(json!({ "expiresAt": "2099-01-01T00:00:00Z" })),
            _ => None,
        };
        let documented = operation(&self.doc, op);
        assert_eq!(body.is_some(), documented.get("requestBody").is_some(), "a body for {op:?}");
        let own =
            matches!(op.path, "/v2/auth/session" | "/v2/auth/logout" | "/v2/auth/password" | "/v2/users/me");
        let token = match (secured(documented), own) {
            (false, _) => None,
            (true, true) => Some(target.token.clone()),
            (true, false) => Some(self.root.clone()),
        };
        let mut path = op.path.replace("{id}", &id.to_string()).replace("{sessionId}", &target.session_id);
        if op.path == "/v2/audit" {
            path.push_str(&format!("?userId={id}&limit=5"));
        }
        Req { method: Method::from_bytes(op.method.as_bytes()).unwrap(), path, token, body }
    }

    async fn send(&self, req: Req) -> Resp {
        self.app.call(req.method, &req.path, req.token.as_deref(), req.body).await
    }

    /// `req` with `body` sent as is, labelled `content_type`.
    async fn send_raw(&self, req: &Req, content_type: &str, body: String) -> Resp {
        let mut builder =
            self.app.client.request(req.method.clone(), format!("{}{}", self.app.base, req.path));
        if let Some(token) = &req.token {
            builder = builder.bearer_auth(token);
        }
        self.app.send(builder.header(CONTENT_TYPE, content_type).body(body)).await
    }
}

// ---- the document ----

fn document() -> Value {
    serde_json::from_str(&gatehouse_rest::openapi::document_json()).unwrap()
}

fn operation(doc: &Value, op: Op) -> &Value {
    &doc["paths"][op.path][op.method.to_ascii_lowercase()]
}

fn secured(operation: &Value) -> bool {
    operation["security"].as_array().is_some_and(|s| !s.is_empty())
}

/// Every (METHOD, path template, status) the document lists under `/v2/`.
fn documented_pairs(doc: &Value) -> BTreeSet<(String, String, u16)> {
    let mut pairs = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap().iter().filter(|(p, _)| p.starts_with("/v2/")) {
        for (method, op) in item.as_object().unwrap() {
            for status in op["responses"].as_object().unwrap().keys() {
                let code = status.parse().unwrap_or_else(|_| panic!("{method} {path}: response `{status}`"));
                pairs.insert((method.to_uppercase(), path.clone(), code));
            }
        }
    }
    pairs
}

/// The HTTP statuses SPEC §4.1 gives an `errorCode` (405 is `InvalidParameter`, as every other
/// framework rejection of the request).
fn spec_statuses(code: &str) -> &'static [u16] {
    match code {
        "InvalidParameter" => &[400, 405, 413, 415],
        "InvalidSession" | "InvalidAPIKey" | "InvalidCredentials" => &[401],
        "AccountLocked" | "AccountInactive" | "PasswordChangeRequired" | "AccessDenied" => &[403],
        "ObjectNotFound" => &[404],
        "Conflict" => &[409],
        "RateLimitExceeded" => &[429],
        "InternalError" => &[500],
        "" => &[200],
        _ => &[],
    }
}

/// Whether `value` matches `schema` (the subset of JSON Schema the document uses).
fn conforms(doc: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.strip_prefix("#/components/schemas/").ok_or(format!("unsupported $ref {r}"))?;
        return conforms(doc, &doc["components"]["schemas"][name], value);
    }
    if let Some(choices) = schema["oneOf"].as_array() {
        return match choices.iter().any(|s| conforms(doc, s, value).is_ok()) {
            true => Ok(()),
            false => Err(format!("{value} matches no choice of {}", schema["oneOf"])),
        };
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let has = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "null" => value.is_null(),
        _ => false,
    };
    if !types.is_empty() && !types.iter().any(|t| has(t)) {
        return Err(format!("{value} is not {types:?}"));
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            return Err(format!("{value} is not one of {}", schema["enum"]));
        }
    }
    if let Some(object) = value.as_object() {
        for key in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(key) {
                return Err(format!("`{key}` is missing"));
            }
        }
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(v) = object.get(key) {
                conforms(doc, property, v).map_err(|e| format!("{key}: {e}"))?;
            }
        }
    }
    if let (Some(items), Some(values)) = (schema.get("items"), value.as_array()) {
        for v in values {
            conforms(doc, items, v).map_err(|e| format!("[]: {e}"))?;
        }
    }
    Ok(())
}

// ---- the tests ----

#[test]
fn the_recipes_are_exactly_the_documented_pairs() {
    let table: Vec<(String, String, u16)> =
        recipes().iter().map(|r| (r.op.method.into(), r.op.path.into(), r.status)).collect();
    let covered: BTreeSet<_> = table.iter().cloned().collect();
    assert_eq!(covered.len(), table.len(), "a pair has two recipes");
    let documented = documented_pairs(&document());
    let show = |pairs: BTreeSet<&(String, String, u16)>| {
        pairs.iter().map(|(m, p, s)| format!("\n  {m} {p} {s}")).collect::<String>()
    };
    let missing = show(documented.difference(&covered).collect());
    let undocumented = show(covered.difference(&documented).collect());
    assert!(
        missing.is_empty() && undocumented.is_empty(),
        "documented, but no recipe reaches it (add a recipe, or stop documenting it):{missing}\n\
         a recipe reaches it, but it is not documented:{undocumented}"
    );
    for r in recipes() {
        assert!(
            spec_statuses(r.code).contains(&r.status),
            "{} {} {} {}",
            r.op.method,
            r.op.path,
            r.status,
            r.code
        );
    }
    eprintln!("{} documented (operation, status) pairs, each with a recipe", table.len());
}

async fn every_documented_status_happens(app: TestApp) {
    let ctx = Ctx::new(app).await;
    let (last, first): (Vec<Recipe>, Vec<Recipe>) = recipes().into_iter().partition(|r| r.status == 500);
    for recipe in &first {
        check(&ctx, recipe).await;
    }
    break_sessions_table(&ctx.app.db_url);
    for recipe in &last {
        check(&ctx, recipe).await;
    }
}
both!(every_documented_status_happens);

/// Run one recipe and check the whole answer against the table and the document.
async fn check(c: &Ctx, r: &Recipe) {
    let pair = format!("{} {} → {}", r.op.method, r.op.path, r.status);
    let resp = (r.run)(c, r.op).await;
    assert_eq!(resp.status.as_u16(), r.status, "{pair}: {}", resp.text);
    let content_type = resp.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(content_type.starts_with("application/json"), "{pair}: content type `{content_type}`");
    let documented = &operation(&c.doc, r.op)["responses"][r.status.to_string()];
    let schema = &documented["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{pair}: the document gives no JSON schema");
    if let Err(e) = conforms(&c.doc, schema, &resp.body) {
        panic!("{pair}: the body does not match the documented schema: {e}\n{}", resp.text);
    }
    assert_eq!(resp.body["errorCode"], json!(r.code), "{pair}: {}", resp.text);
    if r.status == 200 {
        resp.assert_ok();
        assert_eq!(resp.body["message"], json!(""), "{pair}: {}", resp.text);
    } else {
        let message = resp.assert_error(r.status, r.code);
        if r.status == 500 {
            assert_eq!(message, "internal error; see the server log", "{pair}: no internals");
        }
    }
    let header = |name| resp.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    match (r.status, r.code) {
        (401, _) => assert_eq!(header(WWW_AUTHENTICATE), "Bearer", "{pair}"),
        (405, _) => {
            let allowed: BTreeSet<String> =
                header(ALLOW).split(',').map(|m| m.trim().to_lowercase()).collect();
            let paths = c.doc["paths"][r.op.path].as_object().unwrap();
            assert_eq!(allowed, paths.keys().cloned().collect(), "{pair}: Allow");
        }
        (429, _) | (403, "AccountLocked") => {
            let secs: u64 = header(RETRY_AFTER).parse().unwrap_or(0);
            assert!(secs >= 1, "{pair}: Retry-After `{}`", header(RETRY_AFTER));
        }
        _ => {}
    }
}
