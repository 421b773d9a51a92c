//! The Web API's session family and user methods (SPEC §6 second edition), with what each
//! changed read back over REST, and the per-user session policy over REST and SOAP.

use chrono::Duration;
use gatehouse_core::user::AuthLevel;
use gatehouse_server::config::Settings;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashSet;

use gatehouse_store::testing::TestDb;

use crate::soap_ecgridos::login_envelope;
use crate::soap_support::V;
use crate::support::TestApp;

const PW: &str = "Passw0rd!";

/// Each test on SQLite and, when configured, PostgreSQL, with [`long_sessions`].
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name(super::start(gatehouse_store::testing::TestDb::sqlite()).await).await
            }
            #[actix_web::test]
            #[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
            async fn postgres() {
                if let Some(db) = gatehouse_store::testing::TestDb::postgres() {
                    super::$name(super::start(db).await).await
                }
            }
        }
    };
}

/// Idle and absolute limits long enough to watch a per-user lifetime of 8 hours act alone.
fn long_sessions() -> Settings {
    Settings {
        session_idle_secs: Some(86_400),
        session_max_secs: Some(86_400),
        token_ttl_secs: Some(86_400),
        ..Settings::default()
    }
}

async fn start(db: TestDb) -> TestApp {
    TestApp::start(db, long_sessions()).await
}

fn ids(listed: &Value) -> Vec<String> {
    listed["active_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["session_id"].as_str().unwrap().into())
        .collect()
}

async fn session_list_sees_what_the_caller_administers_in_slacks_shape(app: TestApp) {
    let mine = app.create_user_in("net1user", PW, AuthLevel::NetworkUser, 1, 0).await;
    let other = app.create_user_in("net2user", PW, AuthLevel::NetworkUser, 2, 0).await;
    let admin1 = app.create_user_in("net1admin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    let body = json!({"login": "net1user", "password": PW, "clientType": "web"});
    let req = app.client.post(format!("{}/v2/auth/login", app.base)).header("user-agent", ua).json(&body);
    app.send(req).await.assert_ok();
    app.login_as("net2user", PW, "mobile").await;
    let admin = app.login_as("net1admin", PW, "web").await;
    let root = app.root_token().await;

    let all = app.api("admin.users.session.list", Some(&root), &[]).await.slack_ok();
    let owners: HashSet<String> = all["active_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user_id"].as_str().unwrap().into())
        .collect();
    for id in [mine, other, admin1, 1] {
        assert!(owners.contains(&format!("W{id}")), "root sees every session: {all}");
    }
    let web =
        all["active_sessions"].as_array().unwrap().iter().find(|s| s["user_id"] == json!(format!("W{mine}")));
    let web = web.unwrap();
    assert_eq!(web["team_id"], json!("T1"));
    assert_eq!(web["created"]["os"], json!("Windows 10"));
    assert_eq!(web["created"]["device_hardware"], json!("pc"));
    assert_eq!(web["created"]["slack_client_version"], json!("Chrome 120.0.0.0"));
    assert_eq!(web["created"]["ip"], json!("127.0.0.1"));
    assert_eq!(web["client_type"], json!("web"));
    assert!(web.get("recent").is_none(), "no use after login yet");

    let scoped = app.api("admin.users.session.list", Some(&admin), &[]).await.slack_ok();
    let owners: HashSet<String> = scoped["active_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["user_id"].as_str().unwrap().into())
        .collect();
    assert_eq!(
        owners,
        HashSet::from([format!("W{mine}"), format!("W{admin1}")]),
        "a network admin sees its network"
    );

    app.api("admin.users.session.list", Some(&root), &[("user_id", "W2")]).await.slack_error("missing_team");
    app.api("admin.users.session.list", Some(&root), &[("team_id", "T1")]).await.slack_error("missing_user");
    app.api("admin.users.session.list", Some(&root), &[("cursor", "bogus")])
        .await
        .slack_error("invalid_cursor");
    app.api("admin.users.session.list", Some(&root), &[("limit", "1001")])
        .await
        .slack_error("invalid_arguments");
    let wo = format!("W{other}");
    app.api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &wo)])
        .await
        .slack_error("user_not_found");
    let idle = app.create_user("idle", PW, AuthLevel::MailboxUser).await;
    let wi = format!("W{idle}");
    app.api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &wi)])
        .await
        .slack_error("no_active_sessions");
}
both!(session_list_sees_what_the_caller_administers_in_slacks_shape);

