//! The ECGridOS user family of the vendor's WSDL (SPEC §5.2) over SOAP 1.1, SOAP 1.2, HTTP-POST
//! and HTTP-GET on both backends, against a `build472` server (so complex answers are the
//! vendor's): each operation's success, its documented faults (read as `<ErrorInfo>` and
//! `<ECGridOSSOAPErrorCode>`), and what it changed read back over REST; what REST revoked, SOAP
//! refuses.

use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

use crate::soap_support::{element_text, Answered, ALL_BINDINGS as ALL, B};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

const PATH: &str = "/v4.1/prod/ECGridOS.asmx";
const NS: &str = "https://os.ecgrid.io/";
const PW: &str = "Passw0rd!";

/// A fault as a client reads it: the `ECGridOSSOAPErrorCode`, the `ErrorInfo/ErrorCode` (SOAP
/// only; -2 over plain HTTP), `ErrorItem` and the message.
#[derive(Debug)]
struct Refused {
    detail: String,
    code: i64,
    item: String,
    message: String,
}

/// The result's content (inner XML for complex answers), or the fault.
type Outcome = Result<String, Refused>;

async fn call(app: &TestApp, b: B, op: &str, fields: &[(&str, &str)]) -> Outcome {
    let Answered { resp: r, result } = app.call_op(b, PATH, NS, op, fields).await;
    match (result, b) {
        (Some(result), _) => Ok(result),
        (None, B::Soap11 | B::Soap12) => {
            let info = element_text(&r.body, "ErrorInfo").unwrap_or_default();
            assert!(
                r.body.find("<ErrorInfo>") < r.body.find("<ECGridOSSOAPErrorCode"),
                "ErrorInfo first: {}",
                r.body
            );
            Err(Refused {
                detail: element_text(&r.body, "ECGridOSSOAPErrorCode").unwrap_or_default(),
                code: element_text(&info, "ErrorCode").and_then(|c| c.parse().ok()).unwrap_or(-99),
                item: element_text(&info, "ErrorItem").unwrap_or_default(),
                message: r.fault_reason(),
            })
        }
        (None, B::Post | B::Get) => {
            let detail = r.http_error_code("ECGridOSSOAPErrorCode");
            Err(Refused { detail, code: -2, item: String::new(), message: r.body })
        }
    }
}

/// Assert a fault with this detail code, `ErrorInfo/ErrorCode` (over SOAP) and text.
#[track_caller]
fn refused(outcome: &Outcome, detail: &str, code: i64, text: &str) {
    match outcome {
        Err(r) => {
            assert_eq!(r.detail, detail, "{r:?}");
            assert!(r.code == code || r.code == -2, "{r:?} should carry ErrorCode {code}");
            assert!(r.message.contains(text), "{r:?} should say {text:?}");
        }
        Ok(v) => panic!("expected a {detail} fault, got {v:?}"),
    }
}

#[track_caller]
fn ok(outcome: Outcome) -> String {
    outcome.unwrap_or_else(|r| panic!("refused: {r:?}"))
}

async fn build472() -> TestApp {
    let settings = Settings { ecgridos_contract: Some("build472".into()), ..Settings::default() };
    TestApp::start(TestDb::sqlite(), settings).await
}

async fn build472_pg() -> Option<TestApp> {
    let settings = Settings { ecgridos_contract: Some("build472".into()), ..Settings::default() };
    Some(TestApp::start(TestDb::postgres()?, settings).await)
}

macro_rules! on_build472 {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name(super::build472().await).await
            }
            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = super::build472_pg().await {
                    super::$name(app).await
                }
            }
        }
    };
}

async fn rest_user(app: &TestApp, root: &str, id: i64) -> Value {
    app.call(Method::GET, &format!("/v2/users/{id}"), Some(root), None).await.assert_ok()
}

async fn sid(app: &TestApp, b: B, login: &str, password: &str) -> String {
    ok(call(app, b, "Login", &[("LoginName", login), ("Password", password)]).await)
}

