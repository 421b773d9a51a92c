//! Archer `general.asmx` and `accesscontrol.asmx` over SOAP 1.1 and SOAP 1.2 (SPEC §5.3): the
//! seed's literal `ForcePasswordChange` request and its SOAP 1.2 twin, sessions, `LookupUserId`,
//! every fault class with its `ArcherErrorCode`, the WSDL and HTML pages, on the whole wire.

use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both;
use crate::soap_support::{SoapResp, BOTH, SOAP11_NS, SOAP12_NS, V};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

/// `general.asmx`: sessions.
pub const GENERAL: &str = "/archer/ws/general.asmx";
/// `accesscontrol.asmx`: users.
pub const ACCESS: &str = "/archer/ws/accesscontrol.asmx";
/// Namespace and SOAPAction base of both services.
pub const ARCHER_NS: &str = "http://archer-tech.com/webservices/";
const PW: &str = "Passw0rd!";

/// The seed's SOAP 1.1 request (003), placeholders filled in.
fn seed_request_11(token: &str, user_id: &str, force: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
    <soap:Body>
      <ForcePasswordChange xmlns="http://archer-tech.com/webservices/">
        <sessionToken>{token}</sessionToken>
        <userId>{user_id}</userId>
        <forcePasswordChange>{force}</forcePasswordChange>
      </ForcePasswordChange>
    </soap:Body>
</soap:Envelope>"#
    )
}

/// Its SOAP 1.2 twin, as ASMX documents SOAP 1.2 requests.
fn seed_request_12(token: &str, user_id: &str, force: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
    <ForcePasswordChange xmlns="http://archer-tech.com/webservices/">
      <sessionToken>{token}</sessionToken>
      <userId>{user_id}</userId>
      <forcePasswordChange>{force}</forcePasswordChange>
    </ForcePasswordChange>
  </soap12:Body>
</soap12:Envelope>"#
    )
}

/// The seed request in version `v`.
pub fn seed_request(v: V, token: &str, user_id: i64, force: &str) -> String {
    match v {
        V::S11 => seed_request_11(token, &user_id.to_string(), force),
        V::S12 => seed_request_12(token, &user_id.to_string(), force),
    }
}

impl TestApp {
    /// POST `envelope` to the Archer service at `path` as version `v` with the SOAPAction of `op`.
    pub async fn archer(&self, path: &str, v: V, op: Option<&str>, envelope: &str) -> SoapResp {
        let mut req = self.client.post(format!("{}{path}", self.base));
        req = match (v, op) {
            (V::S11, Some(op)) => req
                .header("content-type", v.content_type())
                .header("SOAPAction", format!("\"{ARCHER_NS}{op}\"")),
            (V::S12, Some(op)) => {
                req.header("content-type", format!("{}; action=\"{ARCHER_NS}{op}\"", v.content_type()))
            }
            (_, None) => req.header("content-type", v.content_type()),
        };
        self.soap_send(req.body(envelope.to_string())).await
    }

    /// Call Archer `op` at `path` in version `v` with these parameter elements.
    pub async fn archer_call(&self, path: &str, v: V, op: &str, fields: &[(&str, &str)]) -> SoapResp {
        let params: String = fields.iter().map(|(k, val)| format!("<{k}>{val}</{k}>")).collect();
        let env = v.envelope(&format!(r#"<{op} xmlns="{ARCHER_NS}">{params}</{op}>"#));
        self.archer(path, v, Some(op), &env).await
    }

    /// `CreateUserSessionFromInstance` on instance `Default`; returns the 32-character token.
    pub async fn archer_login(&self, v: V, login: &str, password: &str) -> String {
        let fields = [("userName", login), ("instanceName", "Default"), ("password", password)];
        let resp = self.archer_call(GENERAL, v, "CreateUserSessionFromInstance", &fields).await;
        assert_eq!(resp.status, StatusCode::OK, "Archer login failed: {}", resp.body);
        let token = resp.text("CreateUserSessionFromInstanceResult").unwrap();
        assert!(token.len() == 32 && token.chars().all(|c| c.is_ascii_alphanumeric()), "{token}");
        token
    }

    /// `ForcePasswordChange(token, id, force)` in version `v`.
    pub async fn archer_force(&self, v: V, token: &str, id: i64, force: bool) -> SoapResp {
        self.archer(ACCESS, v, Some("ForcePasswordChange"), &seed_request(v, token, id, &force.to_string()))
            .await
    }
}

impl SoapResp {
    /// Assert a 200 Archer answer in version `v` whose result element holds exactly `result`.
    #[track_caller]
    pub fn assert_archer_ok(&self, v: V, op: &str, result: &str) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(self.content_type, v.content_type(), "body: {}", self.body);
        let env = if v == V::S11 { SOAP11_NS } else { SOAP12_NS };
        let expected = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{env}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><{op}Response xmlns="{ARCHER_NS}"><{op}Result>{result}</{op}Result></{op}Response></soap:Body></soap:Envelope>"#
        );
        assert_eq!(self.body, expected);
    }

