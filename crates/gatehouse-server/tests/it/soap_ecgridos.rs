//! ECGridOS v4.1 over SOAP 1.1 and SOAP 1.2: every operation with literal envelopes shaped like
//! the seeds and the ASMX samples, answered in the caller's version, on the whole wire.

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::soap_support::{BOTH, ECGRIDOS, TNS, V};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

pub const PW: &str = "Passw0rd!";

/// `UserIDInfo` of a user made by `TestApp::create_user` at the test clock's time.
pub fn user_id_info(id: i64, login: &str, email: &str, first: &str, last: &str, level: &str) -> String {
    format!(
        "<UserID>{id}</UserID><Login>{login}</Login><Email>{email}</Email><FirstName>{first}</FirstName>\
         <LastName>{last}</LastName><NetworkID>1</NetworkID><MailboxID>100</MailboxID>\
         <AuthLevel>{level}</AuthLevel><Status>Active</Status><Created>2026-11-23T10:00:00Z</Created>"
    )
}

async fn version_answers_in_the_callers_version_with_or_without_soap_action(app: TestApp) {
    let expected = format!("ECGridOS v4.1 (Gatehouse {})", env!("CARGO_PKG_VERSION"));
    for v in BOTH {
        let env = v.envelope(r#"<Version xmlns="https://os.ecgrid.io/" />"#);
        app.soap(v, Some("Version"), &env).await.assert_ok(v, "Version", &expected);
        app.soap(v, None, &env).await.assert_ok(v, "Version", &expected);
    }
    let empty_action = app
        .client
        .post(format!("{}{ECGRIDOS}", app.base))
        .header("content-type", "text/xml")
        .header("SOAPAction", "\"\"")
        .body(V::S11.envelope(r#"<Version xmlns="https://os.ecgrid.io/"/>"#));
    app.soap_send(empty_action).await.assert_ok(V::S11, "Version", &expected);
}
both!(version_answers_in_the_callers_version_with_or_without_soap_action);

async fn login_who_am_i_logout_then_the_session_id_fails(app: TestApp) {
    for v in BOTH {
        let sid = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        assert_eq!(sid.len(), 36, "a GUID: {sid}");
        assert_eq!(sid.matches('-').count(), 4, "a GUID: {sid}");
        let who = v.envelope(&format!(
            r#"<WhoAmI xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
    </WhoAmI>"#
        ));
        app.soap(v, Some("WhoAmI"), &who).await.assert_ok(
            v,
            "WhoAmI",
            &format!(
                "<SessionID>{sid}</SessionID><UserID>1</UserID><LoginName>root</LoginName>\
                 <FirstName>Primary</FirstName><LastName>Owner</LastName>\
                 <EMail>root@localhost.localdomain</EMail><AuthLevel>Root</AuthLevel>\
                 <LastLogin>2026-11-23T10:00:00Z</LastLogin><OpenSessions>1</OpenSessions>\
                 <TimeOut>20</TimeOut><NetworkID>1</NetworkID><MailboxID>0</MailboxID>\
                 <ECGridOSVersion>4.1</ECGridOSVersion>"
            ),
        );
        let logout = v.envelope(&format!(
            r#"<Logout xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
    </Logout>"#
        ));
        app.soap(v, Some("Logout"), &logout).await.assert_ok(v, "Logout", "1");
        let gone = app.soap(v, Some("WhoAmI"), &who).await;
        assert_eq!(gone.assert_fault(v, v.client(), Some("Authentication")), "invalid session");
        let again = app.soap(v, Some("Logout"), &logout).await;
        assert_eq!(again.assert_fault(v, v.client(), Some("Authentication")), "invalid session");
    }
}
both!(login_who_am_i_logout_then_the_session_id_fails);

async fn user_info_returns_the_user_as_user_id_info(app: TestApp) {
    let id = app.create_user("jsmith", PW, AuthLevel::MailboxAdmin).await;
    for v in BOTH {
        let sid = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let env = v.envelope(&format!(
            r#"<UserInfo xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
    </UserInfo>"#
        ));
        let expected = user_id_info(id, "jsmith", "jsmith@example.com", "Test", "User", "MailboxAdmin");
        app.soap(v, Some("UserInfo"), &env).await.assert_ok(v, "UserInfo", &expected);
    }
}
both!(user_info_returns_the_user_as_user_id_info);

/// Seed 000: `bool UserReset(string SessionID, int UserID)`.
fn user_reset_envelope(v: V, sid: &str, id: i64) -> String {
    match v {
        V::S11 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <UserReset xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
    </UserReset>
  </soap:Body>
</soap:Envelope>"#
        ),
        V::S12 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
    <UserReset xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
    </UserReset>
  </soap12:Body>
</soap12:Envelope>"#
        ),
    }
}

pub async fn who_am_i(app: &TestApp, v: V, sid: &str) -> crate::soap_support::SoapResp {
    let env = v.envelope(&format!(r#"<WhoAmI xmlns="{TNS}"><SessionID>{sid}</SessionID></WhoAmI>"#));
    app.soap(v, Some("WhoAmI"), &env).await
}

async fn user_reset_invalidates_every_open_session_of_the_user(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    for v in BOTH {
        let soap11 = app.soap_login(V::S11, "target", PW).await;
        let soap12 = app.soap_login(V::S12, "target", PW).await;
        let rest = app.login("target", PW).await;
        assert_eq!(who_am_i(&app, V::S11, &soap11).await.text("OpenSessions").as_deref(), Some("3"));
        let root = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let resp = app.soap(v, Some("UserReset"), &user_reset_envelope(v, &root, id)).await;
        resp.assert_ok(v, "UserReset", "true");
        for (version, sid) in [(V::S11, &soap11), (V::S12, &soap12)] {
            let refused = who_am_i(&app, version, sid).await;
            assert_eq!(
                refused.assert_fault(version, version.client(), Some("Authentication")),
                "invalid session"
            );
        }
        app.call(Method::GET, "/v2/users/me", Some(&rest), None).await.assert_error(401, "InvalidSession");
        assert_eq!(who_am_i(&app, v, &root).await.text("UserID").as_deref(), Some("1"));
    }
}
both!(user_reset_invalidates_every_open_session_of_the_user);

/// Seed 001: `bool UserPassword(string SessionID, int UserID, string NewPassword)`.
fn user_password_envelope(v: V, sid: &str, id: i64, new_password: &str) -> String {
    match v {
        V::S11 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <UserPassword xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
      <NewPassword>{new_password}</NewPassword>
    </UserPassword>
  </soap:Body>
</soap:Envelope>"#
        ),
        V::S12 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
    <UserPassword xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
      <NewPassword>{new_password}</NewPassword>
    </UserPassword>
  </soap12:Body>
</soap12:Envelope>"#
        ),
    }
}

pub fn login_envelope(v: V, login: &str, password: &str) -> String {
    v.envelope(&format!(
        r#"<Login xmlns="https://os.ecgrid.io/"><LoginName>{login}</LoginName><Password>{password}</Password></Login>"#
    ))
}

async fn user_password_sets_the_password_and_revokes_the_users_sessions(app: TestApp) {
    let id = app.create_user("target", PW, AuthLevel::MailboxUser).await;
    let mut current = PW.to_string();
    for (v, new_password) in [(V::S11, "N3w#Passw0rd"), (V::S12, "0ther&amp;Pass1")] {
        let session = app.soap_login(v, "target", &current).await;
        let root = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let resp =
            app.soap(v, Some("UserPassword"), &user_password_envelope(v, &root, id, new_password)).await;
        resp.assert_ok(v, "UserPassword", "true");
        let revoked = who_am_i(&app, v, &session).await;
        assert_eq!(revoked.assert_fault(v, v.client(), Some("Authentication")), "invalid session");
        let old = app.soap(v, Some("Login"), &login_envelope(v, "target", &current)).await;
        assert_eq!(old.assert_fault(v, v.client(), Some("Authentication")), "invalid login or password");
        current = new_password.replace("&amp;", "&");
        app.login("target", &current).await;
    }
}
both!(user_password_sets_the_password_and_revokes_the_users_sessions);

/// Seed 004: `UserIDInfo UserUpdate(string SessionID, int UserID, string FirstName, string LastName, string Email)`.
fn user_update_envelope(v: V, sid: &str, id: i64, first: &str, last: &str, email: &str) -> String {
    match v {
        V::S11 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <UserUpdate xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
      <FirstName>{first}</FirstName>
      <LastName>{last}</LastName>
      <Email>{email}</Email>
    </UserUpdate>
  </soap:Body>
</soap:Envelope>"#
        ),
        V::S12 => format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">
  <soap12:Body>
    <UserUpdate xmlns="https://os.ecgrid.io/">
      <SessionID>{sid}</SessionID>
      <UserID>{id}</UserID>
      <FirstName>{first}</FirstName>
      <LastName>{last}</LastName>
      <Email>{email}</Email>
    </UserUpdate>
  </soap12:Body>
</soap12:Envelope>"#
        ),
    }
}

