//! `/v2/auth` behaviour: sessions, refresh, lockout, inactive users, tokens, API keys.

use base64::Engine as _;
use chrono::Duration;
use gatehouse_core::apikey::KeyForm;
use gatehouse_core::user::{AuthLevel, Status, UserId};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

async fn login_session_logout_then_the_token_fails_on_the_next_request(app: TestApp) {
    let login = app.login_resp(ROOT_LOGIN, ROOT_PASSWORD).await.assert_ok();
    assert_eq!(login["passwordChangeRequired"], json!(false));
    assert!(login["userId"].as_i64().unwrap() > 0);
    let token = login["token"].as_str().unwrap();
    let session = app.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_ok();
    assert_eq!(session["login"], json!(ROOT_LOGIN));
    assert_eq!(session["authLevel"], json!("Root"));
    assert_eq!(session["clientType"], json!("web"));
    assert_eq!(app.call(Method::POST, "/v2/auth/logout", Some(token), None).await.assert_ok(), json!(true));
    app.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_error(401, "InvalidSession");
}
both!(login_session_logout_then_the_token_fails_on_the_next_request);

async fn refresh_issues_a_new_token_and_the_old_one_stops_working(app: TestApp) {
    let old = app.root_token().await;
    let fresh =
        app.call(Method::POST, "/v2/auth/refresh", None, Some(json!({"token": old}))).await.assert_ok();
    let fresh = fresh["token"].as_str().unwrap().to_string();
    assert_ne!(fresh, old);
    app.call(Method::POST, "/v2/auth/session", Some(&old), None).await.assert_error(401, "InvalidSession");
    app.call(Method::POST, "/v2/auth/refresh", None, Some(json!({"token": old})))
        .await
        .assert_error(401, "InvalidSession");
    app.call(Method::POST, "/v2/auth/session", Some(&fresh), None).await.assert_ok();
}
both!(refresh_issues_a_new_token_and_the_old_one_stops_working);

async fn five_wrong_passwords_lock_the_account_until_the_lock_lapses(app: TestApp) {
    app.create_user("victim", "Victim#pw1", AuthLevel::MailboxUser).await;
    for _ in 0..4 {
        app.login_resp("victim", "wrong").await.assert_error(401, "InvalidCredentials");
    }
    app.login_resp("victim", "wrong").await.assert_error(403, "AccountLocked");
    let refused = app.login_resp("victim", "Victim#pw1").await;
    refused.assert_error(403, "AccountLocked");
    let retry: i64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "Retry-After {retry}");
    app.clock.advance(Duration::seconds(901));
    app.login("victim", "Victim#pw1").await;
}
both!(five_wrong_passwords_lock_the_account_until_the_lock_lapses);

async fn unknown_login_and_wrong_password_get_the_same_answer(app: TestApp) {
    let unknown = app.login_resp("nobody-here", "Whatever#1").await;
    let wrong = app.login_resp(ROOT_LOGIN, "Whatever#1").await;
    assert_eq!(
        unknown.assert_error(401, "InvalidCredentials"),
        wrong.assert_error(401, "InvalidCredentials")
    );
}
both!(unknown_login_and_wrong_password_get_the_same_answer);

async fn a_suspended_user_cannot_log_in_and_its_sessions_die(app: TestApp) {
    let id = app.create_user("sleepy", "Sleepy#pw1", AuthLevel::MailboxUser).await;
    let user_token = app.login("sleepy", "Sleepy#pw1").await;
    let root = app.caller(&app.root_token().await).await;
    app.core.set_status(&root, UserId(id), Status::Suspended).await.unwrap();
    app.call(Method::POST, "/v2/auth/session", Some(&user_token), None)
        .await
        .assert_error(403, "AccountInactive");
    app.login_resp("sleepy", "Sleepy#pw1").await.assert_error(403, "AccountInactive");
    // A wrong password must not reveal the status.
    app.login_resp("sleepy", "Wrong#pw1").await.assert_error(401, "InvalidCredentials");
    // Reactivation does not bring the revoked session back.
    app.core.set_status(&root, UserId(id), Status::Active).await.unwrap();
    app.call(Method::POST, "/v2/auth/session", Some(&user_token), None)
        .await
        .assert_error(401, "InvalidSession");
    app.login("sleepy", "Sleepy#pw1").await;
}
both!(a_suspended_user_cannot_log_in_and_its_sessions_die);

async fn tokens_signed_otherwise_or_unsigned_are_invalid_sessions(app: TestApp) {
    let real = app.root_token().await;
    let session = app.call(Method::POST, "/v2/auth/session", Some(&real), None).await.assert_ok();
    let claims = json!({
        "iss": "gatehouse", "sub": session["userId"].to_string(), "sid": session["sessionId"],
        "iat": app.clock_now_ts(), "exp": app.clock_now_ts() + 600,
    });
    let other_secret = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(b"not-the-secret"),
    )
    .unwrap();
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let none = format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), b64(claims.to_string().as_bytes()));
    let hs512 =
        jsonwebtoken::encode(&Header::new(Algorithm::HS512), &claims, &EncodingKey::from_secret(b"x"))
            .unwrap();
    for bad in [other_secret.as_str(), none.as_str(), hs512.as_str(), "garbage", ""] {
        app.call(Method::POST, "/v2/auth/session", Some(bad), None).await.assert_error(401, "InvalidSession");
    }
    app.call(Method::POST, "/v2/auth/session", None, None).await.assert_error(401, "InvalidSession");
}
both!(tokens_signed_otherwise_or_unsigned_are_invalid_sessions);