    /// Assert the whole Archer fault: status, content type, code, reason and `ArcherErrorCode`.
    #[track_caller]
    pub fn assert_archer_fault(&self, v: V, code: &str, detail: &str, reason: &str) {
        let status = if (v, code) == (V::S12, "soap:Sender") { 400 } else { 500 };
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.content_type, v.content_type(), "body: {}", self.body);
        let env = if v == V::S11 { SOAP11_NS } else { SOAP12_NS };
        let text = reason.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let fault = match v {
            V::S11 => format!(
                r#"<faultcode>{code}</faultcode><faultstring>{text}</faultstring><detail><ArcherErrorCode xmlns="{ARCHER_NS}">{detail}</ArcherErrorCode></detail>"#
            ),
            V::S12 => format!(
                r#"<soap:Code><soap:Value>{code}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">{text}</soap:Text></soap:Reason><soap:Detail><ArcherErrorCode xmlns="{ARCHER_NS}">{detail}</ArcherErrorCode></soap:Detail>"#
            ),
        };
        let expected = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{env}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault>{fault}</soap:Fault></soap:Body></soap:Envelope>"#
        );
        assert_eq!(self.body, expected);
    }
}

/// `(action, frontEnd, outcome)` of the audit events about `user`.
async fn audit_of(app: &TestApp, user: i64) -> Vec<(String, String, String)> {
    let token = app.root_token().await;
    let events =
        app.call(Method::GET, &format!("/v2/audit?userId={user}"), Some(&token), None).await.assert_ok();
    let row = |e: &Value| {
        let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
        (s("action"), s("frontEnd"), s("outcome"))
    };
    events.as_array().unwrap().iter().map(row).collect()
}

async fn flag_of(app: &TestApp, id: i64) -> Value {
    let token = app.root_token().await;
    let user = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&token), None).await.assert_ok();
    user["forcePasswordChange"].clone()
}

async fn the_seed_request_sets_and_clears_the_flag_in_both_versions(app: TestApp) {
    let id = app.create_user("jsmith", PW, AuthLevel::MailboxUser).await;
    for v in BOTH {
        let token = app.archer_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        app.archer(ACCESS, v, Some("ForcePasswordChange"), &seed_request(v, &token, id, "true"))
            .await
            .assert_archer_ok(v, "ForcePasswordChange", "1");
        assert_eq!(flag_of(&app, id).await, json!(true));
        // Without an action (ASMX's SOAP 1.2 sample sends none), with `0` for false.
        app.archer(ACCESS, v, None, &seed_request(v, &token, id, "0")).await.assert_archer_ok(
            v,
            "ForcePasswordChange",
            "1",
        );
        assert_eq!(flag_of(&app, id).await, json!(false));
        // The seed's parameter table spells `userID` and `forcePasswordchange`.
        let fields =
            [("sessionToken", token.as_str()), ("userID", &id.to_string()), ("forcePasswordchange", "1")];
        app.archer_call(ACCESS, v, "ForcePasswordChange", &fields).await.assert_archer_ok(
            v,
            "ForcePasswordChange",
            "1",
        );
        assert_eq!(flag_of(&app, id).await, json!(true));
        app.archer_force(v, &token, id, false).await.assert_archer_ok(v, "ForcePasswordChange", "1");
    }
    let audit = audit_of(&app, id).await;
    let archer_sets = audit.iter().filter(|(a, f, o)| {
        (a.as_str(), f.as_str(), o.as_str()) == ("password.force_change", "archer", "ok")
    });
    assert_eq!(archer_sets.count(), 8, "four per version: {audit:?}");
    let root = app.root_token().await;
    let logins =
        app.call(Method::GET, "/v2/audit?userId=1&action=login", Some(&root), None).await.assert_ok();
    let fronts: Vec<&str> =
        logins.as_array().unwrap().iter().filter_map(|e| e["frontEnd"].as_str()).collect();
    assert_eq!(fronts.iter().filter(|f| **f == "archer").count(), 2, "{fronts:?}");
}
both!(the_seed_request_sets_and_clears_the_flag_in_both_versions);

