//! API keys in both forms on every front end (issue #20 item 6): a GUID key works as REST
//! `X-API-Key`, as a bearer token, as a Web API `token`, as an ECGridOS `SessionID` and as an
//! Archer `sessionToken`, and dies there on the next request after a new key, a suspension or a
//! termination; an ECGridOS GUID session secret keeps working beside GUID keys.

use gatehouse_core::apikey::KeyForm;
use gatehouse_core::user::{AuthLevel, UserId};
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::soap_archer::ACCESS;
use crate::soap_ecgridos::who_am_i;
use crate::soap_support::V;
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

const PW: &str = "Passw0rd!";
const HOLDER: &str = "keyholder";

/// What each place a credential travels in answers for `credential`: `ok <user id>`, or the
/// error code that front end gives.
async fn everywhere(app: &TestApp, credential: &str) -> Vec<(&'static str, String)> {
    let session = || app.client.post(format!("{}/v2/auth/session", app.base));
    let rest = |resp: crate::support::Resp| match resp.body["success"].as_bool() {
        Some(true) => format!("ok {}", resp.body["data"]["userId"]),
        _ => resp.body["errorCode"].as_str().unwrap_or("?").to_string(),
    };
    let by_key = rest(app.send(session().header("X-API-Key", credential)).await);
    let by_bearer = rest(app.send(session().bearer_auth(credential)).await);
    let web = app.api("auth.test", None, &[("token", credential)]).await;
    let web = match web.body["ok"].as_bool() {
        Some(true) => format!("ok {}", web.body["user_id"].as_str().unwrap().trim_start_matches('W')),
        _ => web.body["error"].as_str().unwrap_or("?").to_string(),
    };
    let soap = |resp: crate::soap_support::SoapResp, result: &str| match resp.text(result) {
        Some(id) if resp.status.is_success() => format!("ok {id}"),
        _ => resp.text("ECGridOSSOAPErrorCode").or(resp.text("ArcherErrorCode")).unwrap_or("?".into()),
    };
    let ecgridos = soap(who_am_i(app, V::S11, credential).await, "UserID");
    let fields = [("sessionToken", credential), ("userName", HOLDER)];
    let archer = soap(app.archer_call(ACCESS, V::S12, "LookupUserId", &fields).await, "LookupUserIdResult");
    vec![
        ("X-API-Key", by_key),
        ("Bearer", by_bearer),
        ("token", web),
        ("SessionID", ecgridos),
        ("sessionToken", archer),
    ]
}

/// Each place with its answer, in the order [`everywhere`] reports them.
fn each(answers: [&str; 5]) -> Vec<(&'static str, String)> {
    let places = ["X-API-Key", "Bearer", "token", "SessionID", "sessionToken"];
    places.into_iter().zip(answers).map(|(p, a)| (p, a.to_string())).collect()
}

/// Every place answering `answer`.
fn all(answer: &str) -> Vec<(&'static str, String)> {
    each([answer; 5])
}

async fn a_guid_key_works_on_every_front_end_until_replaced_suspended_or_terminated(app: TestApp) {
    let id = app.create_user(HOLDER, PW, AuthLevel::MailboxUser).await;
    let root_token = app.root_token().await;
    let root = app.caller(&root_token).await;
    let ok = all(&format!("ok {id}"));

    let key = app.core.generate_api_key(&root, UserId(id), KeyForm::Guid).await.unwrap();
    let key = key.expose().to_string();
    let parsed = uuid::Uuid::try_parse(&key).unwrap();
    assert_eq!(parsed.get_version_num(), 4, "{key}");
    assert_eq!(parsed.hyphenated().to_string(), key, "lowercase and hyphenated");
    assert_eq!(everywhere(&app, &key).await, ok);
    assert_eq!(everywhere(&app, &key.to_uppercase()).await, ok, "a GUID is compared in lower case");

    // A new key, through REST in the GUID form: the old one dies everywhere on the next request.
    let path = format!("/v2/users/key-generate/{id}?form=guid");
    let newer = app.call(Method::POST, &path, Some(&root_token), None).await.assert_ok();
    let newer = newer.as_str().unwrap().to_string();
    assert!(uuid::Uuid::try_parse(&newer).is_ok() && newer != key, "{newer}");
    let revoked =
        each(["InvalidAPIKey", "InvalidAPIKey", "invalid_auth", "Authentication", "Authentication"]);
    assert_eq!(everywhere(&app, &key).await, revoked);
    assert_eq!(everywhere(&app, &newer).await, ok);

    // Suspended: the key answers that the account is inactive, then (reactivated) that it was
    // revoked with the suspension.
    let status = |s: &str| json!({"userId": id, "status": s});
    app.call(Method::POST, "/v2/users/status", Some(&root_token), Some(status("Suspended")))
        .await
        .assert_ok();
    let inactive =
        each(["AccountInactive", "AccountInactive", "account_inactive", "Authentication", "Authentication"]);
    assert_eq!(everywhere(&app, &newer).await, inactive);
    app.call(Method::POST, "/v2/users/status", Some(&root_token), Some(status("Active"))).await.assert_ok();
    assert_eq!(everywhere(&app, &newer).await, revoked, "suspending revoked the key");

    // Terminated.
    let last = app.core.generate_api_key(&root, UserId(id), KeyForm::Guid).await.unwrap();
    assert_eq!(everywhere(&app, last.expose()).await, ok);
    app.call(Method::DELETE, &format!("/v2/users/{id}"), Some(&root_token), None).await.assert_ok();
    assert_eq!(everywhere(&app, last.expose()).await, inactive);
}
both!(a_guid_key_works_on_every_front_end_until_replaced_suspended_or_terminated);