async fn invalidate_honours_user_id_and_the_primary_owner(app: TestApp) {
    let a = app.create_user("inv_a", PW, AuthLevel::MailboxUser).await;
    let b = app.create_user("inv_b", PW, AuthLevel::MailboxUser).await;
    app.create_user_in("ops", PW, AuthLevel::TechOps, 1, 0).await;
    let token = app.login_as("inv_a", PW, "web").await;
    let root = app.root_token().await;
    let ops = app.login_as("ops", PW, "web").await;
    let listed = app
        .api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &format!("W{a}"))])
        .await
        .slack_ok();
    let sid = ids(&listed)[0].clone();
    let wrong = [("session_id", sid.as_str()), ("user_id", &format!("W{b}"))];
    app.api("admin.users.session.invalidate", Some(&root), &wrong).await.slack_error("session_not_found");
    assert!(app.alive(&token).await, "a session of another user is not touched");
    let right = [("session_id", sid.as_str()), ("user_id", &format!("W{a}"))];
    app.api("admin.users.session.invalidate", Some(&root), &right).await.slack_ok();
    assert!(!app.alive(&token).await);
    let owner_session = app.caller(&root).await.session().unwrap().id.0.clone();
    let protected = [("session_id", owner_session.as_str()), ("user_id", "W1")];
    app.api("admin.users.session.invalidate", Some(&ops), &protected)
        .await
        .slack_error("cannot_invalidate_primary_owner");
    assert!(app.alive(&root).await);
}
both!(invalidate_honours_user_id_and_the_primary_owner);