async fn sessions_are_created_looked_up_and_terminated(app: TestApp) {
    let id = app.create_user("Jane.Doe", PW, AuthLevel::MailboxUser).await;
    for v in BOTH {
        for op in ["CreateUserSessionFromInstance", "CreateUserSession"] {
            let creds = [("password", ROOT_PASSWORD), ("instanceName", "Default"), ("userName", ROOT_LOGIN)];
            let resp = app.archer_call(GENERAL, v, op, &creds).await;
            let token = resp.text(&format!("{op}Result")).unwrap();
            assert!(token.len() == 32 && token.chars().all(|c| c.is_ascii_alphanumeric()), "{token}");
            resp.assert_archer_ok(v, op, &token);

            for name in ["jane.doe", "JANE.DOE", " Jane.Doe "] {
                let fields = [("sessionToken", token.as_str()), ("userName", name)];
                let r = app.archer_call(ACCESS, v, "LookupUserId", &fields).await;
                r.assert_archer_ok(v, "LookupUserId", &id.to_string());
            }
            // The token is a session credential everywhere (SPEC §3.5): the Web API accepts it.
            let who = app.api("auth.test", Some(&token), &[]).await.slack_ok();
            assert_eq!(who["user"], json!("root"));

            let end = [("sessionToken", token.as_str())];
            app.archer_call(GENERAL, v, "TerminateSession", &end).await.assert_archer_ok(
                v,
                "TerminateSession",
                "1",
            );
            for (path, op, fields) in [
                (GENERAL, "TerminateSession", vec![("sessionToken", token.as_str())]),
                (ACCESS, "LookupUserId", vec![("sessionToken", token.as_str()), ("userName", "jane.doe")]),
            ] {
                let r = app.archer_call(path, v, op, &fields).await;
                r.assert_archer_fault(v, v.client(), "Authentication", "Invalid session token");
            }
        }
    }
}
both!(sessions_are_created_looked_up_and_terminated);