pub async fn soap_user_update(app: &TestApp, v: V, sid: &str, id: i64, names: (&str, &str, &str)) -> String {
    let resp =
        app.soap(v, Some("UserUpdate"), &user_update_envelope(v, sid, id, names.0, names.1, names.2)).await;
    assert_eq!(resp.status.as_u16(), 200, "{}", resp.body);
    resp.text("UserUpdateResult").unwrap()
}

async fn user_update_returns_the_updated_user_id_info(app: TestApp) {
    let id = app.create_user("jsmith", PW, AuthLevel::MailboxAdmin).await;
    for (v, first, last, email) in [
        (V::S11, "John", "Smith", "john.smith@newdomain.com"),
        (V::S12, "Jöhn &amp; Co", "", "js@example.org"),
    ] {
        let root = app.soap_login(v, ROOT_LOGIN, ROOT_PASSWORD).await;
        let resp =
            app.soap(v, Some("UserUpdate"), &user_update_envelope(v, &root, id, first, last, email)).await;
        resp.assert_ok(v, "UserUpdate", &user_id_info(id, "jsmith", email, first, last, "MailboxAdmin"));
    }
    let token = app.root_token().await;
    let rest = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&token), None).await.assert_ok();
    assert_eq!(rest["firstName"], json!("Jöhn & Co"));
    assert_eq!(rest["lastName"], json!(""));
}
both!(user_update_returns_the_updated_user_id_info);

