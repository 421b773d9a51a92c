//! `/v2/users` and `/v2/audit`: every endpoint's success, documented errors and the
//! authorization cases (self, admin in scope, admin out of scope, non-admin).

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::{TestApp, ROOT_PASSWORD};

const PW: &str = "Passw0rd!";

/// A cast: network admin of net 1, mailbox admin and user of net 1 / mbx 100, a user of net 2.
pub struct Cast {
    pub net_admin: String,
    pub mbx_admin: String,
    pub user: String,
    pub user_id: i64,
    pub other_net_id: i64,
    pub peer_admin_id: i64,
}

pub async fn cast(app: &TestApp) -> Cast {
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    let peer_admin_id = app.create_user_in("peeradmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user("mbxadmin", PW, AuthLevel::MailboxAdmin).await;
    let user_id = app.create_user("plain", PW, AuthLevel::MailboxUser).await;
    let other_net_id = app.create_user_in("faraway", PW, AuthLevel::MailboxUser, 2, 200).await;
    Cast {
        net_admin: app.login("netadmin", PW).await,
        mbx_admin: app.login("mbxadmin", PW).await,
        user: app.login("plain", PW).await,
        user_id,
        other_net_id,
        peer_admin_id,
    }
}

async fn create_user_checks_level_scope_password_and_uniqueness(app: TestApp) {
    let c = cast(&app).await;
    let body = |login: &str, level: &str, net: i64| {
        json!({"login": login, "password": PW, "email": format!("{login}@example.com"),
               "firstName": "New", "networkId": net, "mailboxId": 100, "authLevel": level})
    };
    let made = app
        .call(Method::POST, "/v2/users", Some(&c.net_admin), Some(body("newbie", "MailboxUser", 1)))
        .await
        .assert_ok();
    assert_eq!(made["login"], json!("newbie"));
    assert_eq!(made["authLevel"], json!("MailboxUser"));
    assert_eq!(made["status"], json!("Active"));
    assert_eq!(made["firstName"], json!("New"));
    assert_eq!(made["lockedOut"], json!(false));
    assert_eq!(made["lastLogin"], Value::Null);
    app.login("newbie", PW).await;
    app.call(Method::POST, "/v2/users", Some(&c.net_admin), Some(body("NEWBIE", "MailboxUser", 1)))
        .await
        .assert_error(409, "Conflict");
    app.call(Method::POST, "/v2/users", Some(&c.net_admin), Some(body("boss", "NetworkAdmin", 1)))
        .await
        .assert_error(403, "AccessDenied");
    app.call(Method::POST, "/v2/users", Some(&c.net_admin), Some(body("elsewhere", "General", 2)))
        .await
        .assert_error(403, "AccessDenied");
    app.call(Method::POST, "/v2/users", Some(&c.user), Some(body("nope", "General", 1)))
        .await
        .assert_error(403, "AccessDenied");
    let weak = json!({"login": "weakling", "password": "weak", "email": "w@example.com"});
    let msg = app
        .call(Method::POST, "/v2/users", Some(&c.net_admin), Some(weak))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("uppercase") && msg.contains("digit"), "{msg}");
    let bad_email = json!({"login": "mailless", "password": PW, "email": "not-an-email"});
    let msg = app
        .call(Method::POST, "/v2/users", Some(&c.net_admin), Some(bad_email))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.starts_with("email"), "{msg}");
    let bot = json!({"login": "robot", "email": "robot@example.com", "isBot": true, "authLevel": "General"});
    let bot = app.call(Method::POST, "/v2/users", Some(&c.net_admin), Some(bot)).await.assert_ok();
    assert_eq!(bot["isBot"], json!(true));
    app.login_resp("robot", "").await.assert_error(401, "InvalidCredentials");
}
both!(create_user_checks_level_scope_password_and_uniqueness);

