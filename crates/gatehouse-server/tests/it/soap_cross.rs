//! One core behind both front ends: a session from SOAP `Login` is revoked by REST reset and a
//! REST session by SOAP `UserReset`; what SOAP `UserUpdate` writes is what REST reads (and back);
//! the audit trail names the SOAP front end each change came through.

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::soap_ecgridos::{soap_user_update, who_am_i, PW};
use crate::soap_support::{BOTH, V};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

async fn a_soap_session_is_revoked_by_the_rest_reset(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    let token = app.root_token().await;
    for v in BOTH {
        let sid = app.soap_login(v, "target", PW).await;
        assert_eq!(who_am_i(&app, v, &sid).await.status.as_u16(), 200);
        let reset = app.call(Method::POST, &format!("/v2/users/reset/{id}"), Some(&token), None).await;
        assert_eq!(reset.assert_ok(), json!(true));
        let refused = who_am_i(&app, v, &sid).await;
        assert_eq!(refused.assert_fault(v, v.client(), Some("Authentication")), "invalid session");
    }
}
both!(a_soap_session_is_revoked_by_the_rest_reset);

async fn a_rest_session_is_revoked_by_the_soap_user_reset(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    for v in BOTH {
        let token = app.login("target", PW).await;
        app.call(Method::GET, "/v2/users/me", Some(&token), None).await.assert_ok();
        let root = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let resp = app.soap_call(v, "UserReset", &[("SessionID", &root), ("UserID", &id.to_string())]).await;
        resp.assert_ok(v, "UserReset", "true");
        app.call(Method::GET, "/v2/users/me", Some(&token), None).await.assert_error(401, "InvalidSession");
    }
}
both!(a_rest_session_is_revoked_by_the_soap_user_reset);

async fn soap_user_update_is_what_rest_reads_and_back(app: TestApp) {
    let id = app.create_user("jsmith", PW, AuthLevel::MailboxAdmin).await;
    let token = app.root_token().await;
    let root = app.soap_login(V::S11, ROOT_LOGIN, ROOT_PASSWORD).await;
    let names = ("John", "Smith", "john.smith@newdomain.com");
    let soap = soap_user_update(&app, V::S11, &root, id, names).await;
    let rest = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&token), None).await.assert_ok();
    assert_eq!(
        (&rest["userId"], &rest["firstName"], &rest["lastName"], &rest["email"]),
        (&json!(id), &json!("John"), &json!("Smith"), &json!("john.smith@newdomain.com"))
    );
    assert!(soap
        .contains(&format!("<Created>{}</Created>", rest["created"].as_str().unwrap().replace(".000", ""))));

    let body = json!({"userId": id, "firstName": "Jane", "lastName": "Doe", "email": "jane@example.org"});
    app.call(Method::PUT, "/v2/users", Some(&token), Some(body)).await.assert_ok();
    let info = app.soap_call(V::S12, "UserInfo", &[("SessionID", &root), ("UserID", &id.to_string())]).await;
    assert_eq!(info.status.as_u16(), 200, "{}", info.body);
    assert_eq!(info.text("FirstName").as_deref(), Some("Jane"));
    assert_eq!(info.text("LastName").as_deref(), Some("Doe"));
    assert_eq!(info.text("Email").as_deref(), Some("jane@example.org"));
}
both!(soap_user_update_is_what_rest_reads_and_back);

async fn the_audit_trail_names_the_soap_front_end(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    let uid = id.to_string();
    let s11 = app.soap_login(V::S11, ROOT_LOGIN, ROOT_PASSWORD).await;
    let s12 = app.soap_login(V::S12, ROOT_LOGIN, ROOT_PASSWORD).await;
    app.soap_call(V::S11, "UserReset", &[("SessionID", &s11), ("UserID", &uid)]).await.assert_ok(
        V::S11,
        "UserReset",
        "true",
    );
    let pw = [("SessionID", s12.as_str()), ("UserID", &uid), ("NewPassword", "N3w#Passw0rd")];
    app.soap_call(V::S12, "UserPassword", &pw).await.assert_ok(V::S12, "UserPassword", "true");
    let form = [
        ("SessionID", s11.as_str()),
        ("UserID", &uid),
        ("FirstName", "A"),
        ("LastName", "B"),
        ("Email", "a@b.example"),
    ];
    assert_eq!(app.http_post("UserUpdate", &form).await.status.as_u16(), 200);
    let target = app.soap_login(V::S11, "target", "N3w#Passw0rd").await;
    let refused = app.soap_call(V::S11, "UserReset", &[("SessionID", &target), ("UserID", "1")]).await;
    refused.assert_fault(V::S11, "soap:Client", Some("Authorization"));

    let token = app.root_token().await;
    let events =
        app.call(Method::GET, &format!("/v2/audit?userId={id}"), Some(&token), None).await.assert_ok();
    let seen: Vec<(String, String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e: &Value| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("action"), s("frontEnd"), s("outcome"))
        })
        .collect();
    for expected in [
        ("session.reset", "soap11", "ok"),
        ("password.set", "soap12", "ok"),
        ("user.update", "http-post", "ok"),
        ("session.reset", "soap11", "AccessDenied"),
    ] {
        let expected = (expected.0.to_string(), expected.1.to_string(), expected.2.to_string());
        assert!(seen.contains(&expected), "{expected:?} not in {seen:?}");
    }
    let logins =
        app.call(Method::GET, "/v2/audit?userId=1&action=login", Some(&token), None).await.assert_ok();
    let fronts: Vec<&str> =
        logins.as_array().unwrap().iter().filter_map(|e| e["frontEnd"].as_str()).collect();
    assert!(fronts.contains(&"soap11") && fronts.contains(&"soap12"), "{fronts:?}");
}
both!(the_audit_trail_names_the_soap_front_end);
