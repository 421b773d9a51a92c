//! Requests the API cannot take are refused in its own terms (issue #17): an unknown field is
//! named with the one it resembles, types are JSON types, a bad path or query parameter is
//! named, and credential mistakes say what rule they broke. Nothing is changed by a refusal.

use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;

fn assert_said(resp: &crate::support::Resp, needle: &str) {
    let message = resp.assert_error(400, "InvalidParameter");
    assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    for rust in ["i64", "u32", "usize", "struct ", "Dto", "deserialize", "Path", "variant of untagged"] {
        assert!(!message.contains(rust), "{message:?} speaks Rust ({rust})");
    }
}

#[actix_web::test]
async fn mistakes_are_named_and_change_nothing() {
    let app = TestApp::sqlite().await;
    let root = app.root_token().await;
    let body =
        json!({"login": "strict1", "password": "Passw0rd!", "email": "s@example.com", "network_id": 7});
    let resp = app.call(Method::POST, "/v2/users", Some(&root), Some(body)).await;
    assert_said(&resp, "`network_id` is not a field of this request; did you mean `networkId`?");
    let listed =
        app.call(Method::POST, "/v2/users/by-name", Some(&root), Some(json!({"login": "strict1"}))).await;
    assert_eq!(listed.assert_ok(), json!([]), "nothing was created");

    let id = app.create_user("strict2", "Passw0rd!", gatehouse_core::user::AuthLevel::MailboxUser).await;
    let update = json!({"userId": id, "authLevel": "MailboxAdmin"});
    assert_said(
        &app.call(Method::PUT, "/v2/users", Some(&root), Some(update)).await,
        "`authLevel` is not a field",
    );
    let user = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert_eq!(user["authLevel"], json!("MailboxUser"));

    let typed = json!({"userId": "seven", "status": "Suspended"});
    assert_said(
        &app.call(Method::POST, "/v2/users/status", Some(&root), Some(typed)).await,
        "userId: invalid type: string \"seven\", expected an integer",
    );
    let level = json!({"userId": id, "authLevel": "Boss"});
    assert_said(
        &app.call(Method::POST, "/v2/users/role", Some(&root), Some(level)).await,
        "unknown level `Boss`, expected one of Root,",
    );
    let keep = json!({"userId": id, "authLevel": "NoChange"});
    assert_eq!(
        app.call(Method::POST, "/v2/users/role", Some(&root), Some(keep)).await.assert_ok()["authLevel"],
        json!("MailboxUser")
    );
    let create_keep = json!({"login": "strict3", "password": "Passw0rd!", "email": "t@example.com", "authLevel": "NoChange"});
    assert_said(
        &app.call(Method::POST, "/v2/users", Some(&root), Some(create_keep)).await,
        "authLevel: unknown variant `NoChange`",
    );

    assert_said(
        &app.call(Method::GET, "/v2/users/abc", Some(&root), None).await,
        "path parameter `id` must be a whole number, not `abc`",
    );
    assert_said(
        &app.call(Method::GET, "/v2/audit?limit=many", Some(&root), None).await,
        "query parameter `limit`: ",
    );

    let scheme =
        app.client.get(format!("{}/v2/users/me", app.base)).header("authorization", format!("Token {root}"));
    let resp = app.send(scheme).await;
    assert!(resp.text.contains("must be `Bearer <token>`"), "{}", resp.text);
    let two = app
        .client
        .get(format!("{}/v2/users/me", app.base))
        .bearer_auth(&root)
        .header("x-api-key", "ghk_something");
    let resp = app.send(two).await;
    assert!(resp.text.contains("send one credential, not several"), "{}", resp.text);
}