async fn get_user_covers_self_scope_and_existence(app: TestApp) {
    let c = cast(&app).await;
    let me = app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_ok();
    assert_eq!(me["userId"], json!(c.user_id));
    assert_eq!(me["email"], json!("plain@example.com"));
    assert_eq!(me["networkId"], json!(1));
    assert_eq!(me["mailboxId"], json!(100));
    assert!(me["lastLogin"].is_string());
    let own = format!("/v2/users/{}", c.user_id);
    app.call(Method::GET, &own, Some(&c.user), None).await.assert_ok();
    app.call(Method::GET, &own, Some(&c.mbx_admin), None).await.assert_ok();
    app.call(Method::GET, &own, Some(&c.net_admin), None).await.assert_ok();
    let far = format!("/v2/users/{}", c.other_net_id);
    app.call(Method::GET, &far, Some(&c.net_admin), None).await.assert_error(404, "ObjectNotFound");
    app.call(Method::GET, "/v2/users/999999", Some(&app.root_token().await), None)
        .await
        .assert_error(404, "ObjectNotFound");
    let peer = format!("/v2/users/{}", c.peer_admin_id);
    app.call(Method::GET, &peer, Some(&c.net_admin), None).await.assert_error(403, "AccessDenied");
    app.call(Method::GET, &far, Some(&c.user), None).await.assert_error(403, "AccessDenied");
    app.call(Method::GET, "/v2/users/1", Some(&c.net_admin), None).await.assert_error(403, "AccessDenied");
    let msg = app
        .call(Method::GET, "/v2/users/abc", Some(&c.user), None)
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("path"), "{msg}");
    app.call(Method::GET, &own, None, None).await.assert_error(401, "InvalidSession");
}
both!(get_user_covers_self_scope_and_existence);

async fn list_and_by_name_show_only_readable_users_page_by_page(app: TestApp) {
    let c = cast(&app).await;
    let root = app.root_token().await;
    let logins = |v: Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|u| u["login"].as_str().unwrap().to_string()).collect()
    };
    let all = app.call(Method::POST, "/v2/users/list", Some(&root), Some(json!({}))).await.assert_ok();
    assert_eq!(logins(all), ["root", "netadmin", "peeradmin", "mbxadmin", "plain", "faraway"]);
    let net = app.call(Method::POST, "/v2/users/list", Some(&c.net_admin), Some(json!({}))).await.assert_ok();
    assert_eq!(logins(net), ["netadmin", "mbxadmin", "plain"]);
    let mbx = app.call(Method::POST, "/v2/users/list", Some(&c.mbx_admin), Some(json!({}))).await.assert_ok();
    assert_eq!(logins(mbx), ["mbxadmin", "plain"]);
    let own = app.call(Method::POST, "/v2/users/list", Some(&c.user), Some(json!({}))).await.assert_ok();
    assert_eq!(logins(own), ["plain"]);
    let page = json!({"recordsPerPage": 2, "pageNo": 2});
    let p2 = app.call(Method::POST, "/v2/users/list", Some(&root), Some(page)).await.assert_ok();
    assert_eq!(logins(p2), ["peeradmin", "mbxadmin"]);
    let filtered = json!({"networkId": 2, "authLevel": "MailboxUser", "status": "Active"});
    let f = app.call(Method::POST, "/v2/users/list", Some(&root), Some(filtered)).await.assert_ok();
    assert_eq!(logins(f), ["faraway"]);
    app.call(Method::POST, "/v2/users/list", Some(&root), Some(json!({"recordsPerPage": 501})))
        .await
        .assert_error(400, "InvalidParameter");
    app.call(Method::POST, "/v2/users/list", Some(&root), Some(json!({"status": "Sleeping"})))
        .await
        .assert_error(400, "InvalidParameter");
    let by = app
        .call(Method::POST, "/v2/users/by-name", Some(&c.net_admin), Some(json!({"login": "ADMIN"})))
        .await
        .assert_ok();
    assert_eq!(logins(by), ["netadmin", "mbxadmin"]);
    app.call(Method::POST, "/v2/users/by-name", Some(&c.net_admin), Some(json!({"login": " "})))
        .await
        .assert_error(400, "InvalidParameter");
}
both!(list_and_by_name_show_only_readable_users_page_by_page);

