//! Archer user methods and domain sessions (SPEC §5.3) over SOAP 1.1, SOAP 1.2, HTTP-POST and
//! HTTP-GET on both backends: each method's success, its documented faults and what it changed
//! read back over REST; the Splunk SOAR literal envelopes; the users document parsed with a
//! standard XML parser (quick-xml) round-tripping `<`, `&` and non-ASCII names.

use chrono::Duration;
use gatehouse_core::service::UserUpdate;
use gatehouse_core::user::{AuthLevel, UserId};
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use reqwest::{Method, StatusCode};

use crate::both;
use crate::soap_archer::{ACCESS, ARCHER_NS, GENERAL};
use crate::soap_support::{element_text, Answered, V};
pub use crate::soap_support::{ALL_BINDINGS as ALL, B};
use crate::support::TestApp;

const PW: &str = "Passw0rd!";

/// A result text, or a fault's `(ArcherErrorCode, message)`.
pub type Outcome = Result<String, (String, String)>;

pub async fn call(app: &TestApp, b: B, path: &str, op: &str, fields: &[(&str, &str)]) -> Outcome {
    let Answered { resp: r, result } = app.call_op(b, path, ARCHER_NS, op, fields).await;
    match (result, b) {
        (Some(result), _) => Ok(result),
        (None, B::Soap11 | B::Soap12) => {
            Err((element_text(&r.body, "ArcherErrorCode").unwrap_or_default(), r.fault_reason()))
        }
        (None, B::Post | B::Get) => Err((r.http_error_code("ArcherErrorCode"), r.body)),
    }
}

#[track_caller]
pub fn fault(outcome: &Outcome, detail: &str, text: &str) {
    match outcome {
        Err((d, m)) => {
            assert_eq!(d, detail, "{m}");
            assert!(m.contains(text), "{m:?} should contain {text:?}");
        }
        Ok(v) => panic!("expected a {detail} fault, got {v:?}"),
    }
}

/// The fields of each `<User>` of a users document (`GetUserList`, lookups).
const LIST_FIELDS: &[&str] =
    &["row_num", "ID", "UserName", "LastName", "FirstName", "AccountStatus", "Email"];

/// `(field, text)` of every leaf of a users document, parsed by quick-xml; checks the shape.
pub fn users_doc(xml: &str) -> Vec<Vec<(String, String)>> {
    parse_doc(xml, LIST_FIELDS)
}

/// The one user of an account document (`GetUser`): the list fields, then the profile.
pub fn account_doc(xml: &str) -> Vec<(String, String)> {
    let shape = [LIST_FIELDS, &["MiddleName", "Title", "Company", "Address", "TimeZone", "Locale"]].concat();
    let mut users = parse_doc(xml, &shape);
    assert_eq!(users.len(), 1, "{xml}");
    users.remove(0)
}

fn parse_doc(xml: &str, shape: &[&str]) -> Vec<Vec<(String, String)>> {
    let mut reader = Reader::from_str(xml);
    let (mut users, mut path): (Vec<Vec<(String, String)>>, Vec<String>) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not XML: {e}\n{xml}")) {
            Event::Start(e) => {
                let name = e.name().0.to_string();
                if name == "User" {
                    users.push(Vec::new());
                }
                path.push(name);
                if let Some(u) = users.last_mut() {
                    if path.len() == 3 {
                        u.push((path[2].clone(), String::new()));
                    }
                }
            }
            Event::Empty(e) => {
                if let Some(u) = users.last_mut().filter(|_| path.len() == 2) {
                    u.push((e.name().0.to_string(), String::new()));
                }
            }
            Event::Text(t) => push_text(&mut users, &path, &t),
            Event::GeneralRef(r) => {
                let c = match r.to_string().as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "apos" => "'",
                    "quot" => "\"",
                    other => panic!("entity {other}"),
                };
                push_text(&mut users, &path, c);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for u in &users {
        let names: Vec<&str> = u.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, shape);
    }
    users
}

fn push_text(users: &mut [Vec<(String, String)>], path: &[String], text: &str) {
    assert_eq!(path.first().map(String::as_str), Some("Return"));
    if let Some((_, v)) = users.last_mut().and_then(|u| u.last_mut()).filter(|_| path.len() == 3) {
        v.push_str(text);
    }
}

