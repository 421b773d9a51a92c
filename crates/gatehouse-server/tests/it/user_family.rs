//! The rest of ECGrid REST v2's user family (issue #20 item 5): generated passwords, the list's
//! lockout and name filters, moving a user to another network or mailbox, and SMS — each
//! endpoint's success, documented errors and authorization cases, and that a refusal changes
//! nothing.

use gatehouse_core::user::{AuthLevel, UserId};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::{Resp, TestApp};
use crate::users::cast;

const PW: &str = "Passw0rd!";

impl TestApp {
    /// POST `body` to `/v2/users/<what>` as `token`.
    async fn users_post(&self, what: &str, token: &str, body: Value) -> Resp {
        self.call(Method::POST, &format!("/v2/users/{what}"), Some(token), Some(body)).await
    }

    /// The logins `token` lists with `body`, in id order.
    async fn listed(&self, token: &str, body: Value) -> Vec<String> {
        let users = self.users_post("list", token, body).await.assert_ok();
        users.as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap().to_string()).collect()
    }

    /// `(networkId, mailboxId)` of user `id` as root reads it.
    async fn placement(&self, root: &str, id: i64) -> (i64, i64) {
        let user = self.call(Method::GET, &format!("/v2/users/{id}"), Some(root), None).await.assert_ok();
        (user["networkId"].as_i64().unwrap(), user["mailboxId"].as_i64().unwrap())
    }

    /// How many audit events root reads about user `id`.
    async fn audit_count(&self, root: &str, id: i64) -> usize {
        let path = format!("/v2/audit?userId={id}&limit=500");
        self.call(Method::GET, &path, Some(root), None).await.assert_ok().as_array().unwrap().len()
    }

    /// Wrong passwords until `login` is locked out.
    pub async fn lock_out(&self, login: &str) {
        for _ in 0..4 {
            self.login_resp(login, "Wrong#pw1").await.assert_error(401, "InvalidCredentials");
        }
        self.login_resp(login, "Wrong#pw1").await.assert_error(403, "AccountLocked");
    }
}

/// The character classes of SPEC §3.3.
fn meets_the_rule(password: &str) -> bool {
    password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
        && password.chars().any(|c| !c.is_ascii_alphanumeric())
}

async fn generated_passwords_meet_the_rule_at_the_asked_length(app: TestApp) {
    let c = cast(&app).await;
    let root = app.root_token().await;
    let events = app.audit_count(&root, c.user_id).await;
    let first = app.users_post("generate-password", &c.user, json!({})).await.assert_ok();
    let first = first.as_str().unwrap().to_string();
    assert_eq!(first.chars().count(), 13, "{first}");
    assert!(meets_the_rule(&first) && !first.contains(char::is_whitespace), "{first}");
    let second = app.users_post("generate-password", &c.user, json!({})).await.assert_ok();
    assert_ne!(second, json!(first), "random");
    for length in [8, 40, 128] {
        let made =
            app.users_post("generate-password", &c.user, json!({ "length": length })).await.assert_ok();
        let made = made.as_str().unwrap();
        assert_eq!(made.chars().count(), length, "{made}");
        assert!(meets_the_rule(made), "{made}");
    }
    for length in [0, 7, 129] {
        let msg = app
            .users_post("generate-password", &c.user, json!({ "length": length }))
            .await
            .assert_error(400, "InvalidParameter");
        assert_eq!(msg, "length: must be between 8 and 128");
    }
    let msg = app
        .users_post("generate-password", &c.user, json!({ "length": -1 }))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.starts_with("length:"), "{msg}");
    app.users_post("generate-password", &c.user, json!({ "size": 9 }))
        .await
        .assert_error(400, "InvalidParameter");
    app.call(Method::POST, "/v2/users/generate-password", None, Some(json!({})))
        .await
        .assert_error(401, "InvalidSession");
    // A generated password is one an administrator may set, and it logs in.
    let body = json!({ "userId": c.user_id, "newPassword": first });
    app.users_post("password", &c.net_admin, body).await.assert_ok();
    app.login("plain", &first).await;
    assert_eq!(app.audit_count(&root, c.user_id).await, events + 2, "only the password set and the login");
}
both!(generated_passwords_meet_the_rule_at_the_asked_length);