async fn update_changes_only_the_given_fields(app: TestApp) {
    let c = cast(&app).await;
    let body = json!({"userId": c.user_id, "email": "new@example.com"});
    let u = app.call(Method::PUT, "/v2/users", Some(&c.mbx_admin), Some(body)).await.assert_ok();
    assert_eq!(
        (u["email"].clone(), u["firstName"].clone(), u["lastName"].clone()),
        (json!("new@example.com"), json!("Test"), json!("User"))
    );
    let body = json!({"userId": c.user_id, "firstName": "Jane", "lastName": "Doe"});
    let u = app.call(Method::PUT, "/v2/users", Some(&c.user), Some(body)).await.assert_ok();
    assert_eq!(
        (u["email"].clone(), u["firstName"].clone(), u["lastName"].clone()),
        (json!("new@example.com"), json!("Jane"), json!("Doe"))
    );
    let got =
        app.call(Method::GET, &format!("/v2/users/{}", c.user_id), Some(&c.user), None).await.assert_ok();
    assert_eq!(got, u);
    let msg = app
        .call(
            Method::PUT,
            "/v2/users",
            Some(&c.mbx_admin),
            Some(json!({"userId": c.user_id, "email": "nope"})),
        )
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("email"), "{msg}");
    app.call(
        Method::PUT,
        "/v2/users",
        Some(&c.net_admin),
        Some(json!({"userId": c.other_net_id, "firstName": "X"})),
    )
    .await
    .assert_error(404, "ObjectNotFound");
    app.call(
        Method::PUT,
        "/v2/users",
        Some(&c.net_admin),
        Some(json!({"userId": c.peer_admin_id, "firstName": "X"})),
    )
    .await
    .assert_error(403, "AccessDenied");
    app.call(Method::PUT, "/v2/users", Some(&c.net_admin), Some(json!({"firstName": "X"})))
        .await
        .assert_error(400, "InvalidParameter");
}
both!(update_changes_only_the_given_fields);

async fn set_password_needs_network_admin_revokes_sessions_and_can_be_temporary(app: TestApp) {
    let c = cast(&app).await;
    let victim_token = app.login("plain", PW).await;
    let body = |pw: &str, temp: bool| json!({"userId": c.user_id, "newPassword": pw, "temporary": temp});
    app.call(Method::POST, "/v2/users/password", Some(&c.mbx_admin), Some(body("Newpass1!", false)))
        .await
        .assert_error(403, "AccessDenied");
    let msg = app
        .call(Method::POST, "/v2/users/password", Some(&c.net_admin), Some(body("short", false)))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("at least 8") && msg.contains("uppercase") && msg.contains("digit"), "{msg}");
    app.call(Method::POST, "/v2/users/password", Some(&c.user), Some(body("Newpass1!", false)))
        .await
        .assert_error(403, "AccessDenied");
    let far = json!({"userId": c.other_net_id, "newPassword": "Newpass1!"});
    app.call(Method::POST, "/v2/users/password", Some(&c.net_admin), Some(far))
        .await
        .assert_error(404, "ObjectNotFound");
    for _ in 0..5 {
        app.login_resp("plain", "wrong").await;
    }
    app.login_resp("plain", PW).await.assert_error(403, "AccountLocked");
    app.call(Method::POST, "/v2/users/password", Some(&c.net_admin), Some(body("Newpass1!", true)))
        .await
        .assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&victim_token), None)
        .await
        .assert_error(401, "InvalidSession");
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_error(401, "InvalidSession");
    let login = app.login_resp("plain", "Newpass1!").await.assert_ok();
    assert_eq!(login["passwordChangeRequired"], json!(true));
    let restricted = login["token"].as_str().unwrap();
    app.call(Method::GET, "/v2/users/me", Some(restricted), None)
        .await
        .assert_error(403, "PasswordChangeRequired");
}
both!(set_password_needs_network_admin_revokes_sessions_and_can_be_temporary);