async fn faults_name_their_class_in_archer_error_code(app: TestApp) {
    let plain = app.create_user("plain", PW, AuthLevel::MailboxUser).await;
    let peer = app.create_user("peer", PW, AuthLevel::MailboxAdmin).await;
    app.create_user("mbxadmin", PW, AuthLevel::MailboxAdmin).await;
    let far = app.create_user_in("faraway", PW, AuthLevel::MailboxUser, 2, 200).await;
    app.create_user_in("root2", PW, AuthLevel::Root, 1, 0).await;
    for v in BOTH {
        let c = v.client();
        let root = app.archer_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;

        // A bad token: unknown, empty, or the right length but never issued.
        for token in ["not-a-token", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"] {
            let r = app.archer_force(v, token, plain, true).await;
            r.assert_archer_fault(v, c, "Authentication", "Invalid session token");
        }
        // A wrong instance name, whatever the password.
        for password in [PW, "Wrong#pass1"] {
            let creds = [("userName", "plain"), ("instanceName", "Production"), ("password", password)];
            let r = app.archer_call(GENERAL, v, "CreateUserSessionFromInstance", &creds).await;
            let reason = "instanceName: `Production` is not an instance of this server";
            r.assert_archer_fault(v, c, "InvalidParameter", reason);
        }
        let creds = [("userName", "plain"), ("instanceName", "Default"), ("password", "Wrong#pass1")];
        let r = app.archer_call(GENERAL, v, "CreateUserSession", &creds).await;
        r.assert_archer_fault(v, c, "Authentication", "invalid login or password");

        // Non-administrable targets.
        let admin = app.archer_login(v, "mbxadmin", PW).await;
        let r = app.archer_force(v, &admin, peer, true).await;
        r.assert_archer_fault(v, c, "Authorization", "access denied");
        let user = app.archer_login(v, "plain", PW).await;
        let r = app.archer_force(v, &user, peer, true).await;
        r.assert_archer_fault(v, c, "Authorization", "caller is not an administrator");
        let root2 = app.archer_login(v, "root2", PW).await;
        let r = app.archer_force(v, &root2, 1, true).await;
        let reason = "only the primary owner may administer the primary owner";
        r.assert_archer_fault(v, c, "Authorization", reason);
        let r = app.archer_force(v, &admin, far, true).await;
        r.assert_archer_fault(v, c, "ObjectNotFound", "object not found");
        let r = app.archer_force(v, &root, 987_654, true).await;
        r.assert_archer_fault(v, c, "ObjectNotFound", "object not found");

        // A non-boolean flag, a bad id, a missing parameter.
        let r =
            app.archer(ACCESS, v, Some("ForcePasswordChange"), &seed_request(v, &root, plain, "yes")).await;
        let reason = "forcePasswordChange: `yes` is not a valid boolean (true, false, 1, 0)";
        r.assert_archer_fault(v, c, "InvalidParameter", reason);
        let r = app
            .archer(ACCESS, v, Some("ForcePasswordChange"), &seed_request(v, &root, plain, "boolean"))
            .await;
        r.assert_archer_fault(
            v,
            c,
            "InvalidParameter",
            "forcePasswordChange: `boolean` is not a valid boolean (true, false, 1, 0)",
        );
        let fields = [("sessionToken", root.as_str()), ("userId", "int"), ("forcePasswordChange", "true")];
        let r = app.archer_call(ACCESS, v, "ForcePasswordChange", &fields).await;
        r.assert_archer_fault(v, c, "InvalidParameter", "userId: `int` is not a valid int");
        let fields = [("sessionToken", root.as_str()), ("forcePasswordChange", "true")];
        let r = app.archer_call(ACCESS, v, "ForcePasswordChange", &fields).await;
        r.assert_archer_fault(v, c, "InvalidParameter", "userId: is required");

        // LookupUserId: out of scope and unknown look alike.
        for name in ["faraway", "nobody", "peer"] {
            let r = app
                .archer_call(ACCESS, v, "LookupUserId", &[("sessionToken", &admin), ("userName", name)])
                .await;
            r.assert_archer_fault(v, c, "ObjectNotFound", "object not found");
        }
        // The message itself: an action naming another operation, an operation of the other service.
        let r = app.archer(ACCESS, v, Some("LookupUserId"), &seed_request(v, &root, plain, "true")).await;
        assert_eq!(r.text("ArcherErrorCode").as_deref(), Some("InvalidParameter"), "{}", r.body);
        let env = v.envelope(&format!(
            r#"<TerminateSession xmlns="{ARCHER_NS}"><sessionToken>{root}</sessionToken></TerminateSession>"#
        ));
        let r = app.archer(ACCESS, v, None, &env).await;
        assert_eq!(r.text("ArcherErrorCode").as_deref(), Some("InvalidParameter"), "{}", r.body);
        assert!(r.body.contains("unknown operation"), "{}", r.body);
    }
    assert_eq!(flag_of(&app, plain).await, json!(false), "no refused call changed the flag");
    assert_eq!(flag_of(&app, peer).await, json!(false));
}
both!(faults_name_their_class_in_archer_error_code);

async fn lookup_user_id_sees_exactly_the_users_the_caller_may_list(app: TestApp) {
    let logins = ["netadmin", "mbxadmin", "plain", "peer", "faraway"];
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user("mbxadmin", PW, AuthLevel::MailboxAdmin).await;
    app.create_user("plain", PW, AuthLevel::MailboxUser).await;
    app.create_user_in("peer", PW, AuthLevel::MailboxUser, 1, 101).await;
    app.create_user_in("faraway", PW, AuthLevel::MailboxUser, 2, 200).await;
    for (actor, password) in [(ROOT_LOGIN, ROOT_PASSWORD), ("netadmin", PW), ("mbxadmin", PW), ("plain", PW)]
    {
        let token = app.archer_login(V::S11, actor, password).await;
        let rest = app.login(actor, password).await;
        for target in logins.iter().chain([&ROOT_LOGIN]) {
            let body = json!({"login": target});
            let listed =
                app.call(Method::POST, "/v2/users/by-name", Some(&rest), Some(body)).await.assert_ok();
            let id = listed
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["login"] == json!(target))
                .map(|u| u["userId"].clone());
            let r = app
                .archer_call(
                    ACCESS,
                    V::S11,
                    "LookupUserId",
                    &[("sessionToken", &token), ("userName", target)],
                )
                .await;
            match id {
                Some(id) => r.assert_archer_ok(V::S11, "LookupUserId", &id.to_string()),
                None => r.assert_archer_fault(V::S11, "soap:Client", "ObjectNotFound", "object not found"),
            }
        }
    }
}
both!(lookup_user_id_sees_exactly_the_users_the_caller_may_list);