async fn the_list_shows_locked_out_users_or_the_others_and_filters_by_name(app: TestApp) {
    let c = cast(&app).await;
    let root = app.root_token().await;
    let made = json!({"login": "jsmith", "password": PW, "email": "js@example.com", "firstName": "Johanna",
                      "lastName": "Smithers", "networkId": 1, "mailboxId": 100});
    let jsmith = app.call(Method::POST, "/v2/users", Some(&root), Some(made)).await;
    let jsmith = jsmith.assert_ok()["userId"].as_i64().unwrap();
    app.lock_out("plain").await;
    app.lock_out("faraway").await;
    let everyone = app.listed(&root, json!({})).await;
    assert_eq!(everyone, ["root", "netadmin", "peeradmin", "mbxadmin", "plain", "faraway", "jsmith"]);
    assert_eq!(app.listed(&root, json!({"lockedOut": true})).await, ["plain", "faraway"]);
    assert_eq!(
        app.listed(&root, json!({"lockedOut": false})).await,
        ["root", "netadmin", "peeradmin", "mbxadmin", "jsmith"]
    );
    assert_eq!(app.listed(&c.net_admin, json!({"lockedOut": true})).await, ["plain"], "only in reach");
    assert_eq!(app.listed(&c.user, json!({"lockedOut": true})).await, ["plain"], "itself");
    let listed = app.users_post("list", &root, json!({"lockedOut": true})).await.assert_ok();
    assert_eq!(listed[0]["lockedOut"], json!(true));

    // The name: login, first or last name, ignoring case.
    assert_eq!(app.listed(&root, json!({"name": "JOHAN"})).await, ["jsmith"]);
    assert_eq!(app.listed(&root, json!({"name": "ithe"})).await, ["jsmith"]);
    assert_eq!(app.listed(&root, json!({"name": "ADMIN"})).await, ["netadmin", "peeradmin", "mbxadmin"]);
    assert_eq!(app.listed(&root, json!({"name": "a", "lockedOut": true})).await, ["plain", "faraway"]);
    assert_eq!(app.listed(&root, json!({"name": "  "})).await, everyone, "a blank name filters nothing");
    // Within the caller's reach only: itself and its mailbox's users ("User" is a last name).
    assert_eq!(app.listed(&c.mbx_admin, json!({"name": "s"})).await, ["mbxadmin", "plain", "jsmith"]);

    // A lapsed lockout is none; an administrator's lock is one.
    app.clock.advance(chrono::Duration::minutes(16));
    assert!(app.listed(&root, json!({"lockedOut": true})).await.is_empty());
    let root_caller = app.caller(&root).await;
    app.core.lock_user(&root_caller, UserId(jsmith)).await.unwrap();
    assert_eq!(app.listed(&root, json!({"lockedOut": true})).await, ["jsmith"]);
    app.users_post("list", &root, json!({"lockedOut": "yes"})).await.assert_error(400, "InvalidParameter");
}
both!(the_list_shows_locked_out_users_or_the_others_and_filters_by_name);

async fn moving_a_user_needs_the_user_and_the_destination_in_reach(app: TestApp) {
    let c = cast(&app).await;
    let root = app.root_token().await;
    let net_admin_id = app.call(Method::GET, "/v2/users/me", Some(&c.net_admin), None).await.assert_ok()
        ["userId"]
        .as_i64()
        .unwrap();
    let neighbour = app.create_user("neighbour", PW, AuthLevel::MailboxUser).await;
    let to = |id: i64, net: i64, mbx: i64| json!({"userId": id, "networkId": net, "mailboxId": mbx});

    // An administrator of the user and of the destination moves it; its session keeps working.
    let moved = app.users_post("set-network-mailbox", &c.net_admin, to(c.user_id, 1, 101)).await.assert_ok();
    assert_eq!((moved["userId"].clone(), moved["networkId"].clone()), (json!(c.user_id), json!(1)));
    assert_eq!(moved["mailboxId"], json!(101));
    let me = app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_ok();
    assert_eq!(me["mailboxId"], json!(101), "the user's session reads its new place");
    // The mailbox admin of its old mailbox no longer reaches it.
    app.call(Method::GET, &format!("/v2/users/{}", c.user_id), Some(&c.mbx_admin), None)
        .await
        .assert_error(404, "ObjectNotFound");

    // Refusals, each changing nothing.
    let refusals = [
        (&c.net_admin, to(c.user_id, 2, 200), 403, "AccessDenied"),
        (&c.net_admin, to(c.other_net_id, 1, 100), 404, "ObjectNotFound"),
        (&c.net_admin, to(c.peer_admin_id, 1, 100), 403, "AccessDenied"),
        (&c.net_admin, to(net_admin_id, 1, 0), 403, "AccessDenied"),
        (&c.net_admin, to(999_999, 1, 100), 404, "ObjectNotFound"),
        (&c.mbx_admin, to(c.user_id, 1, 100), 404, "ObjectNotFound"),
        (&c.mbx_admin, to(neighbour, 1, 101), 403, "AccessDenied"),
        (&c.mbx_admin, to(neighbour, 1, 0), 403, "AccessDenied"),
        (&c.user, to(neighbour, 1, 101), 403, "AccessDenied"),
        (&root, to(1, 2, 0), 403, "AccessDenied"),
    ];
    for (token, body, status, code) in refusals {
        let id = body["userId"].as_i64().unwrap();
        let before = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await;
        app.users_post("set-network-mailbox", token, body.clone()).await.assert_error(status, code);
        let after = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await;
        assert_eq!(before.body, after.body, "{body} changed nothing");
    }
    let within = app.users_post("set-network-mailbox", &c.mbx_admin, to(neighbour, 1, 100)).await.assert_ok();
    assert_eq!(within["mailboxId"], json!(100));

    // Absent fields keep their value; root reaches everywhere.
    let body = json!({"userId": c.user_id, "networkId": 2});
    app.users_post("set-network-mailbox", &root, body).await.assert_ok();
    assert_eq!(app.placement(&root, c.user_id).await, (2, 101));
    let body = json!({"userId": c.user_id, "mailboxId": 200});
    app.users_post("set-network-mailbox", &root, body).await.assert_ok();
    assert_eq!(app.placement(&root, c.user_id).await, (2, 200));
    app.users_post("set-network-mailbox", &root, json!({"userId": c.user_id})).await.assert_ok();
    assert_eq!(app.placement(&root, c.user_id).await, (2, 200));
    app.users_post("set-network-mailbox", &root, json!({"userId": c.user_id, "network": 3}))
        .await
        .assert_error(400, "InvalidParameter");
    app.users_post("set-network-mailbox", &c.user, json!({"userId": c.user_id}))
        .await
        .assert_error(403, "AccessDenied");

    // Audited as user.update, refusals too (newest first; outcomes are the REST errorCodes).
    let path = format!("/v2/audit?userId={}&action=user.update", c.user_id);
    let events = app.call(Method::GET, &path, Some(&root), None).await.assert_ok();
    let outcomes: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["targetUserId"] == json!(c.user_id))
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["AccessDenied", "ok", "ok", "ok", "ObjectNotFound", "AccessDenied", "ok"]);
}
both!(moving_a_user_needs_the_user_and_the_destination_in_reach);