async fn reset_revokes_every_session_but_not_api_keys(app: TestApp) {
    let c = cast(&app).await;
    let second = app.login("plain", PW).await;
    let root = app.root_token().await;
    let key = app
        .call(Method::POST, &format!("/v2/users/key-generate/{}", c.user_id), Some(&root), None)
        .await
        .assert_ok();
    let key = key.as_str().unwrap().to_string();
    let reset = format!("/v2/users/reset/{}", c.user_id);
    app.call(Method::POST, &reset, Some(&c.user), None).await.assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_error(401, "InvalidSession");
    app.call(Method::GET, "/v2/users/me", Some(&second), None).await.assert_error(401, "InvalidSession");
    let with_key = app.client.get(format!("{}/v2/users/me", app.base)).header("X-API-Key", &key);
    app.send(with_key).await.assert_ok();
    let fresh = app.login("plain", PW).await;
    app.call(Method::POST, &reset, Some(&c.mbx_admin), None).await.assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&fresh), None).await.assert_error(401, "InvalidSession");
    app.call(Method::POST, &format!("/v2/users/reset/{}", c.other_net_id), Some(&c.net_admin), None)
        .await
        .assert_error(404, "ObjectNotFound");
    app.call(Method::POST, &format!("/v2/users/reset/{}", c.peer_admin_id), Some(&c.net_admin), None)
        .await
        .assert_error(403, "AccessDenied");
    app.call(Method::POST, "/v2/users/reset/1", Some(&root), None).await.assert_ok();
    app.create_user_in("root2", PW, AuthLevel::Root, 1, 0).await;
    let root2 = app.login("root2", PW).await;
    app.call(Method::POST, "/v2/users/reset/1", Some(&root2), None).await.assert_error(403, "AccessDenied");
    let plain2 = app.login("plain", PW).await;
    app.call(Method::POST, "/v2/users/reset/1", Some(&plain2), None).await.assert_error(403, "AccessDenied");
}
both!(reset_revokes_every_session_but_not_api_keys);

