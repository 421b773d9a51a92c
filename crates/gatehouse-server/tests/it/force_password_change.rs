//! SPEC §3.4 end to end, set through Archer `ForcePasswordChange`: the user's next login
//! succeeds but every session of it is restricted in every front end (REST `403
//! PasswordChangeRequired`, ECGridOS and Archer `Authorization` faults, Web API
//! `password_change_required`) except change password, session info and logout; changing the
//! password lifts it on the session that changed it; `false` clears it at once.

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::soap_archer::{ACCESS, GENERAL};
use crate::soap_ecgridos::who_am_i;
use crate::soap_support::{BOTH, V};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

const PW: &str = "Passw0rd!";
const NEW_PW: &str = "Changed#pw2";
const REFUSAL: &str = "password change required";

/// A MailboxAdmin (so that, unrestricted, most calls below would succeed) and a user it administers.
struct Cast {
    forced: i64,
    underling: i64,
}

async fn cast(app: &TestApp) -> Cast {
    Cast {
        forced: app.create_user("forced", PW, AuthLevel::MailboxAdmin).await,
        underling: app.create_user("underling", PW, AuthLevel::MailboxUser).await,
    }
}

/// Root sets the flag through Archer in version `v`.
async fn force(app: &TestApp, v: V, id: i64, flag: bool) {
    let root = app.archer_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
    app.archer_force(v, &root, id, flag).await.assert_archer_ok(v, "ForcePasswordChange", "1");
}

/// Every REST call but the three allowed ones, each of which `forced` could make unrestricted.
fn rest_calls(c: &Cast) -> Vec<(Method, String, Option<Value>)> {
    let (me, u) = (c.forced, c.underling);
    vec![
        (Method::GET, "/v2/users/me".into(), None),
        (Method::GET, format!("/v2/users/{me}"), None),
        (Method::GET, format!("/v2/users/{u}"), None),
        (Method::POST, "/v2/users/list".into(), Some(json!({}))),
        (Method::POST, "/v2/users/by-name".into(), Some(json!({"login": "underling"}))),
        (Method::PUT, "/v2/users".into(), Some(json!({"userId": me, "firstName": "Sneaky"}))),
        (Method::POST, format!("/v2/users/reset/{u}"), None),
        (
            Method::POST,
            "/v2/users/force-password-change".into(),
            Some(json!({"userId": me, "forcePasswordChange": false})),
        ),
        (
            Method::POST,
            "/v2/users/force-password-change".into(),
            Some(json!({"userId": u, "forcePasswordChange": true})),
        ),
        (Method::POST, "/v2/users/role".into(), Some(json!({"userId": u, "authLevel": "General"}))),
        (Method::POST, "/v2/users/status".into(), Some(json!({"userId": u, "status": "Suspended"}))),
        (Method::POST, format!("/v2/users/key-generate/{u}"), None),
        (Method::GET, format!("/v2/users/{me}/sessions"), None),
        (Method::DELETE, format!("/v2/users/{u}/sessions/unknown"), None),
        (Method::DELETE, format!("/v2/users/{u}"), None),
        (
            Method::POST,
            "/v2/users".into(),
            Some(
                json!({"login": "newbie", "password": PW, "email": "newbie@example.com", "authLevel": "MailboxUser"}),
            ),
        ),
        (Method::GET, format!("/v2/audit?userId={me}"), None),
    ]
}

/// Assert that `rest` (a REST token), `sid` (ECGridOS) and `token` (Archer) are all restricted.
async fn assert_restricted_everywhere(app: &TestApp, c: &Cast, rest: &str, sid: &str, token: &str) {
    for (method, path, body) in rest_calls(c) {
        let r = app.call(method.clone(), &path, Some(rest), body).await;
        assert_eq!(r.assert_error(403, "PasswordChangeRequired"), REFUSAL, "{method} {path}");
    }
    let (me, u) = (c.forced.to_string(), c.underling.to_string());
    let ecgridos: [(&str, Vec<(&str, &str)>); 5] = [
        ("UserInfo", vec![("UserID", &me)]),
        ("UserInfo", vec![("UserID", &u)]),
        (
            "UserUpdate",
            vec![("UserID", &me), ("FirstName", "A"), ("LastName", "B"), ("Email", "a@b.example")],
        ),
        ("UserReset", vec![("UserID", &u)]),
        ("UserPassword", vec![("UserID", &u), ("NewPassword", "N3w#Passw0rd")]),
    ];
    for v in BOTH {
        for (op, fields) in &ecgridos {
            let mut all = vec![("SessionID", sid)];
            all.extend(fields.iter().copied());
            let r = app.soap_call(v, op, &all).await;
            assert_eq!(r.assert_fault(v, v.client(), Some("Authorization")), REFUSAL, "ECGridOS {op}");
        }
        for (op, fields) in [
            ("LookupUserId", vec![("sessionToken", token), ("userName", "underling")]),
            (
                "ForcePasswordChange",
                vec![("sessionToken", token), ("userId", &me), ("forcePasswordChange", "false")],
            ),
            (
                "ForcePasswordChange",
                vec![("sessionToken", token), ("userId", &u), ("forcePasswordChange", "true")],
            ),
        ] {
            let r = app.archer_call(ACCESS, v, op, &fields).await;
            r.assert_archer_fault(v, v.client(), "Authorization", REFUSAL);
        }
    }
    let wu = format!("W{u}");
    for (method, args) in [
        ("admin.users.session.list", vec![]),
        ("admin.users.session.list", vec![("team_id", "T1"), ("user_id", wu.as_str())]),
        ("admin.users.session.reset", vec![("user_id", wu.as_str())]),
        ("admin.users.session.resetBulk", vec![("user_ids", wu.as_str())]),
        ("admin.users.session.invalidate", vec![("session_id", "unknown")]),
    ] {
        for credential in [rest, sid, token] {
            app.api(method, Some(credential), &args).await.slack_error("password_change_required");
        }
    }
}