pub fn field<'a>(user: &'a [(String, String)], name: &str) -> &'a str {
    user.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

fn ids(doc: &[Vec<(String, String)>]) -> Vec<i64> {
    doc.iter().map(|u| field(u, "ID").parse().unwrap()).collect()
}

/// Provision `login` in network 1, mailbox 100, with an email its login could not be.
pub async fn domain_user(app: &TestApp, login: &str, level: AuthLevel) -> i64 {
    let email = format!("{}@corp.example", login.replace('\\', "."));
    let req = gatehouse_core::service::NewUserRequest {
        login: gatehouse_core::service::NewLogin::Given(login.into()),
        password: Some(gatehouse_core::secret::Password::new(PW)),
        password_later: false,
        email: Some(email),
        first_name: "Test".into(),
        last_name: "User".into(),
        network_id: Some(1),
        mailbox_id: Some(100),
        auth_level: Some(level),
        is_bot: false,
        profile: Default::default(),
        recovery: None,
    };
    app.core.provision_user(req, &gatehouse_core::RequestContext::cli()).await.unwrap().id.0
}

pub async fn rest_user(app: &TestApp, root: &str, id: i64) -> serde_json::Value {
    app.call(Method::GET, &format!("/v2/users/{id}"), Some(root), None).await.assert_ok()
}