async fn an_idle_session_expires_and_use_keeps_it_alive(app: TestApp) {
    let token = app.root_token().await;
    app.clock.advance(Duration::minutes(15));
    app.call(Method::POST, "/v2/auth/session", Some(&token), None).await.assert_ok();
    app.clock.advance(Duration::minutes(15));
    app.call(Method::POST, "/v2/auth/session", Some(&token), None).await.assert_ok();
    app.clock.advance(Duration::minutes(21));
    app.call(Method::POST, "/v2/auth/session", Some(&token), None).await.assert_error(401, "InvalidSession");
}
both!(an_idle_session_expires_and_use_keeps_it_alive);

async fn changing_ones_password_keeps_this_session_and_ends_the_others(app: TestApp) {
    app.create_user("changer", "Changer#pw1", AuthLevel::MailboxUser).await;
    let here = app.login("changer", "Changer#pw1").await;
    let elsewhere = app.login("changer", "Changer#pw1").await;
    let body = json!({"currentPassword": "wrong", "newPassword": "Changer#pw2"});
    let msg = app
        .call(Method::PUT, "/v2/auth/password", Some(&here), Some(body))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("currentPassword"), "{msg}");
    let weak = json!({"currentPassword": "Changer#pw1", "newPassword": "short"});
    let msg = app
        .call(Method::PUT, "/v2/auth/password", Some(&here), Some(weak))
        .await
        .assert_error(400, "InvalidParameter");
    for rule in ["at least 8", "uppercase", "digit"] {
        assert!(msg.contains(rule), "{msg} names `{rule}`");
    }
    let good = json!({"currentPassword": "Changer#pw1", "newPassword": "Changer#pw2"});
    assert_eq!(
        app.call(Method::PUT, "/v2/auth/password", Some(&here), Some(good)).await.assert_ok(),
        json!(true)
    );
    app.call(Method::POST, "/v2/auth/session", Some(&here), None).await.assert_ok();
    app.call(Method::POST, "/v2/auth/session", Some(&elsewhere), None)
        .await
        .assert_error(401, "InvalidSession");
    app.login_resp("changer", "Changer#pw1").await.assert_error(401, "InvalidCredentials");
    app.login("changer", "Changer#pw2").await;
}
both!(changing_ones_password_keeps_this_session_and_ends_the_others);

async fn a_forced_password_change_restricts_the_session_until_the_password_changes(app: TestApp) {
    let id = app.create_user("forced", "Forced#pw1", AuthLevel::MailboxUser).await;
    let root = app.caller(&app.root_token().await).await;
    app.core.force_password_change(&root, UserId(id), true).await.unwrap();
    let login = app.login_resp("forced", "Forced#pw1").await.assert_ok();
    assert_eq!(login["passwordChangeRequired"], json!(true));
    let token = login["token"].as_str().unwrap();
    let session = app.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_ok();
    assert_eq!(session["passwordChangeRequired"], json!(true));
    let caller = app.caller(token).await;
    let refused = app.core.get_user(&caller, UserId(id)).await.unwrap_err();
    assert_eq!(refused.name(), "PasswordChangeRequired");
    let body = json!({"currentPassword": "Forced#pw1", "newPassword": "Forced#pw2"});
    app.call(Method::PUT, "/v2/auth/password", Some(token), Some(body)).await.assert_ok();
    let caller = app.caller(token).await;
    assert!(!caller.is_restricted());
    app.core.get_user(&caller, UserId(id)).await.unwrap();
}
both!(a_forced_password_change_restricts_the_session_until_the_password_changes);

async fn api_keys_authenticate_until_replaced_and_unknown_keys_are_refused(app: TestApp) {
    let id = app.create_user("robot-owner", "Robot#pw1", AuthLevel::MailboxUser).await;
    let root = app.caller(&app.root_token().await).await;
    let key = app.core.generate_api_key(&root, UserId(id), KeyForm::Prefixed).await.unwrap();
    let with_key =
        |k: String| app.client.post(format!("{}/v2/auth/session", app.base)).header("X-API-Key", k);
    let info = app.send(with_key(key.expose().to_string())).await.assert_ok();
    assert_eq!(info["login"], json!("robot-owner"));
    assert_eq!(info["clientType"], json!("api"));
    let newer = app.core.generate_api_key(&root, UserId(id), KeyForm::Prefixed).await.unwrap();
    app.send(with_key(key.expose().to_string())).await.assert_error(401, "InvalidAPIKey");
    app.send(with_key(newer.expose().to_string())).await.assert_ok();
    app.send(with_key("ghk_unknown".into())).await.assert_error(401, "InvalidAPIKey");
    // A key and a bearer token together are ambiguous, even when both are valid.
    let token = app.root_token().await;
    let both = app.send(with_key(newer.expose().to_string()).bearer_auth(&token)).await;
    let message = both.assert_error(401, "InvalidSession");
    assert!(message.contains("send one credential"), "{message}");
    app.call(Method::POST, "/v2/auth/logout", Some(newer.expose()), None)
        .await
        .assert_error(400, "InvalidParameter");
}
both!(api_keys_authenticate_until_replaced_and_unknown_keys_are_refused);

async fn login_accepts_an_email_and_a_client_type(app: TestApp) {
    app.create_user("mailer", "Mailer#pw1", AuthLevel::MailboxUser).await;
    let body = json!({"email": "MAILER@example.com", "password": "Mailer#pw1", "clientType": "mobile"});
    let data = app.call(Method::POST, "/v2/auth/login", None, Some(body)).await.assert_ok();
    let token = data["token"].as_str().unwrap();
    let session = app.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_ok();
    assert_eq!(session["clientType"], json!("mobile"));
    assert_eq!(session["login"], json!("mailer"));
}
both!(login_accepts_an_email_and_a_client_type);

impl TestApp {
    fn clock_now_ts(&self) -> i64 {
        use gatehouse_core::clock::Clock;
        self.clock.now().timestamp()
    }
}