/// Session info and the version stay open to a restricted session.
async fn assert_session_info_allowed(app: &TestApp, c: &Cast, rest: &str, sid: &str, token: &str) {
    let info = app.call(Method::POST, "/v2/auth/session", Some(rest), None).await.assert_ok();
    assert_eq!((info["userId"].as_i64(), &info["passwordChangeRequired"]), (Some(c.forced), &json!(true)));
    for v in BOTH {
        assert_eq!(who_am_i(app, v, sid).await.text("UserID"), Some(c.forced.to_string()), "WhoAmI");
    }
    for credential in [rest, sid, token] {
        let who = app.api("auth.test", Some(credential), &[]).await.slack_ok();
        assert_eq!(who["user_id"], json!(format!("W{}", c.forced)));
    }
    app.call(Method::GET, "/v2/auth/version", None, None).await.assert_ok();
}

async fn a_forced_user_is_restricted_everywhere_until_it_changes_its_password(app: TestApp) {
    let c = cast(&app).await;
    let earlier = app.login("forced", PW).await;
    force(&app, V::S11, c.forced, true).await;

    let login = app.login_resp("forced", PW).await.assert_ok();
    assert_eq!(login["passwordChangeRequired"], json!(true), "the login succeeds, restricted");
    let rest = login["token"].as_str().unwrap().to_string();
    let sid = app.soap_login(V::S12, "forced", PW).await;
    let token = app.archer_login(V::S11, "forced", PW).await;
    app.call(Method::GET, "/v2/users/me", Some(&earlier), None)
        .await
        .assert_error(403, "PasswordChangeRequired");

    assert_restricted_everywhere(&app, &c, &rest, &sid, &token).await;
    assert_session_info_allowed(&app, &c, &rest, &sid, &token).await;
    let root = app.root_token().await;
    let underling =
        app.call(Method::GET, &format!("/v2/users/{}", c.underling), Some(&root), None).await.assert_ok();
    assert_eq!(
        (underling["status"].as_str(), underling["authLevel"].as_str()),
        (Some("Active"), Some("MailboxUser"))
    );
    assert_eq!(underling["forcePasswordChange"], json!(false), "no refused call changed anything");

    let refreshed =
        app.call(Method::POST, "/v2/auth/refresh", None, Some(json!({"token": rest}))).await.assert_ok();
    assert_eq!(refreshed["passwordChangeRequired"], json!(true), "a refresh keeps the restriction");
    let rest = refreshed["token"].as_str().unwrap().to_string();
    app.call(Method::GET, "/v2/users/me", Some(&rest), None)
        .await
        .assert_error(403, "PasswordChangeRequired");

    let wrong = json!({"currentPassword": "Wrong#pw1", "newPassword": NEW_PW});
    app.call(Method::PUT, "/v2/auth/password", Some(&rest), Some(wrong))
        .await
        .assert_error(400, "InvalidParameter");
    app.call(Method::GET, "/v2/users/me", Some(&rest), None)
        .await
        .assert_error(403, "PasswordChangeRequired");
    let change = json!({"currentPassword": PW, "newPassword": NEW_PW});
    assert_eq!(
        app.call(Method::PUT, "/v2/auth/password", Some(&rest), Some(change)).await.assert_ok(),
        json!(true)
    );

    // The same session is unrestricted now; the user's other sessions were ended by the change.
    let me = app.call(Method::GET, "/v2/users/me", Some(&rest), None).await.assert_ok();
    assert_eq!(me["forcePasswordChange"], json!(false));
    app.call(Method::GET, &format!("/v2/users/{}", c.underling), Some(&rest), None).await.assert_ok();
    app.api("admin.users.session.list", Some(&rest), &[]).await.slack_ok();
    app.call(Method::GET, "/v2/users/me", Some(&earlier), None).await.assert_error(401, "InvalidSession");
    for v in BOTH {
        who_am_i(&app, v, &sid).await.assert_fault(v, v.client(), Some("Authentication"));
        let lookup = [("sessionToken", token.as_str()), ("userName", "underling")];
        let r = app.archer_call(ACCESS, v, "LookupUserId", &lookup).await;
        r.assert_archer_fault(v, v.client(), "Authentication", "Invalid session token");

        let sid = app.soap_login(v, "forced", NEW_PW).await;
        let r = app.soap_call(v, "UserInfo", &[("SessionID", &sid), ("UserID", &c.forced.to_string())]).await;
        assert_eq!(r.text("Login").as_deref(), Some("forced"), "{}", r.body);
        let token = app.archer_login(v, "forced", NEW_PW).await;
        let lookup = [("sessionToken", token.as_str()), ("userName", "underling")];
        let r = app.archer_call(ACCESS, v, "LookupUserId", &lookup).await;
        r.assert_archer_ok(v, "LookupUserId", &c.underling.to_string());
    }
    let again = app.login_resp("forced", NEW_PW).await.assert_ok();
    assert_eq!(again["passwordChangeRequired"], json!(false));
}
both!(a_forced_user_is_restricted_everywhere_until_it_changes_its_password);

