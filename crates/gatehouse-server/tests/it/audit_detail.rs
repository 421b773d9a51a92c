//! Audit detail (issue #19): every action's event, read back over `GET /v2/audit`, carries the
//! session it happened in and what exactly happened; secrets are named, never shown; refusals
//! carry the REST `errorCode` as outcome and the finer reason; the filters combine.

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::{TestApp, ROOT_PASSWORD};

const PW: &str = "Detail#pw1";

/// The newest event of `action` about `target` (any target: `None`).
async fn newest(app: &TestApp, token: &str, action: &str, target: Option<i64>) -> Value {
    let query = match target {
        Some(t) => format!("/v2/audit?action={action}&userId={t}&limit=1"),
        None => format!("/v2/audit?action={action}&limit=1"),
    };
    let events = app.call(Method::GET, &query, Some(token), None).await.assert_ok();
    events[0].clone()
}

/// The session id a token belongs to.
async fn session_of(app: &TestApp, token: &str) -> Value {
    app.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_ok()["sessionId"].clone()
}

fn change(event: &Value, field: &str) -> Value {
    event["detail"]["changes"][field].clone()
}

async fn every_action_records_its_session_and_detail(app: TestApp) {
    let root = app.root_token().await;
    let root_session = session_of(&app, &root).await;
    let post = |path: &'static str, body: Value| {
        let (app, root) = (&app, root.clone());
        async move { app.call(Method::POST, path, Some(&root), Some(body)).await.assert_ok() }
    };

    // login: the session it issued, and the client kind.
    let login = newest(&app, &root, "login", Some(1)).await;
    assert_eq!((login["outcome"].clone(), login["sessionId"].clone()), (json!("ok"), root_session.clone()));
    assert_eq!(login["detail"], json!({"clientKind": "web"}));

    // user.create: the new user as target, its fields as changes from nothing; the caller's session.
    let created =
        post("/v2/users", json!({"login": "detailed", "password": PW, "email": "d@example.com"})).await;
    let id = created["userId"].as_i64().unwrap();
    let create = newest(&app, &root, "user.create", Some(id)).await;
    assert_eq!(
        (create["targetUserId"].clone(), create["sessionId"].clone()),
        (json!(id), root_session.clone())
    );
    assert_eq!(change(&create, "login"), json!({"old": null, "new": "detailed"}));
    assert_eq!(change(&create, "authLevel"), json!({"old": null, "new": "MailboxUser"}));

    // user.update: only the field that changed, old and new.
    let body = json!({"userId": id, "email": "d2@example.com"});
    app.call(Method::PUT, "/v2/users", Some(&root), Some(body)).await.assert_ok();
    let update = newest(&app, &root, "user.update", Some(id)).await;
    assert_eq!(
        update["detail"],
        json!({"changes": {"email": {"old": "d@example.com", "new": "d2@example.com"}}})
    );

    // user.role and user.status: the new level and status with the old.
    post("/v2/users/role", json!({"userId": id, "authLevel": "MailboxAdmin"})).await;
    let role = newest(&app, &root, "user.role", Some(id)).await;
    assert_eq!(
        role["detail"],
        json!({"changes": {"authLevel": {"old": "MailboxUser", "new": "MailboxAdmin"}}})
    );
    post("/v2/users/status", json!({"userId": id, "status": "Suspended"})).await;
    let status = newest(&app, &root, "user.status", Some(id)).await;
    assert_eq!(status["detail"], json!({"changes": {"status": {"old": "Active", "new": "Suspended"}}}));
    post("/v2/users/status", json!({"userId": id, "status": "Active"})).await;

    // password.force_change: the flag's old and new value.
    post("/v2/users/force-password-change", json!({"userId": id, "forcePasswordChange": true})).await;
    let force = newest(&app, &root, "password.force_change", Some(id)).await;
    assert_eq!(force["detail"], json!({"changes": {"forcePasswordChange": {"old": false, "new": true}}}));

    // password.set: the password named as a secret, the flag cleared, every session revoked.
    post("/v2/users/password", json!({"userId": id, "newPassword": "Other#pw22", "temporary": false})).await;
    let set = newest(&app, &root, "password.set", Some(id)).await;
    assert_eq!(change(&set, "password"), json!({"secret": true}));
    assert_eq!(change(&set, "forcePasswordChange"), json!({"old": true, "new": false}));
    assert_eq!(set["detail"]["sessionsRevoked"], json!("all"));

    // password.change: by the user, in its own session.
    let user = app.login("detailed", "Other#pw22").await;
    let user_session = session_of(&app, &user).await;
    let body = json!({"currentPassword": "Other#pw22", "newPassword": PW});
    app.call(Method::PUT, "/v2/auth/password", Some(&user), Some(body)).await.assert_ok();
    let own = newest(&app, &root, "password.change", Some(id)).await;
    assert_eq!(
        (own["sessionId"].clone(), change(&own, "password")),
        (user_session.clone(), json!({"secret": true}))
    );

    // session.refresh: in the old session, naming the new one.
    let refreshed =
        app.call(Method::POST, "/v2/auth/refresh", None, Some(json!({"token": user}))).await.assert_ok();
    let user = refreshed["token"].as_str().unwrap().to_string();
    let refresh = newest(&app, &root, "session.refresh", Some(id)).await;
    assert_eq!(refresh["sessionId"], user_session);
    assert_eq!(refresh["detail"]["newSession"], session_of(&app, &user).await);

    // session.revoke: which session.
    let victim = app.login("detailed", PW).await;
    let victim_session = session_of(&app, &victim).await;
    let path = format!("/v2/users/{id}/sessions/{}", victim_session.as_str().unwrap());
    app.call(Method::DELETE, &path, Some(&root), None).await.assert_ok();
    let revoke = newest(&app, &root, "session.revoke", Some(id)).await;
    assert_eq!(revoke["detail"], json!({"revokedSession": victim_session}));

    // session.reset: the scope, over REST (all) and the Web API (mobile only).
    app.call(Method::POST, &format!("/v2/users/reset/{id}"), Some(&root), None).await.assert_ok();
    let reset = newest(&app, &root, "session.reset", Some(id)).await;
    assert_eq!(reset["detail"]["scope"], json!("all"));
    let form = [("user_id", format!("W{id}")), ("mobile_only", "true".into())];
    let slack = app.client.post(format!("{}/api/admin.users.session.reset", app.base)).bearer_auth(&root);
    assert_eq!(app.send(slack.form(&form)).await.body["ok"], json!(true));
    let mobile = newest(&app, &root, "session.reset", Some(id)).await;
    assert_eq!(
        (mobile["frontEnd"].clone(), mobile["detail"].clone()),
        (json!("slack"), json!({"scope": "mobile"}))
    );

    // apikey.generate: the key named as a secret, never shown.
    let key =
        app.call(Method::POST, &format!("/v2/users/key-generate/{id}"), Some(&root), None).await.assert_ok();
    let generate = newest(&app, &root, "apikey.generate", Some(id)).await;
    assert_eq!(generate["detail"], json!({"changes": {"apiKey": {"secret": true}}}));

    // logout: in the session it ended.
    let last = app.login("detailed", PW).await;
    let last_session = session_of(&app, &last).await;
    app.call(Method::POST, "/v2/auth/logout", Some(&last), None).await.assert_ok();
    let logout = newest(&app, &root, "logout", Some(id)).await;
    assert_eq!(logout["sessionId"], last_session);

    // user.terminate: the status it ends in.
    app.call(Method::DELETE, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    let terminate = newest(&app, &root, "user.terminate", Some(id)).await;
    assert_eq!(terminate["detail"], json!({"changes": {"status": {"old": "Active", "new": "Terminated"}}}));

    // No secret reached the trail.
    let trail = app.call(Method::GET, "/v2/audit?limit=500", Some(&root), None).await.text;
    for secret in [PW, "Other#pw22", ROOT_PASSWORD, root.as_str(), key.as_str().unwrap()] {
        assert!(!trail.contains(secret), "{secret} in the audit trail");
    }
}
both!(every_action_records_its_session_and_detail);