async fn every_method_on_every_binding(app: TestApp) {
    let root = app.root_token().await;
    let root_caller = app.caller(&root).await;
    let outsider = app.create_user_in("outsider", PW, AuthLevel::MailboxUser, 2, 7).await;
    for (i, b) in ALL.into_iter().enumerate() {
        let domain = format!("Corp{i}");
        let lower = domain.to_lowercase();
        let admin_login = format!("{lower}\\admin");
        let admin = domain_user(&app, &admin_login, AuthLevel::NetworkAdmin).await;
        let target_login = format!("{lower}\\jane");
        let target = domain_user(&app, &target_login, AuthLevel::MailboxUser).await;
        let other = domain_user(&app, &format!("{lower}\\omar"), AuthLevel::MailboxUser).await;
        let names = UserUpdate {
            first_name: Some("<Zoë> & Co".into()),
            last_name: Some(format!("Ünal{i}")),
            ..UserUpdate::default()
        };
        app.core.update_user(&root_caller, UserId(target), names).await.unwrap();

        // Domain login: the domain compares without case; both parameter spellings.
        let upper = domain.to_uppercase();
        let creds = [
            ("userName", "ADMIN"),
            ("instanceName", "Default"),
            ("password", PW),
            ("userDomain", upper.as_str()),
        ];
        let token = call(&app, b, GENERAL, "CreateDomainUserSessionFromInstance", &creds).await.unwrap();
        assert_eq!(token.len(), 32, "{b:?}");
        let bad = [
            ("userName", "admin"),
            ("instanceName", "Default"),
            ("password", "wrong"),
            ("usersDomain", domain.as_str()),
        ];
        fault(
            &call(&app, b, GENERAL, "CreateDomainUserSessionFromInstance", &bad).await,
            "Authentication",
            "invalid login",
        );
        let t = token.as_str();

        let lookup = [("sessionToken", t), ("username", "JANE"), ("usersDomain", domain.as_str())];
        assert_eq!(
            call(&app, b, ACCESS, "LookupDomainUserId", &lookup).await,
            Ok(target.to_string()),
            "{b:?}"
        );
        let missing = [("sessionToken", t), ("userName", "nobody"), ("userDomain", domain.as_str())];
        fault(&call(&app, b, ACCESS, "LookupDomainUserId", &missing).await, "ObjectNotFound", "not found");
        assert_eq!(call(&app, b, ACCESS, "DoesDomainUserExist", &lookup).await.as_deref(), Ok("true"));
        assert_eq!(call(&app, b, ACCESS, "DoesDomainUserExist", &missing).await.as_deref(), Ok("false"));
        let no_domain = [("sessionToken", t), ("userName", "jane"), ("usersDomain", "a\\b")];
        fault(
            &call(&app, b, ACCESS, "LookupDomainUserId", &no_domain).await,
            "InvalidParameter",
            "usersDomain",
        );

        let exists = |n: &'static str| [("sessionToken", t), ("userName", n)];
        assert_eq!(
            call(&app, b, ACCESS, "DoesUserExist", &[("sessionToken", t), ("userName", &target_login)])
                .await
                .as_deref(),
            Ok("true")
        );
        assert_eq!(
            call(&app, b, ACCESS, "DoesUserExist", &exists("outsider")).await.as_deref(),
            Ok("false"),
            "out of scope looks absent"
        );
        assert_eq!(
            call(&app, b, ACCESS, "LookupUserId", &[("sessionToken", t), ("username", &target_login)]).await,
            Ok(target.to_string())
        );

        let tid = target.to_string();
        let by_id = [("sessionToken", t), ("userId", tid.as_str())];
        let out_id = outsider.to_string();
        let outside = [("sessionToken", t), ("userId", out_id.as_str())];
        assert_eq!(
            call(&app, b, ACCESS, "LookupUserName", &by_id).await.as_deref(),
            Ok(target_login.as_str())
        );
        fault(&call(&app, b, ACCESS, "LookupUserName", &outside).await, "ObjectNotFound", "not found");
        let doc = account_doc(&call(&app, b, ACCESS, "GetUser", &by_id).await.unwrap());
        assert_eq!(
            (field(&doc, "row_num"), field(&doc, "ID"), field(&doc, "FirstName")),
            ("1", tid.as_str(), "<Zoë> & Co")
        );
        assert_eq!(field(&doc, "LastName"), format!("Ünal{i}"));
        assert_eq!(field(&doc, "AccountStatus"), "Active");
        fault(&call(&app, b, ACCESS, "GetUser", &outside).await, "ObjectNotFound", "not found");
        fault(
            &call(&app, b, ACCESS, "GetUser", &[("sessionToken", t), ("userId", "x")]).await,
            "InvalidParameter",
            "userId",
        );

        let first = users_doc(
            &call(&app, b, ACCESS, "LookupUserByFirstName", &[("sessionToken", t), ("keyword", "<ZO")])
                .await
                .unwrap(),
        );
        assert!(ids(&first).contains(&target) && !ids(&first).contains(&other), "{b:?}");
        // SQLite's lower() folds ASCII only, so the non-ASCII keyword keeps the stored case.
        let last_kw = format!("Ünal{i}");
        let last = users_doc(
            &call(&app, b, ACCESS, "LookupUserByLastName", &[("sessionToken", t), ("keyword", &last_kw)])
                .await
                .unwrap(),
        );
        assert_eq!(ids(&last), vec![target]);
        let none = users_doc(
            &call(&app, b, ACCESS, "LookupUserByLastName", &[("sessionToken", t), ("keyword", "nal")])
                .await
                .unwrap(),
        );
        assert!(!ids(&none).contains(&target), "the wildcard is trailing only");

        let dom = [("sessionToken", t), ("usersDomain", domain.as_str())];
        let listed = users_doc(&call(&app, b, ACCESS, "GetDomainUserList", &dom).await.unwrap());
        assert_eq!(ids(&listed), vec![admin, target, other]);
        assert_eq!(call(&app, b, ACCESS, "GetDomainUserListCount", &dom).await, Ok("3".into()));
        let paged = [("sessionToken", t), ("usersDomain", domain.as_str()), ("pageSize", "1"), ("page", "2")];
        let page = users_doc(&call(&app, b, ACCESS, "GetDomainUserListPaginated", &paged).await.unwrap());
        assert_eq!((ids(&page), field(&page[0], "row_num")), (vec![target], "2"));

        let all = users_doc(&call(&app, b, ACCESS, "GetUserList", &[("sessionToken", t)]).await.unwrap());
        let count = call(&app, b, ACCESS, "GetUserListCount", &[("sessionToken", t)]).await.unwrap();
        assert_eq!(all.len().to_string(), count);
        assert!(ids(&all).contains(&target) && !ids(&all).contains(&outsider));
        let p = [("sessionToken", t), ("pageSize", "2"), ("page", "1")];
        assert_eq!(users_doc(&call(&app, b, ACCESS, "GetUserListPaginated", &p).await.unwrap()).len(), 2);
        let p0 = [("sessionToken", t), ("pageSize", "2"), ("page", "0")];
        fault(&call(&app, b, ACCESS, "GetUserListPaginated", &p0).await, "InvalidParameter", "at least 1");

        let email = format!("jane{i}@corp.example");
        let set = [("sessionToken", t), ("userId", tid.as_str()), ("email", email.as_str())];
        assert_eq!(call(&app, b, ACCESS, "SetUserDefaultEmail", &set).await.as_deref(), Ok("1"));
        assert_eq!(call(&app, b, ACCESS, "GetUserDefaultEMail", &by_id).await, Ok(email.clone()));
        assert_eq!(rest_user(&app, &root, target).await["email"], email.as_str());
        let bad_mail = [("sessionToken", t), ("userId", tid.as_str()), ("email", "no-at-sign")];
        fault(&call(&app, b, ACCESS, "SetUserDefaultEmail", &bad_mail).await, "InvalidParameter", "email");

        // Inactive: the user's sessions die.
        let jane_rest = app.login(&target_login, PW).await;
        let live = app.core.live_session_count().await.unwrap();
        let status = |s: &'static str| [("sessionToken", t), ("userId", tid.as_str()), ("accountStatus", s)];
        assert_eq!(call(&app, b, ACCESS, "UpdateUserAccountStatus", &status("2")).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, target).await["status"], "Suspended");
        assert_eq!(app.core.live_session_count().await.unwrap(), live - 1, "the user's session ended");
        // A closed account says so (SPEC §3.5), though its sessions are gone.
        app.call(Method::GET, "/v2/users/me", Some(&jane_rest), None)
            .await
            .assert_error(403, "AccountInactive");
        fault(
            &call(&app, b, ACCESS, "UpdateUserAccountStatus", &status("9")).await,
            "InvalidParameter",
            "accountStatus",
        );
        assert_eq!(call(&app, b, ACCESS, "UpdateUserAccountStatus", &status("1")).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, target).await["status"], "Active");
        // Locked: no password is checked and the sessions end, until Active lifts it.
        let jane_rest = app.login(&target_login, PW).await;
        assert_eq!(call(&app, b, ACCESS, "UpdateUserAccountStatus", &status("3")).await.as_deref(), Ok("1"));
        app.call(Method::GET, "/v2/users/me", Some(&jane_rest), None)
            .await
            .assert_error(401, "InvalidSession");
        let locked = app.login_resp(&target_login, PW).await;
        locked.assert_error(403, "AccountLocked");
        assert_eq!(rest_user(&app, &root, target).await["lockedOut"], true);
        let doc = account_doc(&call(&app, b, ACCESS, "GetUser", &by_id).await.unwrap());
        assert_eq!(field(&doc, "AccountStatus"), "Locked");
        assert_eq!(call(&app, b, ACCESS, "UpdateUserAccountStatus", &status("1")).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, target).await["lockedOut"], false);
        app.login(&target_login, PW).await;
        let out_status = [("sessionToken", t), ("userId", out_id.as_str()), ("accountStatus", "2")];
        fault(
            &call(&app, b, ACCESS, "UpdateUserAccountStatus", &out_status).await,
            "ObjectNotFound",
            "not found",
        );

        let new_pw = "N3w#Passw0rd!";
        let change = [("sessionToken", t), ("userId", tid.as_str()), ("password", new_pw)];
        assert_eq!(call(&app, b, ACCESS, "ChangePassword", &change).await.as_deref(), Ok("1"));
        app.login(&target_login, new_pw).await;
        let weak = [("sessionToken", t), ("userId", tid.as_str()), ("password", "x")];
        fault(&call(&app, b, ACCESS, "ChangePassword", &weak).await, "InvalidParameter", "password");

        // A mailbox user administers nobody and reads only itself: the core's answer, as over REST.
        let jane = call(
            &app,
            b,
            GENERAL,
            "CreateUserSessionFromInstance",
            &[("userName", &target_login), ("instanceName", "Default"), ("password", new_pw)],
        )
        .await
        .unwrap();
        let oid = other.to_string();
        fault(
            &call(&app, b, ACCESS, "DeleteUser", &[("sessionToken", &jane), ("userId", &oid)]).await,
            "Authorization",
            "not an administrator",
        );
        fault(
            &call(&app, b, ACCESS, "GetUser", &[("sessionToken", &jane), ("userId", &oid)]).await,
            "Authorization",
            "not an administrator",
        );

        assert_eq!(call(&app, b, ACCESS, "DeleteUser", &by_id).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, target).await["status"], "Terminated");
        fault(&call(&app, b, ACCESS, "DeleteUser", &outside).await, "ObjectNotFound", "not found");

        // Not served: groups, roles, contact records, security parameters.
        for op in ["AddUserToGroup", "AddUserToRole", "GetUserContactInfo", "GetSecurityParameters"] {
            fault(&call(&app, b, ACCESS, op, &by_id).await, "InvalidParameter", "unknown operation");
        }
        // An ended session: "Invalid session token".
        assert_eq!(
            call(&app, b, GENERAL, "TerminateSession", &[("sessionToken", t)]).await.as_deref(),
            Ok("1")
        );
        fault(&call(&app, b, ACCESS, "GetUser", &by_id).await, "Authentication", "Invalid session token");
    }
}
both!(every_method_on_every_binding);