async fn false_clears_the_flag_and_lifts_the_restriction_at_once(app: TestApp) {
    let c = cast(&app).await;
    let rest = app.login("forced", PW).await;
    let sid = app.soap_login(V::S11, "forced", PW).await;
    let token = app.archer_login(V::S12, "forced", PW).await;
    force(&app, V::S12, c.forced, true).await;
    // Sessions opened before the flag was set are restricted from the very next request.
    assert_restricted_everywhere(&app, &c, &rest, &sid, &token).await;

    force(&app, V::S11, c.forced, false).await;
    app.call(Method::GET, "/v2/users/me", Some(&rest), None).await.assert_ok();
    app.api("admin.users.session.list", Some(&rest), &[]).await.slack_ok();
    for v in BOTH {
        let r =
            app.soap_call(v, "UserInfo", &[("SessionID", &sid), ("UserID", &c.underling.to_string())]).await;
        assert_eq!(r.text("Login").as_deref(), Some("underling"), "{}", r.body);
        let lookup = [("sessionToken", token.as_str()), ("userName", "forced")];
        let r = app.archer_call(ACCESS, v, "LookupUserId", &lookup).await;
        r.assert_archer_ok(v, "LookupUserId", &c.forced.to_string());
    }
    let login = app.login_resp("forced", PW).await.assert_ok();
    assert_eq!(login["passwordChangeRequired"], json!(false));
}
both!(false_clears_the_flag_and_lifts_the_restriction_at_once);

async fn a_restricted_session_may_log_out_in_every_front_end(app: TestApp) {
    let c = cast(&app).await;
    force(&app, V::S11, c.forced, true).await;
    for v in BOTH {
        let sid = app.soap_login(v, "forced", PW).await;
        app.soap_call(v, "Logout", &[("SessionID", &sid)]).await.assert_ok(v, "Logout", "1");
        who_am_i(&app, v, &sid).await.assert_fault(v, v.client(), Some("Authentication"));

        let token = app.archer_login(v, "forced", PW).await;
        let end = [("sessionToken", token.as_str())];
        app.archer_call(GENERAL, v, "TerminateSession", &end).await.assert_archer_ok(
            v,
            "TerminateSession",
            "1",
        );
        let r = app.archer_call(GENERAL, v, "TerminateSession", &end).await;
        r.assert_archer_fault(v, v.client(), "Authentication", "Invalid session token");
    }
    let rest = app.login("forced", PW).await;
    app.call(Method::POST, "/v2/auth/logout", Some(&rest), None).await.assert_ok();
    app.call(Method::POST, "/v2/auth/session", Some(&rest), None).await.assert_error(401, "InvalidSession");
    let outcomes: Vec<String> = {
        let root = app.root_token().await;
        let events = app
            .call(Method::GET, &format!("/v2/audit?userId={}&action=logout", c.forced), Some(&root), None)
            .await
            .assert_ok();
        events.as_array().unwrap().iter().map(|e| format!("{} {}", e["frontEnd"], e["outcome"])).collect()
    };
    for expected in [r#""soap11" "ok""#, r#""soap12" "ok""#, r#""archer" "ok""#, r#""rest" "ok""#] {
        assert!(outcomes.iter().any(|o| o == expected), "{expected} not in {outcomes:?}");
    }
}
both!(a_restricted_session_may_log_out_in_every_front_end);
