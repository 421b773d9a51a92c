//! Profile fields over REST and the Web API (SPEC §3.1): set on create, read back, kept when
//! absent, cleared by an empty string, validated with the field named, and shown by Slack's
//! `users.info` as `tz`, `tz_offset` and `locale`.

use gatehouse_core::user::AuthLevel;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::support::TestApp;

const PW: &str = "Passw0rd!";

both!(profile_fields_are_set_read_kept_and_cleared);
both!(bad_profile_values_are_refused_naming_the_field_and_change_nothing);
both!(slack_users_info_shows_time_zone_locale_title_and_phone);

async fn create_with_profile(app: &TestApp, root: &str, login: &str) -> Value {
    let body = json!({
        "login": login, "password": PW, "email": format!("{login}@example.com"),
        "firstName": "Ada", "lastName": "Lovelace", "networkId": 1, "mailboxId": 100,
        "middleName": "Byron", "title": "Analyst", "company": "Engines & Co",
        "address": "12 St James's Square\nLondon", "phone": "+44 20 7946 0000",
        "cellPhone": "+44 7700 900000", "cellCarrier": "TMobile", "timeZoneOffset": 60,
        "timeZone": "W. Europe Standard Time", "locale": "en-GB"
    });
    app.call(Method::POST, "/v2/users", Some(root), Some(body)).await.assert_ok()
}

async fn profile_fields_are_set_read_kept_and_cleared(app: TestApp) {
    let root = app.root_token().await;
    let made = create_with_profile(&app, &root, "ada").await;
    let id = made["userId"].as_i64().unwrap();
    let read = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    for (field, value) in [
        ("middleName", json!("Byron")),
        ("title", json!("Analyst")),
        ("company", json!("Engines & Co")),
        ("address", json!("12 St James's Square\nLondon")),
        ("phone", json!("+44 20 7946 0000")),
        ("cellPhone", json!("+44 7700 900000")),
        ("cellCarrier", json!("TMobile")),
        ("timeZoneOffset", json!(60)),
        ("timeZone", json!("W. Europe Standard Time")),
        ("locale", json!("en-GB")),
        ("recoveryQuestion", Value::Null),
    ] {
        assert_eq!(read[field], value, "{field}");
        assert_eq!(made[field], value, "{field} in the create answer");
    }

    // Absent fields are kept, "" clears, Undefined clears the carrier, a value replaces.
    let update = json!({"userId": id, "company": "", "cellCarrier": "Undefined", "title": "Countess",
                        "timeZone": "Europe/London"});
    let updated = app.call(Method::PUT, "/v2/users", Some(&root), Some(update)).await.assert_ok();
    assert_eq!(updated["company"], Value::Null);
    assert_eq!(updated["cellCarrier"], json!("Undefined"));
    assert_eq!(updated["title"], json!("Countess"));
    assert_eq!(updated["timeZone"], json!("Europe/London"));
    assert_eq!(updated["middleName"], json!("Byron"), "an absent field is kept");
    assert_eq!(updated["locale"], json!("en-GB"));
    let again = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert_eq!(again, updated, "what the update answered is what is stored");

    // A user without a profile shows nulls and an Undefined carrier.
    let plain = app.create_user("plainuser", PW, AuthLevel::MailboxUser).await;
    let plain = app.call(Method::GET, &format!("/v2/users/{plain}"), Some(&root), None).await.assert_ok();
    assert_eq!((plain["company"].clone(), plain["cellCarrier"].clone()), (Value::Null, json!("Undefined")));
}

async fn bad_profile_values_are_refused_naming_the_field_and_change_nothing(app: TestApp) {
    let root = app.root_token().await;
    let id = create_with_profile(&app, &root, "grace").await["userId"].as_i64().unwrap();
    let before = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    let table = [
        ("timeZone", json!("Mars/Olympus_Mons"), "timeZone"),
        ("locale", json!("english"), "locale"),
        ("timeZoneOffset", json!(900), "timeZoneOffset"),
        ("phone", json!("call me maybe"), "phone"),
        ("cellCarrier", json!("Vodafone"), "cellCarrier"),
        ("middleName", json!("x".repeat(101)), "middleName"),
        ("company", json!("a\u{0007}b"), "company"),
    ];
    for (field, value, named) in table {
        let mut body = json!({"userId": id, "title": "Changed"});
        body[field] = value;
        let msg = app
            .call(Method::PUT, "/v2/users", Some(&root), Some(body))
            .await
            .assert_error(400, "InvalidParameter");
        assert!(msg.contains(named), "{field}: {msg}");
    }
    let create = json!({"login": "bad", "password": PW, "email": "bad@example.com", "locale": "en_US"});
    let msg = app
        .call(Method::POST, "/v2/users", Some(&root), Some(create))
        .await
        .assert_error(400, "InvalidParameter");
    assert!(msg.contains("locale"), "{msg}");
    let after = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert_eq!(after, before, "a refused update changes nothing");
}

async fn slack_users_info_shows_time_zone_locale_title_and_phone(app: TestApp) {
    let root = app.root_token().await;
    let id = create_with_profile(&app, &root, "linus").await["userId"].as_i64().unwrap();
    let info = app.api("users.info", Some(&root), &[("user", &format!("W{id}"))]).await.slack_ok();
    let user = &info["user"];
    // CLDR maps the Windows zone "W. Europe Standard Time" to Europe/Berlin.
    assert_eq!(user["tz"], json!("Europe/Berlin"));
    let offset = user["tz_offset"].as_i64().unwrap();
    assert!(offset == 3600 || offset == 7200, "CET or CEST: {offset}");
    assert_eq!(user["locale"], json!("en-GB"));
    assert_eq!(user["profile"]["title"], json!("Analyst"));
    assert_eq!(user["profile"]["phone"], json!("+44 20 7946 0000"));
}

both!(a_rename_over_rest_is_administrative_and_refuses_taken_and_lookalike_logins);

async fn a_rename_over_rest_is_administrative_and_refuses_taken_and_lookalike_logins(app: TestApp) {
    let root = app.root_token().await;
    let admin_id = app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    let admin = app.login("netadmin", PW).await;
    let id = app.create_user("carol", PW, AuthLevel::MailboxUser).await;
    let rename = |login: &str| json!({"userId": id, "login": login});
    let renamed =
        app.call(Method::PUT, "/v2/users", Some(&admin), Some(rename("Caroline"))).await.assert_ok();
    assert_eq!(renamed["login"], json!("caroline"));
    app.login("caroline", PW).await;
    app.call(Method::PUT, "/v2/users", Some(&admin), Some(rename("NETADMIN")))
        .await
        .assert_error(409, "Conflict");
    let msg = app
        .call(Method::PUT, "/v2/users", Some(&admin), Some(rename("n\u{0435}tadmin")))
        .await
        .assert_error(409, "Conflict");
    assert!(msg.contains("looks like"), "{msg}");
    // Oneself: the name and email, never the login (SPEC §3.2).
    let own = json!({"userId": admin_id, "login": "boss", "firstName": "Net"});
    app.call(Method::PUT, "/v2/users", Some(&admin), Some(own)).await.assert_error(403, "AccessDenied");
    let carol = app.login("caroline", PW).await;
    let own = json!({"userId": id, "login": "carol2"});
    app.call(Method::PUT, "/v2/users", Some(&carol), Some(own)).await.assert_error(403, "AccessDenied");
    let me = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert_eq!(me["login"], json!("caroline"), "refused renames change nothing");
}