/// Splunk SOAR's connector, literally: a SOAP 1.1 login, `LookupUserId` with `<username>`, an
/// expired token answered "Invalid session token", and a fresh login.
async fn splunk_soar_envelopes_pass(app: TestApp) {
    app.create_user("soar", PW, AuthLevel::NetworkAdmin).await;
    let login = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CreateUserSessionFromInstance xmlns="http://archer-tech.com/webservices/"><userName>soar</userName><instanceName>Default</instanceName><password>{PW}</password></CreateUserSessionFromInstance></soap:Body></soap:Envelope>"#
    );
    let lookup = |token: &str| {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><LookupUserId xmlns="http://archer-tech.com/webservices/"><sessionToken>{token}</sessionToken><username>soar</username></LookupUserId></soap:Body></soap:Envelope>"#
        )
    };
    let r = app.archer(GENERAL, V::S11, Some("CreateUserSessionFromInstance"), &login).await;
    let token = r.text("CreateUserSessionFromInstanceResult").unwrap();
    let me = app.archer(ACCESS, V::S11, Some("LookupUserId"), &lookup(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    app.clock.advance(Duration::days(40));
    let expired = app.archer(ACCESS, V::S11, Some("LookupUserId"), &lookup(&token)).await;
    expired.assert_archer_fault(V::S11, "soap:Client", "Authentication", "Invalid session token");
    let fresh = app.archer(GENERAL, V::S11, Some("CreateUserSessionFromInstance"), &login).await;
    let token = fresh.text("CreateUserSessionFromInstanceResult").unwrap();
    let again = app.archer(ACCESS, V::S11, Some("LookupUserId"), &lookup(&token)).await;
    assert_eq!(again.text("LookupUserIdResult"), me.text("LookupUserIdResult"));
}
both!(splunk_soar_envelopes_pass);

async fn op_pages_and_http_bindings_are_described(app: TestApp) {
    for (path, op) in [(GENERAL, "CreateDomainUserSessionFromInstance"), (ACCESS, "GetUserList")] {
        let r = app.client.get(format!("{}{path}?op={op}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        for part in ["SOAP 1.1", "SOAP 1.2", "HttpPost", "HttpGet", op] {
            assert!(html.contains(part), "{part}");
        }
        let r = app.client.get(format!("{}{path}?op=NoSuchOp", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let wsdl =
            app.client.get(format!("{}{path}?WSDL", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(
            wsdl.contains(r#"<http:binding verb="GET"/>"#) && wsdl.contains(r#"<http:binding verb="POST"/>"#)
        );
    }
}
both!(op_pages_and_http_bindings_are_described);