async fn refusals_carry_the_error_code_and_the_reason_and_filters_combine(app: TestApp) {
    let root = app.root_token().await;
    let target = app.create_user("refused", PW, AuthLevel::MailboxUser).await;
    let weak = json!({"userId": target, "newPassword": "weak", "temporary": false});
    app.call(Method::POST, "/v2/users/password", Some(&root), Some(weak))
        .await
        .assert_error(400, "InvalidParameter");
    let set = newest(&app, &root, "password.set", Some(target)).await;
    assert_eq!(
        (set["outcome"].clone(), set["detail"].clone()),
        (json!("InvalidParameter"), json!({"reason": "WeakPassword"}))
    );
    app.call(Method::POST, "/v2/users/reset/9999", Some(&root), None)
        .await
        .assert_error(404, "ObjectNotFound");
    let user = app.login("refused", PW).await;
    app.call(Method::POST, &format!("/v2/users/reset/{}", 1), Some(&user), None)
        .await
        .assert_error(403, "AccessDenied");

    let denied = app
        .call(Method::GET, "/v2/audit?outcome=AccessDenied&frontEnd=rest", Some(&root), None)
        .await
        .assert_ok();
    let denied = denied.as_array().unwrap();
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(
        (denied[0]["actorUserId"].clone(), denied[0]["detail"].clone()),
        (json!(target), json!({"scope": "all", "reason": "NotAnAdmin"})),
        "what was asked, and why not"
    );
    let by_actor = app
        .call(Method::GET, &format!("/v2/audit?actorUserId={target}"), Some(&root), None)
        .await
        .assert_ok();
    assert!(by_actor.as_array().unwrap().iter().all(|e| e["actorUserId"] == json!(target)), "{by_actor}");
    // A refusal about a user that does not exist is about nobody the caller may read; one about
    // a session that does not exist is about its user.
    app.call(Method::DELETE, "/v2/users/1/sessions/no-such-session", Some(&root), None)
        .await
        .assert_error(404, "ObjectNotFound");
    let missing =
        app.call(Method::GET, "/v2/audit?outcome=ObjectNotFound", Some(&root), None).await.assert_ok();
    assert_eq!(missing.as_array().unwrap().len(), 1, "{missing}");
    assert_eq!(missing[0]["detail"], json!({"revokedSession": "no-such-session", "reason": "NotFound"}));
    let later =
        app.call(Method::GET, "/v2/audit?since=2030-01-01T00:00:00Z", Some(&root), None).await.assert_ok();
    assert_eq!(later, json!([]));
    let earlier =
        app.call(Method::GET, "/v2/audit?until=2026-11-23T10:00:00Z", Some(&root), None).await.assert_ok();
    assert_eq!(earlier, json!([]), "the test clock starts at 10:00; nothing is before it");
    let now =
        app.call(Method::GET, "/v2/audit?since=2026-11-23T10:00:00Z&limit=500", Some(&root), None).await;
    assert!(now.assert_ok().as_array().unwrap().len() >= 5);
    let bad = app.call(Method::GET, "/v2/audit?outcome=NotFound", Some(&root), None).await;
    let message = bad.assert_error(400, "InvalidParameter");
    assert!(
        message.contains("ObjectNotFound") && message.contains("AccessDenied"),
        "lists the valid values: {message}"
    );
}
both!(refusals_carry_the_error_code_and_the_reason_and_filters_combine);

/// The README's outcome table is the code's, row for row, and it names every action.
#[test]
fn the_readme_prints_the_outcome_table_and_the_actions_the_code_uses() {
    use gatehouse_core::audit::{Action, Outcome};
    let readme = include_str!("../../../../README.md");
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| outcome | meaning |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let rows: Vec<String> =
        Outcome::ALL.iter().map(|o| format!("| `{}` | {} |", o.as_str(), o.meaning())).collect();
    assert_eq!(table, rows.iter().map(String::as_str).collect::<Vec<_>>());
    for action in Action::ALL {
        assert!(readme.contains(&format!("`{}`", action.as_str())), "{action:?}");
    }
}