async fn a_prefixed_key_works_everywhere_too_and_rest_keeps_it_as_the_default(app: TestApp) {
    let id = app.create_user(HOLDER, PW, AuthLevel::MailboxUser).await;
    let root_token = app.root_token().await;
    let path = format!("/v2/users/key-generate/{id}");
    let key = app.call(Method::POST, &path, Some(&root_token), None).await.assert_ok();
    let key = key.as_str().unwrap();
    assert!(key.starts_with("ghk_") && key.len() == 44, "{key}");
    assert_eq!(everywhere(&app, key).await, all(&format!("ok {id}")));
    let prefixed = format!("{path}?form=prefixed");
    let key = app.call(Method::POST, &prefixed, Some(&root_token), None).await.assert_ok();
    assert!(key.as_str().unwrap().starts_with("ghk_"), "{key}");
    let bad = app.call(Method::POST, &format!("{path}?form=uuid"), Some(&root_token), None).await;
    let message = bad.assert_error(400, "InvalidParameter");
    assert!(message.contains("query parameter `form`"), "{message}");
    let extra = app.call(Method::POST, &format!("{path}?shape=guid"), Some(&root_token), None).await;
    extra.assert_error(400, "InvalidParameter");
}
both!(a_prefixed_key_works_everywhere_too_and_rest_keeps_it_as_the_default);

async fn an_ecgridos_guid_session_still_works_beside_guid_keys(app: TestApp) {
    let id = app.create_user(HOLDER, PW, AuthLevel::MailboxUser).await;
    let root = app.caller(&app.root_token().await).await;
    app.core.generate_api_key(&root, UserId(id), KeyForm::Guid).await.unwrap();
    let sid = app.soap_login(V::S12, HOLDER, PW).await;
    assert!(uuid::Uuid::try_parse(&sid).is_ok(), "{sid}");
    // X-API-Key always names a key, and no key is this session's secret.
    let ok = format!("ok {id}");
    assert_eq!(everywhere(&app, &sid).await, each(["InvalidAPIKey", &ok, &ok, &ok, &ok]));
    let logout = app.soap_call(V::S11, "Logout", &[("SessionID", &sid)]).await;
    logout.assert_ok(V::S11, "Logout", "1");
    let gone = everywhere(&app, &sid).await;
    assert_eq!(gone[1], ("Bearer", "InvalidSession".to_string()), "a logged-out session is no key");
    assert_eq!(gone[3], ("SessionID", "Authentication".to_string()));
    // An unknown GUID is an unknown session.
    let unknown = everywhere(&app, "0f8fad5b-d9cb-469f-a165-70867728950e").await;
    assert_eq!(unknown[1].1, "InvalidSession");
    assert_eq!(unknown[2].1, "invalid_auth");
    let root_sid = app.soap_login(V::S11, ROOT_LOGIN, ROOT_PASSWORD).await;
    assert_eq!(who_am_i(&app, V::S11, &root_sid).await.text("UserID").as_deref(), Some("1"));
}
both!(an_ecgridos_guid_session_still_works_beside_guid_keys);