async fn a_walk_of_5000_sessions_sees_each_survivor_once_while_others_come_and_go(app: TestApp) {
    let mut users = Vec::new();
    for i in 0..50 {
        users.push(app.create_user(&format!("walker{i}"), PW, AuthLevel::MailboxUser).await);
    }
    for round in 0..100 {
        for i in 0..50 {
            app.login_as(&format!("walker{i}"), PW, "api").await;
        }
        if round % 10 == 0 {
            app.clock.advance(Duration::milliseconds(1));
        }
    }
    let root = app.root_token().await;
    let mut seen: Vec<String> = Vec::new();
    let mut revoked: HashSet<String> = HashSet::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let mut args = vec![("limit", "700")];
        if !cursor.is_empty() {
            args.push(("cursor", cursor.as_str()));
        }
        let page = app.api("admin.users.session.list", Some(&root), &args).await.slack_ok();
        seen.extend(ids(&page));
        cursor = page["response_metadata"]["next_cursor"].as_str().unwrap().to_string();
        pages += 1;
        // During the walk: new sessions open (later than every listed one, as time goes on)
        // and old ones, seen or not, die.
        app.clock.advance(Duration::milliseconds(1));
        app.login_as("walker0", PW, "api").await;
        let victim = ids(&page).last().cloned().unwrap();
        let owner = page["active_sessions"].as_array().unwrap().last().unwrap()["user_id"].clone();
        let args = [("session_id", victim.as_str()), ("user_id", owner.as_str().unwrap())];
        app.api("admin.users.session.invalidate", Some(&root), &args).await.slack_ok();
        revoked.insert(victim);
        if cursor.is_empty() {
            break;
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no session is listed twice");
    assert!(pages >= 8, "{pages} pages");
    // Every session that lived through the whole walk was listed: the walk saw all 5000 of
    // the start (none was revoked before its page) plus the root's and the ones opened behind it.
    let mut alive = Vec::new();
    let mut cursor = String::new();
    loop {
        let args = [("cursor", cursor.as_str())];
        let page = app.api("admin.users.session.list", Some(&root), &args).await.slack_ok();
        alive.extend(ids(&page));
        cursor = page["response_metadata"]["next_cursor"].as_str().unwrap().to_string();
        if cursor.is_empty() {
            break;
        }
    }
    for id in &alive {
        assert!(
            unique.contains(id) || id == alive.last().unwrap(),
            "a session alive from start to end was missed: {id}"
        );
    }
    assert!(seen.len() > 5000, "{} listed", seen.len());
    assert_eq!(alive.len(), 5000 + 1 + pages - revoked.len(), "live count afterwards");
}

#[actix_web::test]
async fn a_walk_of_5000_sessions_sees_each_survivor_once_while_others_come_and_go_sqlite() {
    a_walk_of_5000_sessions_sees_each_survivor_once_while_others_come_and_go(start(TestDb::sqlite()).await)
        .await;
}

async fn settings_shorten_live_sessions_and_hint_memory_only_tokens(app: TestApp) {
    let id = app.create_user("settled", PW, AuthLevel::MailboxUser).await;
    let other = app.create_user("unsettled", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let token = app.login_as("settled", PW, "api").await;
    let spared = app.login_as("unsettled", PW, "api").await;
    let w = format!("W{id}");
    let none = app.api("admin.users.session.getSettings", Some(&root), &[("user_ids", &w)]).await.slack_ok();
    assert_eq!(none["no_settings_applied"], json!([w]));
    let args = [("user_ids", w.as_str()), ("duration", "28800"), ("desktop_app_browser_quit", "true")];
    app.api("admin.users.session.setSettings", Some(&root), &args).await.slack_ok();
    let got = app.api("admin.users.session.getSettings", Some(&root), &[("user_ids", &w)]).await.slack_ok();
    assert_eq!(
        got["session_settings"],
        json!([{"user_id": w, "desktop_app_browser_quit": true, "duration": 28800}])
    );
    let rest = app
        .call(Method::GET, &format!("/v2/users/{id}/session-settings"), Some(&root), None)
        .await
        .assert_ok();
    assert_eq!(
        (rest["durationSecs"].clone(), rest["desktopAppBrowserQuit"].clone()),
        (json!(28800), json!(true))
    );
    // The hint: web and desktop logins are told to keep the token in memory; others are not.
    let web = json!({"login": "settled", "password": PW, "clientType": "web"});
    let data = app.call(Method::POST, "/v2/auth/login", None, Some(web)).await.assert_ok();
    assert_eq!(data["persistent"], json!(false));
    let api = json!({"login": "settled", "password": PW, "clientType": "api"});
    assert_eq!(
        app.call(Method::POST, "/v2/auth/login", None, Some(api)).await.assert_ok()["persistent"],
        json!(true)
    );
    // The live session now ends 8 hours after it began; the other user's lives on.
    app.clock.advance(Duration::seconds(28_801));
    assert!(!app.alive(&token).await, "setSettings shortened a live session");
    assert!(app.alive(&spared).await);
    // Clearing returns to the defaults, for new sessions and live ones.
    let fresh = app.login_as("settled", PW, "api").await;
    app.api("admin.users.session.clearSettings", Some(&root), &[("user_ids", &w)]).await.slack_ok();
    let listed = app
        .api("admin.users.session.list", Some(&root), &[("team_id", "T1"), ("user_id", &w)])
        .await
        .slack_ok();
    let session = &listed["active_sessions"][0];
    assert_eq!(
        session["expires_at"].as_i64().unwrap() - session["created"]["at"].as_i64().unwrap(),
        86_400,
        "cleared: the service's 24 h apply to live sessions again"
    );
    let _ = fresh;
    let none = app.api("admin.users.session.getSettings", Some(&root), &[("user_ids", &w)]).await.slack_ok();
    assert_eq!(none["session_settings"], json!([]));

    app.api("admin.users.session.setSettings", Some(&root), &[("user_ids", &w)])
        .await
        .slack_error("at_least_one_session_setting_required");
    let short = [("user_ids", w.as_str()), ("duration", "100")];
    app.api("admin.users.session.setSettings", Some(&root), &short).await.slack_error("invalid_arguments");
    app.api("admin.users.session.getSettings", Some(&root), &[]).await.slack_error("invalid_arguments");
    let user = app.login("unsettled", PW).await;
    let mine = [("user_ids", w.as_str()), ("duration", "28800")];
    app.api("admin.users.session.setSettings", Some(&user), &mine).await.slack_error("not_an_admin");
    let _ = other;
}
both!(settings_shorten_live_sessions_and_hint_memory_only_tokens);

async fn max_sessions_refuses_the_next_login_on_every_front_end(app: TestApp) {
    let id = app.create_user("capped", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let path = format!("/v2/users/{id}/session-settings");
    let set = app.call(Method::PUT, &path, Some(&root), Some(json!({"maxSessions": 2}))).await.assert_ok();
    assert_eq!(set["maxSessions"], json!(2));
    let first = app.login("capped", PW).await;
    app.login("capped", PW).await;
    app.login_resp("capped", PW).await.assert_error(403, "TooManySessions");
    let soap = app.soap(V::S11, Some("Login"), &login_envelope(V::S11, "capped", PW)).await;
    assert!(soap.assert_fault(V::S11, V::S11.client(), Some("Authorization")).contains("2 live sessions"));
    let trail = app.call(Method::GET, "/v2/audit?action=login", Some(&root), None).await.assert_ok();
    assert_eq!(trail[0]["outcome"], json!("TooManySessions"));
    app.call(Method::POST, "/v2/auth/logout", Some(&first), None).await.assert_ok();
    app.login("capped", PW).await;
    let bad = app.call(Method::PUT, &path, Some(&root), Some(json!({"maxSessions": 0}))).await;
    bad.assert_error(400, "InvalidParameter");
    let unknown = app.call(Method::PUT, &path, Some(&root), Some(json!({"max_sessions": 3}))).await;
    unknown.assert_error(400, "InvalidParameter");
    app.call(Method::DELETE, &path, Some(&root), None).await.assert_ok();
    app.login("capped", PW).await;
}
both!(max_sessions_refuses_the_next_login_on_every_front_end);

async fn roles_remove_and_owner_follow_slack(app: TestApp) {
    let net = app.create_user_in("netlevel", PW, AuthLevel::NetworkUser, 1, 0).await;
    let mbx = app.create_user("mbxlevel", PW, AuthLevel::MailboxUser).await;
    app.create_user_in("ops2", PW, AuthLevel::TechOps, 1, 0).await;
    let root = app.root_token().await;
    let ops = app.login_as("ops2", PW, "web").await;
    let level = |id: i64| {
        let app = &app;
        let root = root.clone();
        async move {
            app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok()
                ["authLevel"]
                .clone()
        }
    };
    let (wn, wm) = (format!("W{net}"), format!("W{mbx}"));
    app.api("admin.users.setAdmin", Some(&root), &[("team_id", "T1"), ("user_id", &wn)]).await.slack_ok();
    assert_eq!(level(net).await, json!("NetworkAdmin"));
    app.api("admin.users.setAdmin", Some(&root), &[("team_id", "T1"), ("user_id", &wm)]).await.slack_ok();
    assert_eq!(level(mbx).await, json!("MailboxAdmin"));
    // A demoted admin can no longer reset.
    let victim = app.create_user("victim", PW, AuthLevel::MailboxUser).await;
    let admin = app.login("mbxlevel", PW).await;
    let wv = format!("W{victim}");
    app.api("admin.users.session.reset", Some(&admin), &[("user_id", &wv)]).await.slack_ok();
    app.api("admin.users.setRegular", Some(&root), &[("team_id", "T1"), ("user_id", &wm)]).await.slack_ok();
    assert_eq!(level(mbx).await, json!("MailboxUser"));
    app.api("admin.users.session.reset", Some(&admin), &[("user_id", &wv)]).await.slack_error("not_an_admin");

    app.api("admin.users.setOwner", Some(&root), &[("team_id", "T1"), ("user_id", &wn)])
        .await
        .slack_error("not_supported");
    app.api("admin.users.setAdmin", Some(&ops), &[("team_id", "T1"), ("user_id", "W1")])
        .await
        .slack_error("cannot_modify_primary_owner");
    app.api("admin.users.setAdmin", Some(&root), &[("team_id", "T2"), ("user_id", &wn)])
        .await
        .slack_error("user_not_found");
    app.api("admin.users.setAdmin", Some(&root), &[("team_id", "Tx"), ("user_id", &wn)])
        .await
        .slack_error("team_not_found");
    app.api("admin.users.setAdmin", Some(&root), &[("user_id", &wn)]).await.slack_error("invalid_arguments");

    let token = app.login("victim", PW).await;
    app.api("admin.users.remove", Some(&root), &[("team_id", "T1"), ("user_id", &wv)]).await.slack_ok();
    assert!(!app.alive(&token).await, "remove suspends: the user's sessions die");
    let status = app.call(Method::GET, &format!("/v2/users/{victim}"), Some(&root), None).await.assert_ok();
    assert_eq!(status["status"], json!("Suspended"));
    app.call(Method::DELETE, &format!("/v2/users/{victim}"), Some(&root), None).await.assert_ok();
    app.api("admin.users.remove", Some(&root), &[("team_id", "T1"), ("user_id", &wv)])
        .await
        .slack_error("user_already_deleted");
}
both!(roles_remove_and_owner_follow_slack);

async fn expiration_ends_authentication_on_the_next_request(app: TestApp) {
    let id = app.create_user("expiring", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let rest = app.login("expiring", PW).await;
    let w = format!("W{id}");
    let at = (app.clock_now() + Duration::seconds(60)).timestamp().to_string();
    app.api("admin.users.setExpiration", Some(&root), &[("user_id", &w), ("expiration_ts", &at)])
        .await
        .slack_ok();
    let got = app.api("admin.users.getExpiration", Some(&root), &[("user_id", &w)]).await.slack_ok();
    assert_eq!(got["expiration_ts"].to_string(), at);
    let read = app.call(Method::GET, &format!("/v2/users/{id}"), Some(&root), None).await.assert_ok();
    assert!(read["expiresAt"].is_string());
    assert!(app.alive(&rest).await);
    app.clock.advance(Duration::seconds(61));
    app.api("auth.test", Some(&rest), &[]).await.slack_error("account_inactive");
    app.call(Method::POST, "/v2/auth/session", Some(&rest), None).await.assert_error(403, "AccountInactive");
    app.login_resp("expiring", PW).await.assert_error(403, "AccountInactive");
    // Clearing an expiry that has passed lets the user log in again, not its old sessions.
    let path = format!("/v2/users/{id}/expiration");
    app.call(Method::PUT, &path, Some(&root), Some(json!({"expiresAt": null}))).await.assert_ok();
    assert!(!app.alive(&rest).await, "an expired session stays dead");
    app.login("expiring", PW).await;

    let past = (app.clock_now() - Duration::seconds(1)).timestamp().to_string();
    app.api("admin.users.setExpiration", Some(&root), &[("user_id", &w), ("expiration_ts", &past)])
        .await
        .slack_error("failed_to_validate_expiration");
    app.call(Method::PUT, &path, Some(&root), Some(json!({"expiresAt": "2000-01-01T00:00:00Z"})))
        .await
        .assert_error(400, "InvalidParameter");
    app.call(
        Method::POST,
        "/v2/users/status",
        Some(&root),
        Some(json!({"userId": id, "status": "Suspended"})),
    )
    .await
    .assert_ok();
    let later = (app.clock_now() + Duration::days(1)).timestamp().to_string();
    app.api("admin.users.setExpiration", Some(&root), &[("user_id", &w), ("expiration_ts", &later)])
        .await
        .slack_error("user_is_deactivated");
}
both!(expiration_ends_authentication_on_the_next_request);

async fn user_lookups_lists_and_revoke(app: TestApp) {
    let a = app.create_user("look_a", PW, AuthLevel::MailboxUser).await;
    let other = app.create_user_in("look_other", PW, AuthLevel::MailboxUser, 2, 5).await;
    let root = app.root_token().await;
    let admin_id = app.create_user("look_admin", PW, AuthLevel::MailboxAdmin).await;
    let admin = app.login("look_admin", PW).await;
    let info = app.api("users.info", Some(&root), &[("user", &format!("W{a}"))]).await.slack_ok();
    assert_eq!(info["user"]["name"], json!("look_a"));
    assert_eq!(info["user"]["profile"]["email"], json!("look_a@example.com"));
    assert_eq!(info["user"]["team_id"], json!("T1"));
    app.api("users.info", Some(&admin), &[("user", &format!("W{other}"))])
        .await
        .slack_error("user_not_found");
    let found =
        app.api("users.lookupByEmail", Some(&root), &[("email", "LOOK_A@example.com")]).await.slack_ok();
    assert_eq!(found["user"]["id"], json!(format!("W{a}")));
    app.api("users.lookupByEmail", Some(&admin), &[("email", "look_other@example.com")])
        .await
        .slack_error("users_not_found");

    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let mut args = vec![("limit", "2")];
        if !cursor.is_empty() {
            args.push(("cursor", cursor.as_str()));
        }
        let page = app.api("admin.users.list", Some(&root), &args).await.slack_ok();
        seen.extend(page["users"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()));
        cursor = page["response_metadata"]["next_cursor"].as_str().unwrap().to_string();
        if cursor.is_empty() {
            break;
        }
    }
    assert_eq!(seen, vec!["W1".to_string(), format!("W{a}"), format!("W{other}"), format!("W{admin_id}")]);
    app.call(
        Method::POST,
        "/v2/users/status",
        Some(&root),
        Some(json!({"userId": a, "status": "Suspended"})),
    )
    .await
    .assert_ok();
    let inactive = app.api("admin.users.list", Some(&root), &[("is_active", "false")]).await.slack_ok();
    assert_eq!(inactive["users"].as_array().unwrap().len(), 1);
    assert_eq!(inactive["users"][0]["is_active"], json!(false));
    let scoped = app.api("admin.users.list", Some(&admin), &[]).await.slack_ok();
    assert_eq!(
        scoped["users"].as_array().unwrap().len(),
        1,
        "itself only: look_a is suspended, others out of scope"
    );
    app.api("admin.users.list", Some(&root), &[("cursor", "x")]).await.slack_error("invalid_cursor");

    let revoked = app.api("auth.revoke", Some(&admin), &[("test", "true")]).await.slack_ok();
    assert_eq!(revoked["revoked"], json!(false));
    assert!(app.alive(&admin).await);
    let revoked = app.api("auth.revoke", Some(&admin), &[]).await.slack_ok();
    assert_eq!(revoked["revoked"], json!(true));
    app.api("auth.test", Some(&admin), &[]).await.slack_error("token_revoked");
    let key = app
        .call(Method::POST, &format!("/v2/users/key-generate/{admin_id}"), Some(&root), None)
        .await
        .assert_ok();
    let key = key.as_str().unwrap();
    app.api("auth.test", Some(key), &[]).await.slack_ok();
    app.api("auth.revoke", Some(key), &[]).await.slack_ok();
    app.api("auth.test", Some(key), &[]).await.slack_error("invalid_auth");
}
both!(user_lookups_lists_and_revoke);

#[actix_web::test]
async fn each_method_counts_under_its_slack_tier() {
    let settings = Settings { rate_limit: Some("on".into()), ..long_sessions() };
    let app = TestApp::start(TestDb::sqlite(), settings).await;
    let root = app.root_token().await;
    let count = |method: &'static str, args: Vec<(&'static str, &'static str)>| {
        let (app, root) = (&app, root.clone());
        async move {
            let mut n = 0;
            while app.api(method, Some(&root), &args).await.status.as_u16() != 429 {
                n += 1;
                assert!(n <= 1000, "{method} never limited");
            }
            n
        }
    };
    assert_eq!(count("admin.users.session.list", vec![]).await, 20, "Tier 2");
    assert_eq!(count("users.lookupByEmail", vec![("email", "none@example.com")]).await, 50, "Tier 3");
    assert_eq!(count("users.info", vec![("user", "W1")]).await, 100, "Tier 4");
    assert_eq!(count("auth.test", vec![]).await, 600, "auth.test");
}

impl TestApp {
    fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        use gatehouse_core::clock::Clock;
        self.clock.now()
    }
}