async fn force_password_change_role_status_and_terminate(app: TestApp) {
    let c = cast(&app).await;
    let fpc = |v: bool| json!({"userId": c.user_id, "forcePasswordChange": v});
    app.call(Method::POST, "/v2/users/force-password-change", Some(&c.user), Some(fpc(true)))
        .await
        .assert_error(403, "AccessDenied");
    app.call(Method::POST, "/v2/users/force-password-change", Some(&c.mbx_admin), Some(fpc(true)))
        .await
        .assert_ok();
    let u = app
        .call(Method::GET, &format!("/v2/users/{}", c.user_id), Some(&c.mbx_admin), None)
        .await
        .assert_ok();
    assert_eq!(u["forcePasswordChange"], json!(true));
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None)
        .await
        .assert_error(403, "PasswordChangeRequired");
    app.call(Method::POST, "/v2/users/force-password-change", Some(&c.mbx_admin), Some(fpc(false)))
        .await
        .assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_ok();
    app.call(
        Method::POST,
        "/v2/users/force-password-change",
        Some(&c.mbx_admin),
        Some(json!({"userId": c.user_id, "forcePasswordChange": "yes"})),
    )
    .await
    .assert_error(400, "InvalidParameter");

    let role = |level: &str| json!({"userId": c.user_id, "authLevel": level});
    let u = app
        .call(Method::POST, "/v2/users/role", Some(&c.net_admin), Some(role("MailboxAdmin")))
        .await
        .assert_ok();
    assert_eq!(u["authLevel"], json!("MailboxAdmin"));
    app.call(Method::POST, "/v2/users/role", Some(&c.net_admin), Some(role("NetworkAdmin")))
        .await
        .assert_error(403, "AccessDenied");
    let u = app
        .call(Method::POST, "/v2/users/role", Some(&c.net_admin), Some(role("NoChange")))
        .await
        .assert_ok();
    assert_eq!(u["authLevel"], json!("MailboxAdmin"));
    app.call(Method::POST, "/v2/users/role", Some(&c.net_admin), Some(role("Emperor")))
        .await
        .assert_error(400, "InvalidParameter");

    let status = |s: &str| json!({"userId": c.user_id, "status": s});
    let u = app
        .call(Method::POST, "/v2/users/status", Some(&c.net_admin), Some(status("Suspended")))
        .await
        .assert_ok();
    assert_eq!(u["status"], json!("Suspended"));
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_error(403, "AccountInactive");
    app.login_resp("plain", PW).await.assert_error(403, "AccountInactive");
    app.call(Method::POST, "/v2/users/status", Some(&c.net_admin), Some(status("Active"))).await.assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_error(401, "InvalidSession");
    let token = app.login("plain", PW).await;
    app.call(Method::POST, "/v2/users/status", Some(&c.net_admin), Some(status("Terminated")))
        .await
        .assert_error(400, "InvalidParameter");
    let target = format!("/v2/users/{}", c.user_id);
    app.call(Method::DELETE, &target, Some(&token), None).await.assert_error(403, "AccessDenied");
    app.call(Method::DELETE, &target, Some(&c.net_admin), None).await.assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&token), None).await.assert_error(403, "AccountInactive");
    let u = app.call(Method::GET, &target, Some(&c.net_admin), None).await.assert_ok();
    assert_eq!(u["status"], json!("Terminated"));
    app.login_resp("plain", PW).await.assert_error(403, "AccountInactive");
}
both!(force_password_change_role_status_and_terminate);

async fn api_keys_are_generated_by_admins_and_replace_the_old_one(app: TestApp) {
    let c = cast(&app).await;
    let path = format!("/v2/users/key-generate/{}", c.user_id);
    app.call(Method::POST, &path, Some(&c.user), None).await.assert_error(403, "AccessDenied");
    let first = app.call(Method::POST, &path, Some(&c.mbx_admin), None).await.assert_ok();
    let second = app.call(Method::POST, &path, Some(&c.mbx_admin), None).await.assert_ok();
    let me = |k: &Value| {
        app.client.get(format!("{}/v2/users/me", app.base)).header("X-API-Key", k.as_str().unwrap())
    };
    app.send(me(&first)).await.assert_error(401, "InvalidAPIKey");
    assert_eq!(app.send(me(&second)).await.assert_ok()["userId"], json!(c.user_id));
    app.call(Method::POST, &format!("/v2/users/key-generate/{}", c.other_net_id), Some(&c.net_admin), None)
        .await
        .assert_error(404, "ObjectNotFound");
}
both!(api_keys_are_generated_by_admins_and_replace_the_old_one);