async fn requests_are_read_leniently(app: TestApp) {
    // Old clients: UserName for LoginName, sender fields, a field this version dropped, any
    // order, prefixed names, a SOAPAction with only the operation name, zeep's prefixes.
    let login = r#"<?xml version="1.0"?>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/">
  <soap-env:Header/>
  <soap-env:Body>
    <ns0:Login xmlns:ns0="https://os.ecgrid.io/">
      <ns0:Password>Root#pass1</ns0:Password>
      <ns0:RetiredField>ignored</ns0:RetiredField>
      <ns0:SenderSolution>Legacy EDI</ns0:SenderSolution>
      <ns0:UserName>ROOT</ns0:UserName>
      <ns0:SenderVersion>3.2</ns0:SenderVersion>
    </ns0:Login>
  </soap-env:Body>
</soap-env:Envelope>"#;
    let req = app
        .client
        .post(format!("{}{}", app.base, ECGRIDOS.to_uppercase()))
        .header("content-type", "text/xml")
        .header("SOAPAction", "Login")
        .body(login);
    let resp = app.soap_send(req).await;
    assert_eq!(resp.status.as_u16(), 200, "{}", resp.body);
    let sid = resp.text("LoginResult").unwrap();
    let info = format!(
        r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><UserInfo xmlns="{TNS}"><UserID>
        1 </UserID><SessionID>  {sid}
        </SessionID></UserInfo></e:Body></e:Envelope>"#
    );
    let resp = app.soap(V::S12, None, &info).await;
    assert_eq!(resp.text("Login").as_deref(), Some("root"), "{}", resp.body);
}
both!(requests_are_read_leniently);

async fn an_api_key_is_accepted_as_the_session_id(app: TestApp) {
    let id = app.create_user("robot", PW, AuthLevel::MailboxUser).await;
    let token = app.root_token().await;
    let key =
        app.call(Method::POST, &format!("/v2/users/key-generate/{id}"), Some(&token), None).await.assert_ok();
    let key = key.as_str().unwrap().to_string();
    for v in BOTH {
        let resp = who_am_i(&app, v, &key).await;
        assert_eq!(resp.status.as_u16(), 200, "{}", resp.body);
        assert_eq!(resp.text("UserID"), Some(id.to_string()));
        assert_eq!(resp.text("OpenSessions").as_deref(), Some("0"));
        let logout = v.envelope(&format!(r#"<Logout xmlns="{TNS}"><SessionID>{key}</SessionID></Logout>"#));
        let refused = app.soap(v, Some("Logout"), &logout).await;
        let reason = refused.assert_fault(v, v.client(), Some("InvalidParameter"));
        assert!(reason.contains("API key has no session"), "{reason}");
    }
    let unknown = who_am_i(&app, V::S11, "ghk_not-a-key").await;
    assert_eq!(unknown.assert_fault(V::S11, "soap:Client", Some("Authentication")), "invalid API key");
}
both!(an_api_key_is_accepted_as_the_session_id);