async fn sms_is_checked_in_full_then_answered_not_supported(app: TestApp) {
    let c = cast(&app).await;
    let root = app.root_token().await;
    let sms = |id: i64, text: &str| json!({"userId": id, "message": text});
    let events = app.audit_count(&root, c.user_id).await;
    let msg = app
        .users_post("send-sms", &c.net_admin, sms(c.user_id, "hi"))
        .await
        .assert_error(400, "InvalidParameter");
    assert_eq!(msg, "cellPhone: the user has no cell phone number");
    let phone = json!({"userId": c.user_id, "cellPhone": "+44 7700 900000"});
    app.call(Method::PUT, "/v2/users", Some(&c.net_admin), Some(phone)).await.assert_ok();
    let events = events + 1;

    let msg = app
        .users_post("send-sms", &c.net_admin, sms(c.user_id, "hi"))
        .await
        .assert_error(501, "NotSupported");
    assert_eq!(msg, "no SMS gateway is configured");
    app.users_post("send-sms", &c.net_admin, sms(c.user_id, &"x".repeat(160)))
        .await
        .assert_error(501, "NotSupported");
    app.users_post("send-sms", &c.net_admin, sms(c.user_id, &"é".repeat(160)))
        .await
        .assert_error(501, "NotSupported");
    app.users_post("send-sms", &c.user, sms(c.user_id, "note to self"))
        .await
        .assert_error(501, "NotSupported");
    for text in ["", "   ", &"x".repeat(161)] {
        let msg = app
            .users_post("send-sms", &c.net_admin, sms(c.user_id, text))
            .await
            .assert_error(400, "InvalidParameter");
        assert_eq!(msg, "text: must be 1 to 160 characters");
    }
    // Authorization comes first: an empty message to a user out of reach is not found.
    app.users_post("send-sms", &c.net_admin, sms(c.other_net_id, ""))
        .await
        .assert_error(404, "ObjectNotFound");
    app.users_post("send-sms", &c.net_admin, sms(c.peer_admin_id, "hi"))
        .await
        .assert_error(403, "AccessDenied");
    app.users_post("send-sms", &c.user, sms(c.peer_admin_id, "hi")).await.assert_error(403, "AccessDenied");
    app.users_post("send-sms", &c.net_admin, sms(999_999, "hi")).await.assert_error(404, "ObjectNotFound");
    app.users_post("send-sms", &c.net_admin, json!({"userId": c.user_id, "text": "hi"}))
        .await
        .assert_error(400, "InvalidParameter");
    assert_eq!(app.audit_count(&root, c.user_id).await, events, "nothing was sent, nothing audited");
}
both!(sms_is_checked_in_full_then_answered_not_supported);
