//! The ASMX HTTP-POST binding: `POST /v4.1/prod/ECGridOS.asmx/<Op>` with form fields, answered
//! with the bare typed element, or `500 text/plain` with the message (SPEC §5.2).

use gatehouse_core::user::AuthLevel;
use reqwest::StatusCode;

use crate::both;
use crate::soap_ecgridos::{user_id_info, PW};
use crate::soap_support::{element_text, SoapResp, ECGRIDOS};
use crate::support::{TestApp, ROOT_LOGIN, ROOT_PASSWORD};

const DECL: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

#[track_caller]
fn assert_bare(resp: &SoapResp, element: &str, content: &str) {
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert_eq!(resp.content_type, "text/xml; charset=utf-8");
    let open = match element {
        "UserIDInfo" | "SessionInfo" => format!(
            r#"<{element} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="https://os.ecgrid.io/">"#
        ),
        _ => format!(r#"<{element} xmlns="https://os.ecgrid.io/">"#),
    };
    assert_eq!(resp.body, format!("{DECL}{open}{content}</{element}>"));
}

#[track_caller]
fn assert_error(resp: &SoapResp, code: &str, message: &str) {
    assert_eq!(resp.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", resp.body);
    assert_eq!(resp.content_type, "text/plain; charset=utf-8");
    assert_eq!(resp.headers["x-ecgridossoaperrorcode"], code);
    assert!(resp.body.starts_with(message), "{:?} should start with {message:?}", resp.body);
}

async fn every_operation_answers_its_bare_typed_element(app: TestApp) {
    let id = app.create_user("jsmith", PW, AuthLevel::MailboxAdmin).await;
    let resp = app.http_post("Login", &[("LoginName", ROOT_LOGIN), ("Password", ROOT_PASSWORD)]).await;
    let sid = element_text(&resp.body, "string").unwrap();
    assert_bare(&resp, "string", &sid);
    let version = format!("ECGridOS v4.1 (Gatehouse {})", env!("CARGO_PKG_VERSION"));
    assert_bare(&app.http_post("Version", &[]).await, "string", &version);
    let empty = app.client.post(format!("{}{ECGRIDOS}/Version", app.base));
    assert_bare(&app.soap_send(empty).await, "string", &version);

    let who = app.http_post("WhoAmI", &[("SessionID", &sid)]).await;
    assert_eq!(who.status, StatusCode::OK, "{}", who.body);
    assert!(who.body.contains(&format!("<SessionID>{sid}</SessionID><UserID>1</UserID>")), "{}", who.body);

    let uid = id.to_string();
    let info = user_id_info(id, "jsmith", "jsmith@example.com", "Test", "User", "MailboxAdmin");
    assert_bare(
        &app.http_post("UserInfo", &[("SessionID", &sid), ("UserID", &uid)]).await,
        "UserIDInfo",
        &info,
    );
    let fields = [
        ("SessionID", sid.as_str()),
        ("UserID", &uid),
        ("FirstName", "J & J"),
        ("LastName", "Smith"),
        ("Email", "j@x.example"),
    ];
    let updated = user_id_info(id, "jsmith", "j@x.example", "J &amp; J", "Smith", "MailboxAdmin");
    assert_bare(&app.http_post("UserUpdate", &fields).await, "UserIDInfo", &updated);
    let pw = [("SessionID", sid.as_str()), ("UserID", &uid), ("NewPassword", "N3w#Passw0rd")];
    assert_bare(&app.http_post("UserPassword", &pw).await, "boolean", "true");
    app.login("jsmith", "N3w#Passw0rd").await;
    assert_bare(
        &app.http_post("UserReset", &[("SessionID", &sid), ("UserID", &uid)]).await,
        "boolean",
        "true",
    );
    // Operation names in the path match in any case, as ASMX does.
    let lower =
        app.client.post(format!("{}/V4.1/PROD/ecgridos.ASMX/logout", app.base)).form(&[("SessionID", &sid)]);
    assert_bare(&app.soap_send(lower).await, "int", "1");
}
both!(every_operation_answers_its_bare_typed_element);

async fn errors_are_500_text_plain_with_the_message(app: TestApp) {
    let sid = element_text(
        &app.http_post("Login", &[("LoginName", ROOT_LOGIN), ("Password", ROOT_PASSWORD)]).await.body,
        "string",
    )
    .unwrap();
    assert_error(
        &app.http_post("UserReset", &[("SessionID", "nope"), ("UserID", "1")]).await,
        "Authentication",
        "invalid session",
    );
    assert_error(
        &app.http_post("UserReset", &[("SessionID", &sid)]).await,
        "InvalidParameter",
        "UserID: is required",
    );
    assert_error(
        &app.http_post("UserReset", &[("SessionID", &sid), ("UserID", "x")]).await,
        "InvalidParameter",
        "UserID: `x` is not a valid int",
    );
    assert_error(
        &app.http_post("UserInfo", &[("SessionID", &sid), ("UserID", "424242")]).await,
        "ObjectNotFound",
        "object not found",
    );
    assert_error(
        &app.http_post("Login", &[("LoginName", "root"), ("Password", "bad")]).await,
        "Authentication",
        "invalid login or password",
    );
    assert_error(&app.http_post("Frobnicate", &[]).await, "InvalidParameter", "unknown operation Frobnicate");
    let json = app
        .client
        .post(format!("{}{ECGRIDOS}/Version", app.base))
        .header("content-type", "application/json")
        .body("{}");
    assert_error(
        &app.soap_send(json).await,
        "InvalidParameter",
        "content type `application/json` is not supported",
    );
    let bad_utf8 = app
        .client
        .post(format!("{}{ECGRIDOS}/Login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("LoginName=%C3%28&Password=x");
    assert_error(&app.soap_send(bad_utf8).await, "InvalidParameter", "a form field is not valid UTF-8");
    // HTTP-GET answers too (the vendor's wiki recommends `GET …/Version` as a health check).
    let get = app.client.get(format!("{}{ECGRIDOS}/Version", app.base));
    let resp = app.soap_send(get).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.body.contains("<string xmlns=\"https://os.ecgrid.io/\">ECGridOS v4.1"), "{}", resp.body);
    let put = app.client.put(format!("{}{ECGRIDOS}/Version", app.base));
    let resp = app.soap_send(put).await;
    assert_eq!(resp.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers["allow"], "GET, POST");
}
both!(errors_are_500_text_plain_with_the_message);
