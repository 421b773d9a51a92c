//! Every fault class over SOAP 1.1 and 1.2: Authentication, Authorization, ObjectNotFound,
//! InvalidParameter (core and message-level), MustUnderstand, and Server/Receiver SystemError.

use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::soap_ecgridos::{login_envelope, who_am_i, PW};
use crate::soap_support::{BOTH, ECGRIDOS, TNS, V};
use crate::support::{break_sessions_table, TestApp, ROOT_LOGIN, ROOT_PASSWORD};

async fn authentication_faults(app: TestApp) {
    app.create_user("victim", PW, AuthLevel::MailboxUser).await;
    let token = app.root_token().await;
    for v in BOTH {
        let c = v.client();
        for sid in ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", ""] {
            let r = app.soap_call(v, "UserInfo", &[("SessionID", sid), ("UserID", "1")]).await;
            assert_eq!(r.assert_fault(v, c, Some("Authentication")), "invalid session");
        }
        let r = app.soap(v, Some("Login"), &login_envelope(v, "victim", "Wrong#pass1")).await;
        assert_eq!(r.assert_fault(v, c, Some("Authentication")), "invalid login or password");
        let r = app.soap(v, Some("Login"), &login_envelope(v, "nobody", "Wrong#pass1")).await;
        assert_eq!(r.assert_fault(v, c, Some("Authentication")), "invalid login or password");
    }
    // Two failures above per version; three more lock the account (threshold 5).
    for _ in 0..2 {
        app.soap(V::S11, Some("Login"), &login_envelope(V::S11, "victim", "Wrong#pass1")).await;
    }
    let locked = app.soap(V::S12, Some("Login"), &login_envelope(V::S12, "victim", "Wrong#pass1")).await;
    let reason = locked.assert_fault(V::S12, "soap:Sender", Some("Authentication"));
    assert!(reason.contains("locked"), "{reason}");
    assert_eq!(locked.headers["retry-after"], "900");
    let still = app.soap(V::S11, Some("Login"), &login_envelope(V::S11, "victim", PW)).await;
    still.assert_fault(V::S11, "soap:Client", Some("Authentication"));
    assert_eq!(still.headers["retry-after"], "900");

    let other = app.create_user("leaver", PW, AuthLevel::MailboxUser).await;
    let sid = app.soap_login(V::S11, "leaver", PW).await;
    let body = json!({"userId": other, "status": "Suspended"});
    app.call(Method::POST, "/v2/users/status", Some(&token), Some(body)).await.assert_ok();
    for v in BOTH {
        who_am_i(&app, v, &sid).await.assert_fault(v, v.client(), Some("Authentication"));
        let r = app.soap(v, Some("Login"), &login_envelope(v, "leaver", PW)).await;
        assert_eq!(r.assert_fault(v, v.client(), Some("Authentication")), "account is not active");
    }
}
both!(authentication_faults);

async fn authorization_faults(app: TestApp) {
    let user = app.create_user("plain", PW, AuthLevel::MailboxUser).await;
    let peer = app.create_user("peer", PW, AuthLevel::MailboxAdmin).await;
    app.create_user("mbxadmin", PW, AuthLevel::MailboxAdmin).await;
    app.create_user_in("ops", PW, AuthLevel::TechOps, 1, 0).await;
    let forced = app.create_user("forced", PW, AuthLevel::NetworkUser).await;
    let token = app.root_token().await;
    let body = json!({"userId": forced, "forcePasswordChange": true});
    app.call(Method::POST, "/v2/users/force-password-change", Some(&token), Some(body)).await.assert_ok();
    for v in BOTH {
        let c = v.client();
        let plain = app.soap_login(v, "plain", PW).await;
        let r = app.soap_call(v, "UserReset", &[("SessionID", &plain), ("UserID", &peer.to_string())]).await;
        assert_eq!(r.assert_fault(v, c, Some("Authorization")), "caller is not an administrator");

        let admin = app.soap_login(v, "mbxadmin", PW).await;
        let r = app.soap_call(v, "UserReset", &[("SessionID", &admin), ("UserID", &peer.to_string())]).await;
        assert_eq!(r.assert_fault(v, c, Some("Authorization")), "access denied");
        let pw =
            [("SessionID", admin.as_str()), ("UserID", &user.to_string()), ("NewPassword", "N3w#Passw0rd")];
        app.soap_call(v, "UserPassword", &pw).await.assert_fault(v, c, Some("Authorization"));

        let ops = app.soap_login(v, "ops", PW).await;
        let r = app.soap_call(v, "UserReset", &[("SessionID", &ops), ("UserID", "1")]).await;
        let reason = r.assert_fault(v, c, Some("Authorization"));
        assert!(reason.contains("primary owner"), "{reason}");

        let restricted = app.soap_login(v, "forced", PW).await;
        let r = app
            .soap_call(v, "UserInfo", &[("SessionID", &restricted), ("UserID", &forced.to_string())])
            .await;
        assert_eq!(r.assert_fault(v, c, Some("Authorization")), "password change required");
        let who = who_am_i(&app, v, &restricted).await;
        assert_eq!(who.text("UserID"), Some(forced.to_string()), "session info stays allowed (SPEC §3.4)");
        app.soap_call(v, "Logout", &[("SessionID", &restricted)]).await.assert_ok(v, "Logout", "1");
    }
}
both!(authorization_faults);