/// Users, adding, reading, status, levels, scope moves and lists.
async fn users_on_every_binding(app: TestApp) {
    let root_rest = app.root_token().await;
    let far = app.create_user_in("faraway", PW, AuthLevel::MailboxUser, 2, 200).await.to_string();
    for (i, b) in ALL.into_iter().enumerate() {
        app.create_user_in(&format!("netadmin{i}"), PW, AuthLevel::NetworkAdmin, 1, 0).await;
        let admin = sid(&app, b, &format!("netadmin{i}"), PW).await;
        let a = admin.as_str();

        // UserAdd: in the caller's network, the given mailbox; the profile and recovery question stored.
        let login = format!("added{i}");
        let fields = [
            ("SessionID", a),
            ("MailboxID", "100"),
            ("LoginName", login.as_str()),
            ("Password", PW),
            ("RecoveryQuestion", "First pet?"),
            ("RecoveryAnswer", "Fido"),
            ("FirstName", "Ada"),
            ("LastName", "Lovelace <&>"),
            ("Company", "Engines & Co"),
            ("EMail", "ada@example.com"),
            ("Phone", "+44 20 7946 0000"),
            ("CellPhone", "+44 7700 900000"),
            ("CellCarrier", "TMobile"),
            ("AuthLevel", "MailboxAdmin"),
        ];
        let id: i64 = ok(call(&app, b, "UserAdd", &fields).await).parse().unwrap();
        let made = rest_user(&app, &root_rest, id).await;
        for (k, v) in [
            ("login", json!(login)),
            ("networkId", json!(1)),
            ("mailboxId", json!(100)),
            ("authLevel", json!("MailboxAdmin")),
            ("company", json!("Engines & Co")),
            ("cellCarrier", json!("TMobile")),
            ("recoveryQuestion", json!("First pet?")),
            ("lastName", json!("Lovelace <&>")),
        ] {
            assert_eq!(made[k], v, "{k} {b:?}");
        }
        app.login(&login, PW).await;
        let mut dup = fields;
        dup[2].1 = "ADDED0";
        refused(&call(&app, b, "UserAdd", &dup).await, "InvalidParameter", 5, "taken");
        let mut high = fields;
        high[2].1 = "toohigh";
        high[13].1 = "NetworkAdmin";
        refused(&call(&app, b, "UserAdd", &high).await, "Authorization", 2, "access denied");

        // UserAddEx: the given network must be in reach.
        let mut ex: Vec<(&str, &str)> = vec![("SessionID", a), ("NetworkID", "2")];
        ex.extend(fields[1..].iter().copied());
        let elsewhere = format!("elsewhere{i}");
        ex[3].1 = &elsewhere;
        refused(&call(&app, b, "UserAddEx", &ex).await, "Authorization", 2, "access denied");
        ex[1].1 = "1";
        let ex_id = ok(call(&app, b, "UserAddEx", &ex).await);
        assert_eq!(rest_user(&app, &root_rest, ex_id.parse().unwrap()).await["login"], json!(elsewhere));
        app.call(Method::DELETE, &format!("/v2/users/{ex_id}"), Some(&root_rest), None).await.assert_ok();

        // UserInfobyLogin: exactly that login, any case; the vendor's UserIDInfo.
        let by_login =
            ok(call(&app, b, "UserInfobyLogin", &[("SessionID", a), ("LoginName", &login.to_uppercase())])
                .await);
        assert_eq!(element_text(&by_login, "LoginName").as_deref(), Some(login.as_str()), "{b:?}");
        assert_eq!(element_text(&by_login, "EMail").as_deref(), Some("ada@example.com"));
        assert_eq!(element_text(&by_login, "RecoveryQuestion").as_deref(), Some("First pet?"));
        assert_eq!(element_text(&by_login, "OpenSessions").as_deref(), Some("1"), "the login above");
        refused(
            &call(&app, b, "UserInfobyLogin", &[("SessionID", a), ("LoginName", "faraway")]).await,
            "ObjectNotFound",
            3,
            "not found",
        );

        // UserSuspend / UserActivate / UserTerminate, seen over REST; a suspended user's REST token dies.
        let sid_str = id.to_string();
        let target = [("SessionID", a), ("UserID", sid_str.as_str())];
        let token = app.login(&login, PW).await;
        assert_eq!(ok(call(&app, b, "UserSuspend", &target).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["status"], json!("Suspended"));
        assert!(!app.call(Method::GET, "/v2/users/me", Some(&token), None).await.body["success"]
            .as_bool()
            .unwrap());
        assert_eq!(ok(call(&app, b, "UserActivate", &target).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["status"], json!("Active"));
        let outside = [("SessionID", a), ("UserID", far.as_str())];
        refused(&call(&app, b, "UserSuspend", &outside).await, "ObjectNotFound", 3, "not found");

        // UserSetAuthLevel: below the caller's own only; NoChange changes nothing.
        let set =
            |level: &'static str| [("SessionID", a), ("UserID", sid_str.as_str()), ("AuthLevel", level)];
        assert_eq!(ok(call(&app, b, "UserSetAuthLevel", &set("MailboxUser")).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["authLevel"], json!("MailboxUser"));
        assert_eq!(ok(call(&app, b, "UserSetAuthLevel", &set("NoChange")).await), "true");
        refused(
            &call(&app, b, "UserSetAuthLevel", &set("NetworkAdmin")).await,
            "Authorization",
            2,
            "access denied",
        );
        refused(&call(&app, b, "UserSetAuthLevel", &set("Chief")).await, "InvalidParameter", 9, "AuthLevel");

        // UserSetMaxSessions: the next login beyond it is refused on every front end.
        let max = [("SessionID", a), ("UserID", sid_str.as_str()), ("MaxSessions", "1")];
        assert_eq!(ok(call(&app, b, "UserSetMaxSessions", &max).await), "true");
        let first = app.login(&login, PW).await;
        app.login_resp(&login, PW).await.assert_error(403, "TooManySessions");
        refused(
            &call(&app, b, "Login", &[("LoginName", &login), ("Password", PW)]).await,
            "Authorization",
            2,
            "sessions",
        );
        app.call(Method::POST, "/v2/auth/logout", Some(&first), None).await.assert_ok();
        let zero = [("SessionID", a), ("UserID", sid_str.as_str()), ("MaxSessions", "0")];
        refused(&call(&app, b, "UserSetMaxSessions", &zero).await, "InvalidParameter", 9, "MaxSessions");

        // UserSetNetworkMailbox: administers the user and reaches the destination.
        let mbx = (70 + i).to_string();
        let move_to = |net: &'static str| {
            [("SessionID", a), ("UserID", sid_str.as_str()), ("NetworkID", net), ("MailboxID", mbx.as_str())]
        };
        assert_eq!(ok(call(&app, b, "UserSetNetworkMailbox", &move_to("1")).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["mailboxId"], json!(70 + i));
        refused(
            &call(&app, b, "UserSetNetworkMailbox", &move_to("2")).await,
            "Authorization",
            2,
            "access denied",
        );

        // UserList / UserListEx: the caller's scope, the Name filter; Ex outside reach refused.
        let list = ok(call(&app, b, "UserList", &[("SessionID", a), ("Name", &login.to_uppercase())]).await);
        assert_eq!(list.matches("<UserIDInfo>").count(), 1, "{b:?}: {list}");
        assert_eq!(element_text(&list, "UserID").as_deref(), Some(sid_str.as_str()));
        let all = ok(call(&app, b, "UserList", &[("SessionID", a), ("Name", "")]).await);
        assert!(!all.contains("faraway") && all.contains(&login), "{all}");
        let ex_list = ok(call(
            &app,
            b,
            "UserListEx",
            &[("SessionID", a), ("NetworkID", "1"), ("MailboxID", mbx.as_str()), ("Name", "")],
        )
        .await);
        assert_eq!(ex_list.matches("<UserIDInfo>").count(), 1);
        refused(
            &call(
                &app,
                b,
                "UserListEx",
                &[("SessionID", a), ("NetworkID", "2"), ("MailboxID", "0"), ("Name", "")],
            )
            .await,
            "Authorization",
            2,
            "access denied",
        );

        // UserListLockedOut[Ex]: a user locked by failed logins is listed, LockedOut true.
        for _ in 0..5 {
            let _ = app.login_resp(&login, "Wrong#pass1").await;
        }
        let locked = ok(call(&app, b, "UserListLockedOut", &[("SessionID", a)]).await);
        assert_eq!(element_text(&locked, "LoginName").as_deref(), Some(login.as_str()), "{locked}");
        assert_eq!(element_text(&locked, "LockedOut").as_deref(), Some("true"));
        let locked_ex = ok(call(
            &app,
            b,
            "UserListLockedOutEx",
            &[("SessionID", a), ("NetworkID", "1"), ("MailboxID", mbx.as_str())],
        )
        .await);
        assert!(locked_ex.contains(&login));
        refused(
            &call(
                &app,
                b,
                "UserListLockedOutEx",
                &[("SessionID", a), ("NetworkID", "2"), ("MailboxID", "0")],
            )
            .await,
            "Authorization",
            2,
            "access denied",
        );
        // UserReset clears it (both readings of the operation).
        assert_eq!(ok(call(&app, b, "UserReset", &target).await), "true");
        assert!(ok(call(&app, b, "UserListLockedOut", &[("SessionID", a)]).await).is_empty());

        assert_eq!(ok(call(&app, b, "UserTerminate", &target).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["status"], json!("Terminated"));
        assert_eq!(ok(call(&app, b, "Logout", &[("SessionID", a)]).await), "1");
        refused(
            &call(&app, b, "UserList", &[("SessionID", a)]).await,
            "Authentication",
            1,
            "invalid session",
        );
    }
}
on_build472!(users_on_every_binding);

/// Own password, generated passwords, keys, SMS, the vendor's UserUpdate and UserPassword, and
/// v3.2's UserResetAll.
async fn credentials_on_every_binding(app: TestApp) {
    let root_rest = app.root_token().await;
    for (i, b) in ALL.into_iter().enumerate() {
        let login = format!("cred{i}");
        let id = app.create_user(&login, PW, AuthLevel::MailboxUser).await;
        let ids = id.to_string();
        let root = sid(&app, b, ROOT_LOGIN, ROOT_PASSWORD).await;
        let r = root.as_str();
        let mine = sid(&app, b, &login, PW).await;
        let other = sid(&app, b, &login, PW).await;

        // ChangePassword: with the current one; the caller's other sessions end.
        let change = |old: &'static str, new: &'static str| {
            [("SessionID", mine.as_str()), ("OldPassword", old), ("NewPassword", new)]
        };
        let wrong = call(&app, b, "ChangePassword", &change("Wrong#pass1", "Fresh#Pass1")).await;
        refused(&wrong, "InvalidParameter", 9, "current password is not correct");
        if let Err(w) = &wrong {
            assert!(w.item == "OldPassword" || w.code == -2, "{w:?}");
        }
        let weak = call(&app, b, "ChangePassword", &change(PW, "weak")).await;
        refused(&weak, "InvalidParameter", 9, "password");
        if let Err(w) = &weak {
            assert!(w.item == "NewPassword" || w.code == -2, "{w:?}");
        }
        assert_eq!(ok(call(&app, b, "ChangePassword", &change(PW, "Fresh#Pass1")).await), "true");
        app.login(&login, "Fresh#Pass1").await;
        refused(
            &call(&app, b, "WhoAmI", &[("SessionID", other.as_str())]).await,
            "Authentication",
            1,
            "invalid session",
        );

        // GeneratePassword: meets the rules at the asked length.
        let generated =
            ok(call(&app, b, "GeneratePassword", &[("SessionID", mine.as_str()), ("Length", "16")]).await);
        assert_eq!(generated.chars().count(), 16);
        let set = [("SessionID", r), ("UserID", ids.as_str()), ("Password", generated.as_str())];
        assert_eq!(
            ok(call(&app, b, "UserPassword", &set).await),
            "true",
            "a generated password passes the rules"
        );
        refused(
            &call(&app, b, "GeneratePassword", &[("SessionID", r), ("Length", "3")]).await,
            "InvalidParameter",
            9,
            "Length",
        );

        // GenerateAPIKey: a GUID that works as SessionID and as X-API-Key; the earlier key dies.
        let key = ok(call(&app, b, "GenerateAPIKey", &[("SessionID", r), ("UserID", ids.as_str())]).await);
        let groups: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "a GUID: {key}");
        let who = ok(call(&app, b, "WhoAmI", &[("SessionID", key.as_str())]).await);
        assert_eq!(element_text(&who, "LoginName").as_deref(), Some(login.as_str()));
        let me =
            app.send(app.client.get(format!("{}/v2/users/me", app.base)).header("X-API-Key", &key)).await;
        assert_eq!(me.body["data"]["login"], json!(login));
        let again = ok(call(&app, b, "GenerateAPIKey", &[("SessionID", r), ("UserID", ids.as_str())]).await);
        refused(
            &call(&app, b, "WhoAmI", &[("SessionID", key.as_str())]).await,
            "Authentication",
            1,
            "invalid",
        );
        // The admin password set above ended the user's sessions: a fresh one.
        let plain = sid(&app, b, &login, &generated).await;
        refused(
            &call(&app, b, "GenerateAPIKey", &[("SessionID", plain.as_str()), ("UserID", "1")]).await,
            "Authorization",
            2,
            "not an administrator",
        );

        // UserGetAPIKey: keys are stored hashed; the fault says what to do.
        refused(
            &call(&app, b, "UserGetAPIKey", &[("SessionID", r), ("UserID", ids.as_str())]).await,
            "SystemError",
            11,
            "GenerateAPIKey",
        );
        refused(
            &call(&app, b, "UserGetAPIKey", &[("SessionID", r), ("UserID", "987654")]).await,
            "ObjectNotFound",
            3,
            "not found",
        );
        // What REST revoked, SOAP refuses: a suspension kills the GUID key.
        let status = json!({"userId": id, "status": "Suspended"});
        app.call(Method::POST, "/v2/users/status", Some(&root_rest), Some(status)).await.assert_ok();
        assert!(call(&app, b, "WhoAmI", &[("SessionID", again.as_str())]).await.is_err());
        let status = json!({"userId": id, "status": "Active"});
        app.call(Method::POST, "/v2/users/status", Some(&root_rest), Some(status)).await.assert_ok();

        // UserSendSMS: authorized and validated, then the documented fault.
        let sms = [("SessionID", r), ("UserID", ids.as_str()), ("Text", "hello")];
        refused(&call(&app, b, "UserSendSMS", &sms).await, "InvalidParameter", 9, "cellPhone");
        let update = [
            ("SessionID", r),
            ("UserID", ids.as_str()),
            ("CellPhone", "+1 555 0101"),
            ("CellCarrier", "Verizon"),
            ("AuthLevel", "NoChange"),
        ];
        assert_eq!(ok(call(&app, b, "UserUpdate", &update).await), "true");
        refused(&call(&app, b, "UserSendSMS", &sms).await, "SystemError", 11, "no SMS gateway");

        // The vendor's UserUpdate keeps [Default] and NoChange; its UserPassword sets the
        // recovery question alone without ending sessions.
        let keep = [
            ("SessionID", r),
            ("UserID", ids.as_str()),
            ("FirstName", "[Default]"),
            ("LastName", "Vendor"),
            ("Company", "Acme"),
            ("EMail", "[Default]"),
            ("CellCarrier", "NoChange"),
            ("AuthLevel", "NoChange"),
        ];
        assert_eq!(ok(call(&app, b, "UserUpdate", &keep).await), "true");
        let seen = rest_user(&app, &root_rest, id).await;
        assert_eq!(
            (seen["lastName"].clone(), seen["company"].clone(), seen["cellCarrier"].clone()),
            (json!("Vendor"), json!("Acme"), json!("Verizon"))
        );
        assert_eq!(seen["email"], json!(format!("{login}@example.com")));
        let token = app.login(&login, &generated).await;
        let recovery = [
            ("SessionID", r),
            ("UserID", ids.as_str()),
            ("RecoveryQuestion", "Town?"),
            ("RecoveryAnswer", "Paris"),
        ];
        assert_eq!(ok(call(&app, b, "UserPassword", &recovery).await), "true");
        assert_eq!(rest_user(&app, &root_rest, id).await["recoveryQuestion"], json!("Town?"));
        assert!(app.call(Method::GET, "/v2/users/me", Some(&token), None).await.body["success"]
            .as_bool()
            .unwrap());
        let half = [("SessionID", r), ("UserID", ids.as_str()), ("RecoveryQuestion", "Town?")];
        refused(&call(&app, b, "UserPassword", &half).await, "InvalidParameter", 9, "RecoveryAnswer");

        // UserResetAll (v3.2, Root): clears lockouts that began long enough ago.
        for _ in 0..5 {
            let _ = app.login_resp(&login, "Wrong#pass1").await;
        }
        app.login_resp(&login, &generated).await.assert_error(403, "AccountLocked");
        let not_yet = ok(call(&app, b, "UserResetAll", &[("SessionID", r), ("TimeOutMinutes", "60")]).await);
        assert_eq!(not_yet, "0");
        app.clock.advance(chrono::Duration::minutes(2));
        assert_eq!(
            ok(call(&app, b, "UserResetAll", &[("SessionID", r), ("TimeOutMinutes", "1")]).await),
            "1"
        );
        app.login(&login, &generated).await;
        let me_sid = sid(&app, b, &login, &generated).await;
        refused(
            &call(&app, b, "UserResetAll", &[("SessionID", me_sid.as_str()), ("TimeOutMinutes", "1")]).await,
            "Authorization",
            2,
            "",
        );
    }
}
on_build472!(credentials_on_every_binding);

/// Session logs: the caller's current session, its sessions, a user's sessions in a time range,
/// each with its state and the audited calls made in it.
async fn session_logs_on_every_binding(app: TestApp) {
    for (i, b) in ALL.into_iter().enumerate() {
        let login = format!("logged{i}");
        let id = app.create_user(&login, PW, AuthLevel::MailboxUser).await;
        let ids = id.to_string();
        let root = sid(&app, b, ROOT_LOGIN, ROOT_PASSWORD).await;
        let r = root.as_str();

        // Calls in the root's session: a reset (ok) and a refused suspension (not found).
        assert_eq!(
            ok(call(&app, b, "UserReset", &[("SessionID", r), ("UserID", ids.as_str())]).await),
            "true"
        );
        refused(
            &call(&app, b, "UserSuspend", &[("SessionID", r), ("UserID", "987654")]).await,
            "ObjectNotFound",
            3,
            "",
        );
        let current = ok(call(&app, b, "SessionLogCurrent", &[("SessionID", r)]).await);
        assert_eq!(element_text(&current, "Status").as_deref(), Some("Open"), "{b:?}: {current}");
        assert_eq!(element_text(&current, "EndTime").as_deref(), Some("0001-01-01T00:00:00"));
        assert_eq!(element_text(&current, "UserID").as_deref(), Some("1"));
        assert!(!current.contains(r), "the log shows the session's public id, never its secret");
        let events = element_text(&current, "Events").unwrap_or_default();
        assert!(
            events.contains("<APICall>Login</APICall>")
                && events.contains("<ReturnCode>Success</ReturnCode>"),
            "{events}"
        );
        assert!(events.contains("<APICall>UserReset</APICall>"), "{events}");
        assert!(
            events.contains("<APICall>UserSuspend</APICall><Date>")
                && events.contains("<ReturnCode>NotFound</ReturnCode>"),
            "{events}"
        );
        let order: Vec<usize> = ["Login", "UserReset", "UserSuspend"]
            .iter()
            .map(|c| events.find(&format!("<APICall>{c}<")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "oldest first: {events}");

        // The user's sessions: one open, one logged out, one expired by idleness.
        let first = sid(&app, b, &login, PW).await;
        assert_eq!(ok(call(&app, b, "Logout", &[("SessionID", first.as_str())]).await), "1");
        app.clock.advance(chrono::Duration::seconds(1));
        let _idle = app.login(&login, PW).await;
        app.clock.advance(chrono::Duration::minutes(21));
        let open = sid(&app, b, &login, PW).await;
        // The root's session idled out too.
        let root = sid(&app, b, ROOT_LOGIN, ROOT_PASSWORD).await;
        let r = root.as_str();
        let mine =
            ok(call(&app, b, "SessionLog", &[("SessionID", open.as_str()), ("MaxRecords", "10")]).await);
        let statuses: Vec<&str> =
            mine.split("<Status>").skip(1).map(|s| &s[..s.find('<').unwrap()]).collect();
        assert_eq!(statuses, ["Open", "Expired", "Closed"], "{b:?}, newest first: {mine}");
        let two = ok(call(&app, b, "SessionLog", &[("SessionID", open.as_str()), ("MaxRecords", "2")]).await);
        assert_eq!(two.matches("<SessionLogInfo>").count(), 2);
        refused(
            &call(&app, b, "SessionLog", &[("SessionID", open.as_str()), ("MaxRecords", "0")]).await,
            "InvalidParameter",
            9,
            "MaxRecords",
        );

        // SessionLogEx: an administrator, a time range; a user it may not read is not found.
        let range = |start: &'static str, end: &'static str| {
            [
                ("SessionID", r),
                ("UserID", ids.as_str()),
                ("StartTime", start),
                ("EndTime", end),
                ("MaxRecords", "50"),
            ]
        };
        let all =
            ok(call(&app, b, "SessionLogEx", &range("2026-01-01T00:00:00Z", "2027-01-01T00:00:00")).await);
        assert_eq!(all.matches("<SessionLogInfo>").count(), 3, "{all}");
        assert!(all.contains(&format!("<UserID>{id}</UserID>")));
        let none =
            ok(call(&app, b, "SessionLogEx", &range("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z")).await);
        assert!(none.is_empty(), "{none}");
        let plain = [
            ("SessionID", open.as_str()),
            ("UserID", "1"),
            ("StartTime", "2026-01-01T00:00:00Z"),
            ("EndTime", "2027-01-01T00:00:00Z"),
            ("MaxRecords", "5"),
        ];
        refused(&call(&app, b, "SessionLogEx", &plain).await, "Authorization", 2, "not an administrator");
        let bad_time = [
            ("SessionID", r),
            ("UserID", ids.as_str()),
            ("StartTime", "yesterday"),
            ("EndTime", "2027-01-01T00:00:00Z"),
            ("MaxRecords", "5"),
        ];
        refused(&call(&app, b, "SessionLogEx", &bad_time).await, "InvalidParameter", 9, "StartTime");

        // An API key is not a session.
        let root_rest = app.root_token().await;
        let key = app
            .call(Method::POST, &format!("/v2/users/key-generate/{id}"), Some(&root_rest), None)
            .await
            .assert_ok();
        let key = key.as_str().unwrap().to_string();
        refused(
            &call(&app, b, "SessionLogCurrent", &[("SessionID", key.as_str())]).await,
            "InvalidParameter",
            9,
            "API key",
        );
        app.clock.advance(chrono::Duration::minutes(1));
    }
}
on_build472!(session_logs_on_every_binding);