async fn sessions_are_listed_and_revoked_one_by_one(app: TestApp) {
    let c = cast(&app).await;
    app.clock.advance(chrono::Duration::seconds(1));
    let mobile = app
        .call(
            Method::POST,
            "/v2/auth/login",
            None,
            Some(json!({"login": "plain", "password": PW, "clientType": "mobile"})),
        )
        .await
        .assert_ok();
    let mobile = mobile["token"].as_str().unwrap().to_string();
    let path = format!("/v2/users/{}/sessions", c.user_id);
    let listed = app.call(Method::GET, &path, Some(&c.user), None).await.assert_ok();
    let kinds: Vec<_> =
        listed.as_array().unwrap().iter().map(|s| s["clientType"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["web", "mobile"]);
    let first = &listed[0];
    for field in ["id", "created", "lastSeen", "expiresAt", "ip"] {
        assert!(first[field].is_string(), "{field} in {first}");
    }
    app.call(Method::GET, &path, Some(&c.mbx_admin), None).await.assert_ok();
    app.call(Method::GET, &format!("/v2/users/{}/sessions", c.other_net_id), Some(&c.net_admin), None)
        .await
        .assert_error(404, "ObjectNotFound");
    let mobile_id = listed[1]["id"].as_str().unwrap();
    app.call(Method::DELETE, &format!("{path}/{mobile_id}"), Some(&c.mbx_admin), None).await.assert_ok();
    app.call(Method::GET, "/v2/users/me", Some(&mobile), None).await.assert_error(401, "InvalidSession");
    app.call(Method::GET, "/v2/users/me", Some(&c.user), None).await.assert_ok();
    app.call(Method::DELETE, &format!("{path}/{mobile_id}"), Some(&c.mbx_admin), None)
        .await
        .assert_error(404, "ObjectNotFound");
    app.call(Method::DELETE, &format!("{path}/not-a-session"), Some(&c.user), None)
        .await
        .assert_error(404, "ObjectNotFound");
}
both!(sessions_are_listed_and_revoked_one_by_one);

async fn the_audit_trail_records_changes_and_refusals_for_those_who_may_read_them(app: TestApp) {
    let c = cast(&app).await;
    app.call(Method::POST, &format!("/v2/users/reset/{}", c.user_id), Some(&c.mbx_admin), None)
        .await
        .assert_ok();
    app.call(Method::POST, &format!("/v2/users/reset/{}", c.peer_admin_id), Some(&c.net_admin), None)
        .await
        .assert_error(403, "AccessDenied");
    let root = app.login("root", ROOT_PASSWORD).await;
    let resets = app.call(Method::GET, "/v2/audit?action=session.reset", Some(&root), None).await.assert_ok();
    let resets = resets.as_array().unwrap();
    assert_eq!(resets.len(), 2);
    assert_eq!(resets[0]["targetUserId"], json!(c.peer_admin_id));
    assert_eq!(resets[0]["outcome"], json!("AccessDenied"));
    assert_eq!(resets[1]["targetUserId"], json!(c.user_id));
    assert_eq!(resets[1]["outcome"], json!("ok"));
    assert_eq!(resets[1]["frontEnd"], json!("rest"));
    assert_eq!(resets[1]["ip"], json!("127.0.0.1"));
    assert!(resets[0]["id"].as_i64() > resets[1]["id"].as_i64());
    let mine =
        app.call(Method::GET, "/v2/audit?action=session.reset", Some(&c.mbx_admin), None).await.assert_ok();
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "the peer admin is not the mailbox admin's to read: {mine}"
    );
    let limited = app.call(Method::GET, "/v2/audit?limit=1", Some(&root), None).await.assert_ok();
    assert_eq!(limited.as_array().unwrap().len(), 1);
    let before = limited[0]["id"].as_i64().unwrap();
    let older = app
        .call(Method::GET, &format!("/v2/audit?before={before}&limit=500"), Some(&root), None)
        .await
        .assert_ok();
    assert!(older.as_array().unwrap().iter().all(|e| e["id"].as_i64().unwrap() < before));
    let by_user = app
        .call(Method::GET, &format!("/v2/audit?userId={}", c.user_id), Some(&root), None)
        .await
        .assert_ok();
    assert!(by_user
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["targetUserId"] == json!(c.user_id) || e["actorUserId"] == json!(c.user_id)));
    app.call(Method::GET, "/v2/audit?action=session.nuke", Some(&root), None)
        .await
        .assert_error(400, "InvalidParameter");
    app.call(Method::GET, "/v2/audit?limit=many", Some(&root), None)
        .await
        .assert_error(400, "InvalidParameter");
}
both!(the_audit_trail_records_changes_and_refusals_for_those_who_may_read_them);