async fn object_not_found_faults(app: TestApp) {
    let far = app.create_user_in("faraway", PW, AuthLevel::MailboxUser, 2, 200).await;
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    for v in BOTH {
        let root = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let r = app.soap_call(v, "UserInfo", &[("SessionID", &root), ("UserID", "999999")]).await;
        assert_eq!(r.assert_fault(v, v.client(), Some("ObjectNotFound")), "object not found");
        let admin = app.soap_login(v, "netadmin", PW).await;
        let r = app.soap_call(v, "UserReset", &[("SessionID", &admin), ("UserID", &far.to_string())]).await;
        assert_eq!(r.assert_fault(v, v.client(), Some("ObjectNotFound")), "object not found", "out of scope");
    }
}
both!(object_not_found_faults);

/// Parameter elements of one call.
type Fields<'a> = Vec<(&'a str, &'a str)>;

async fn invalid_parameter_faults_name_the_parameter(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    let bot = app
        .core
        .provision_user(
            gatehouse_core::service::NewUserRequest {
                login: gatehouse_core::service::NewLogin::Given("robot".into()),
                password: None,
                password_later: false,
                email: Some("robot@example.com".into()),
                first_name: String::new(),
                last_name: String::new(),
                network_id: Some(1),
                mailbox_id: Some(100),
                auth_level: Some(AuthLevel::MailboxUser),
                is_bot: true,
                profile: Default::default(),
                recovery: None,
            },
            &gatehouse_core::RequestContext::cli(),
        )
        .await
        .unwrap()
        .id
        .0
        .to_string();
    let id = id.to_string();
    for v in BOTH {
        let sid = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let s = sid.as_str();
        let cases: Vec<(&str, Fields, &str)> = vec![
            ("UserReset", vec![("SessionID", s)], "UserID: is required"),
            ("UserReset", vec![("UserID", &id)], "SessionID: is required"),
            ("UserReset", vec![("SessionID", s), ("UserID", "abc")], "UserID: `abc` is not a valid int"),
            (
                "UserReset",
                vec![("SessionID", s), ("UserID", "99999999999")],
                "UserID: `99999999999` is not a valid int",
            ),
            (
                "UserReset",
                vec![("SessionID", s), ("UserID", &bot)],
                "bot users have no sessions; rotate the API key instead",
            ),
            ("UserPassword", vec![("SessionID", s), ("UserID", &id)], "NewPassword: is required"),
            (
                "UserPassword",
                vec![("SessionID", s), ("UserID", &id), ("NewPassword", "short")],
                "password does not meet the rules",
            ),
            (
                "UserPassword",
                vec![("SessionID", s), ("UserID", &bot), ("NewPassword", "N3w#Passw0rd")],
                "UserID: bot users have no password",
            ),
            (
                "UserUpdate",
                vec![("SessionID", s), ("UserID", &id), ("FirstName", "A"), ("LastName", "B")],
                "Email: is required",
            ),
            (
                "UserUpdate",
                vec![
                    ("SessionID", s),
                    ("UserID", &id),
                    ("FirstName", "A"),
                    ("LastName", "B"),
                    ("Email", "not-an-email"),
                ],
                "Email: `not-an-email` is not a valid email address",
            ),
            ("Login", vec![("Password", "x")], "LoginName: is required"),
        ];
        for (op, fields, expected) in cases {
            let r = app.soap_call(v, op, &fields).await;
            let reason = r.assert_fault(v, v.client(), Some("InvalidParameter"));
            assert!(reason.starts_with(expected), "{op}: {reason:?} should start with {expected:?}");
        }
        let weak = app
            .soap_call(v, "UserPassword", &[("SessionID", s), ("UserID", &id), ("NewPassword", "short")])
            .await;
        let reason = weak.assert_fault(v, v.client(), Some("InvalidParameter"));
        for rule in ["uppercase", "digit"] {
            assert!(reason.to_lowercase().contains(rule), "every failed rule is named: {reason}");
        }
    }
}
both!(invalid_parameter_faults_name_the_parameter);