async fn a_configured_instance_name_is_the_only_one_accepted(db: TestDb) {
    let app =
        TestApp::start(db, Settings { archer_instance: Some("Prod-EU".into()), ..Settings::default() }).await;
    for (instance, ok) in [("Prod-EU", true), ("prod-eu", true), ("Default", false), ("", false)] {
        let creds = [("userName", ROOT_LOGIN), ("instanceName", instance), ("password", ROOT_PASSWORD)];
        let r = app.archer_call(GENERAL, V::S12, "CreateUserSession", &creds).await;
        if ok {
            assert_eq!(r.status, StatusCode::OK, "{instance}: {}", r.body);
        } else {
            let reason = format!("instanceName: `{instance}` is not an instance of this server");
            r.assert_archer_fault(V::S12, "soap:Sender", "InvalidParameter", &reason);
        }
    }
}

#[actix_web::test]
async fn configured_instance_sqlite() {
    a_configured_instance_name_is_the_only_one_accepted(TestDb::sqlite()).await
}

async fn each_service_serves_its_wsdl_and_html_page_at_any_case_of_its_path(app: TestApp) {
    for (path, other_case, name, ops) in [
        (
            GENERAL,
            "/Archer/WS/General.asmx",
            "general",
            vec!["CreateUserSessionFromInstance", "CreateUserSession", "TerminateSession"],
        ),
        (
            ACCESS,
            "/ARCHER/ws/AccessControl.ASMX",
            "accesscontrol",
            vec!["LookupUserId", "ForcePasswordChange"],
        ),
    ] {
        for used in [path, other_case] {
            let wsdl = app.soap_send(app.client.get(format!("{}{used}?WSDL", app.base))).await;
            assert_eq!(wsdl.status, StatusCode::OK, "{used}");
            assert_eq!(wsdl.content_type, "text/xml; charset=utf-8");
            let address = format!("{}{used}", app.base);
            for (port, kind) in [(format!("{name}Soap"), "soap"), (format!("{name}Soap12"), "soap12")] {
                let expected = format!(
                    r#"<wsdl:port name="{port}" binding="tns:{port}"><{kind}:address location="{address}"/></wsdl:port>"#
                );
                assert!(wsdl.body.contains(&expected), "missing {expected}");
            }
            for port in [format!("{name}HttpPost"), format!("{name}HttpGet")] {
                let expected = format!(
                    r#"<wsdl:port name="{port}" binding="tns:{port}"><http:address location="{address}"/></wsdl:port>"#
                );
                assert!(wsdl.body.contains(&expected), "missing {expected}");
            }
            for op in &ops {
                let action = format!(r#"soapAction="{ARCHER_NS}{op}" style="document""#);
                assert_eq!(wsdl.body.matches(&action).count(), 2, "{op} in the SOAP 1.1 and 1.2 bindings");
            }
            let html = app.soap_send(app.client.get(format!("{}{used}", app.base))).await;
            assert_eq!(
                (html.status, html.content_type.as_str()),
                (StatusCode::OK, "text/html; charset=utf-8")
            );
            for op in &ops {
                assert!(html.body.contains(&format!(r#"<li><a href="?op={op}"><b>{op}</b></a>("#)), "{op}");
            }
        }
        let put = app.soap_send(app.client.put(format!("{}{path}", app.base))).await;
        assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
        let post_binding = app.soap_send(app.client.post(format!("{}{path}/{}", app.base, ops[0]))).await;
        assert_eq!(post_binding.status, StatusCode::INTERNAL_SERVER_ERROR, "HTTP-POST binding served");
        assert!(post_binding.body.contains("is required"), "{}", post_binding.body);
    }
    let mixed = app.archer_login(V::S11, ROOT_LOGIN, ROOT_PASSWORD).await;
    let env = V::S11.envelope(&format!(r#"<LookupUserId xmlns="{ARCHER_NS}"><sessionToken>{mixed}</sessionToken><userName>root</userName></LookupUserId>"#));
    let r = app.soap_send(
        app.client
            .post(format!("{}/ARCHER/ws/AccessControl.asmx", app.base))
            .header("content-type", "text/xml; charset=utf-8")
            .body(env),
    );
    r.await.assert_archer_ok(V::S11, "LookupUserId", "1");
}
both!(each_service_serves_its_wsdl_and_html_page_at_any_case_of_its_path);
