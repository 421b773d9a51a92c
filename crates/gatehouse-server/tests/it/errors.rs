//! Garbage in, the envelope out: every framework rejection speaks the REST error table.

use reqwest::Method;
use serde_json::json;

use crate::both;
use crate::support::{TestApp, ROOT_LOGIN};

async fn malformed_json_wrong_types_and_missing_fields_name_the_problem(app: TestApp) {
    let post = |body: &'static str| {
        app.client
            .post(format!("{}/v2/auth/login", app.base))
            .header("content-type", "application/json")
            .body(body)
    };
    let msg = app.send(post(r#"{"login": "root", "password": "#)).await.assert_error(400, "InvalidParameter");
    assert!(msg.contains("malformed JSON"), "{msg}");
    let msg = app.send(post(r#"{"login": "root"}"#)).await.assert_error(400, "InvalidParameter");
    assert!(msg.contains("password"), "{msg}");
    let msg = app.send(post(r#"{"login": 42, "password": "x"}"#)).await.assert_error(400, "InvalidParameter");
    assert!(msg.starts_with("login:"), "{msg}");
    let msg = app
        .send(post(r#"{"login": "root", "password": "x", "clientType": "fridge"}"#))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.starts_with("clientType:") && msg.contains("fridge"), "{msg}");
    let msg = app.send(post("[1, 2]")).await.assert_error(400, "InvalidParameter");
    assert!(msg.contains("invalid type"), "{msg}");
    let msg = app.send(post("")).await.assert_error(400, "InvalidParameter");
    assert!(msg.contains("malformed JSON"), "{msg}");
}
both!(malformed_json_wrong_types_and_missing_fields_name_the_problem);

async fn wrong_content_type_is_415_and_a_huge_body_is_413(app: TestApp) {
    let form = app
        .client
        .post(format!("{}/v2/auth/login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("login=root&password=x");
    let msg = app.send(form).await.assert_error(415, "InvalidParameter");
    assert!(msg.contains("application/json"), "{msg}");
    let none = app.client.post(format!("{}/v2/auth/login", app.base)).body("{}");
    app.send(none).await.assert_error(415, "InvalidParameter");
    let huge = format!(r#"{{"login": "{ROOT_LOGIN}", "password": "{}"}}"#, "x".repeat(200_000));
    let big = app
        .client
        .post(format!("{}/v2/auth/login", app.base))
        .header("content-type", "application/json")
        .body(huge);
    let msg = app.send(big).await.assert_error(413, "InvalidParameter");
    assert!(msg.contains("65536"), "{msg}");
}
both!(wrong_content_type_is_415_and_a_huge_body_is_413);

async fn unknown_routes_and_wrong_methods_answer_in_the_envelope(app: TestApp) {
    let msg = app.call(Method::GET, "/v2/nothing/here", None, None).await.assert_error(404, "ObjectNotFound");
    assert!(msg.contains("/v2/nothing/here"), "{msg}");
    app.call(Method::GET, "/", None, None).await.assert_error(404, "ObjectNotFound");
    let wrong = app.call(Method::GET, "/v2/auth/login", None, None).await;
    let msg = wrong.assert_error(405, "InvalidParameter");
    assert!(msg.contains("POST"), "{msg}");
    assert_eq!(wrong.headers["allow"], "POST");
    let wrong = app.call(Method::DELETE, "/v2/auth/version", None, None).await;
    wrong.assert_error(405, "InvalidParameter");
}
both!(unknown_routes_and_wrong_methods_answer_in_the_envelope);

async fn the_version_needs_no_authentication(app: TestApp) {
    let data = app.call(Method::GET, "/v2/auth/version", None, None).await.assert_ok();
    assert_eq!(data, json!(format!("Gatehouse {}", env!("CARGO_PKG_VERSION"))));
}
both!(the_version_needs_no_authentication);