async fn message_level_faults(app: TestApp) {
    for v in BOTH {
        let c = v.client();
        let unknown = v.envelope(&format!(r#"<Frobnicate xmlns="{TNS}"/>"#));
        let reason = app.soap(v, None, &unknown).await.assert_fault(v, c, Some("InvalidParameter"));
        assert!(reason.starts_with("unknown operation {https://os.ecgrid.io/}Frobnicate"), "{reason}");
        let foreign = v.envelope(r#"<Version xmlns="http://www.ecgridos.net/"/>"#);
        let reason = app.soap(v, None, &foreign).await.assert_fault(v, c, Some("InvalidParameter"));
        assert!(reason.contains("{http://www.ecgridos.net/}Version"), "{reason}");
        let version = v.envelope(&format!(r#"<Version xmlns="{TNS}"/>"#));
        let reason =
            app.soap(v, Some("UserReset"), &version).await.assert_fault(v, c, Some("InvalidParameter"));
        assert!(reason.contains("names a different operation than the body element `Version`"), "{reason}");
        let header = match v {
            V::S11 => r#"<soap:Header><Security xmlns="urn:sec" soap:mustUnderstand="1"/></soap:Header>"#,
            V::S12 => {
                r#"<soap12:Header><Security xmlns="urn:sec" soap12:mustUnderstand="true"/></soap12:Header>"#
            }
        };
        let mandatory = insert_header(&version, header);
        let r = app.soap(v, None, &mandatory).await;
        let reason = r.assert_fault(v, "soap:MustUnderstand", None);
        assert!(reason.contains("{urn:sec}Security"), "{reason}");
    }
    let json = app
        .client
        .post(format!("{}{ECGRIDOS}", app.base))
        .header("content-type", "application/json")
        .body("{}");
    let reason = app.soap_send(json).await.assert_fault(V::S11, "soap:Client", Some("InvalidParameter"));
    assert!(reason.contains("content type `application/json` is not supported"), "{reason}");
}
both!(message_level_faults);

/// Put `header` right after the envelope start tag.
fn insert_header(envelope: &str, header: &str) -> String {
    let body_at = envelope.find("<soap:Body>").or_else(|| envelope.find("<soap12:Body>")).unwrap();
    format!("{}{header}{}", &envelope[..body_at], &envelope[body_at..])
}

async fn internal_errors_are_server_faults_with_a_fixed_message(db: TestDb) {
    let url = db.url.clone();
    let app = TestApp::start(db, Settings::default()).await;
    break_sessions_table(&url);
    for v in BOTH {
        let r = app.soap(v, Some("Login"), &login_envelope(v, ROOT_LOGIN, ROOT_PASSWORD)).await;
        assert_eq!(r.assert_fault(v, v.server(), Some("SystemError")), "internal error; see the server log");
        assert!(!r.body.contains("sessions"), "no internals: {}", r.body);
    }
    let r = app.http_post("Login", &[("LoginName", ROOT_LOGIN), ("Password", ROOT_PASSWORD)]).await;
    assert_eq!(r.status.as_u16(), 500);
    assert_eq!(r.body, "internal error; see the server log");
    assert_eq!(r.headers["x-ecgridossoaperrorcode"], "SystemError");
}

mod internal_errors {
    #[actix_web::test]
    async fn sqlite() {
        super::internal_errors_are_server_faults_with_a_fixed_message(super::TestDb::sqlite()).await
    }
    #[actix_web::test]
    #[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
    async fn postgres() {
        if let Some(db) = super::TestDb::postgres() {
            super::internal_errors_are_server_faults_with_a_fixed_message(db).await
        }
    }
}
