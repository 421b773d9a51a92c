//! Login throttling per login name and per client address on every front end that logs in
//! (REST, ECGridOS `Login`, Archer `CreateUserSession*`), on top of lockout (issue #8).

use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;

use crate::soap_archer::GENERAL;
use crate::soap_support::V;
use crate::support::TestApp;

const PW: &str = "Passw0rd!";

async fn throttled_app(per_login: u32, per_ip: u32) -> TestApp {
    let settings = Settings {
        rate_limit: Some("on".into()),
        login_rate_per_min_login: Some(per_login),
        login_rate_per_min_ip: Some(per_ip),
        ..Settings::default()
    };
    TestApp::start(TestDb::sqlite(), settings).await
}

#[actix_web::test]
async fn one_login_name_is_throttled_across_every_front_end_whether_it_exists_or_not() {
    let app = throttled_app(4, 1000).await;
    app.create_user("target", PW, AuthLevel::MailboxUser).await;
    // Four attempts at `target`, one through each front end (and a wrong password among them).
    app.login("target", PW).await;
    app.soap_login(V::S11, "target", PW).await;
    let fields = [("userName", "target"), ("instanceName", "Default"), ("password", PW)];
    let archer = app.archer_call(GENERAL, V::S12, "CreateUserSession", &fields).await;
    assert_eq!(archer.status.as_u16(), 200, "{}", archer.body);
    app.login_resp("target", "Wrong#pw1").await.assert_error(401, "InvalidCredentials");
    // The fifth, on any front end, is refused before any password check.
    let refused = app.login_resp("target", PW).await;
    refused.assert_error(429, "RateLimitExceeded");
    let retry: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let soap = app.soap_call(V::S11, "Login", &[("LoginName", "target"), ("Password", PW)]).await;
    soap.assert_fault(V::S11, "soap:Client", Some("SystemError"));
    let archer = app.archer_call(GENERAL, V::S11, "CreateUserSessionFromInstance", &fields).await;
    assert_eq!(archer.status.as_u16(), 500, "{}", archer.body);
    assert!(archer.body.contains("rate limit"), "{}", archer.body);
    // Another name is not affected, and an unknown name is throttled exactly the same way.
    app.create_user("bystander", PW, AuthLevel::MailboxUser).await;
    app.login("bystander", PW).await;
    for _ in 0..4 {
        app.login_resp("ghost", PW).await.assert_error(401, "InvalidCredentials");
    }
    app.login_resp("ghost", PW).await.assert_error(429, "RateLimitExceeded");
}

#[actix_web::test]
async fn one_client_address_is_throttled_across_login_names() {
    let app = throttled_app(1000, 3).await;
    for name in ["a1", "a2", "a3"] {
        app.login_resp(name, PW).await.assert_error(401, "InvalidCredentials");
    }
    app.login_resp("a4", PW).await.assert_error(429, "RateLimitExceeded");
    use gatehouse_core::audit::{Action, AuditFilter};
    use gatehouse_core::store::StoreExt;
    let store = gatehouse_store::connect(&app.db_url, 1).unwrap();
    let filter = AuditFilter { action: Some(Action::Login), limit: 10, ..AuditFilter::default() };
    let events =
        actix_web::rt::task::spawn_blocking(move || store.read(|tx| tx.list_audit(&filter)).unwrap())
            .await
            .unwrap();
    // SPEC §3.6: a throttled request writes no row, so a flood cannot grow the audit table.
    let outcomes: Vec<_> = events.iter().map(|e| e.event.outcome.as_str()).collect();
    assert_eq!(outcomes, ["InvalidCredentials"; 3], "throttled attempts are counted, not audited");
}
