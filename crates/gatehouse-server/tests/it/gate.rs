//! The core gate (issue #14), below HTTP: use cases run against the real store (SQLite and
//! PostgreSQL) with the manual clock. Races run many rounds and assert on every round.

use std::sync::Arc;

use futures_util::future::join_all;
use gatehouse_core::apikey::KeyForm;
use gatehouse_core::audit::{Action, AuditFilter};
use gatehouse_core::secret::Password;
use gatehouse_core::service::{Issued, LoginRequest, UserUpdate};
use gatehouse_core::session::{ClientKind, SecretStyle};
use gatehouse_core::user::{AuthLevel, Status, UserId};
use gatehouse_core::{Core, CoreError, CoreResult, Credential, RequestContext};

use crate::both;
use crate::support::TestApp;

const PW: &str = "Right#pw1";
const WRONG: &str = "Wrong#pw1";
const THRESHOLD: usize = 5;

fn request(login: &str, password: &str) -> LoginRequest {
    LoginRequest {
        login: login.into(),
        password: Password::new(password),
        kind: ClientKind::Web,
        secret: SecretStyle::None,
        instance: None,
    }
}

async fn login(core: &Core, name: &str, password: &str) -> CoreResult<Issued> {
    core.login(request(name, password), &RequestContext::cli()).await
}

/// True when a session issued by a login still authenticates.
async fn works(core: &Core, issued: &Issued) -> bool {
    core.authenticate(Credential::SessionId(issued.session.id.clone()), RequestContext::cli()).await.is_ok()
}

/// A second instance on the same database (its own pool, lookups and limits).
fn second_instance(app: &TestApp) -> Core {
    let store = Arc::new(gatehouse_store::connect(&app.db_url, 4).unwrap());
    Core::new(store, Arc::new(app.clock.clone()), app.core.config().clone()).unwrap()
}

async fn lockout_is_exact_under_concurrency_on_every_instance(app: TestApp) {
    let other = second_instance(&app);
    for round in 0..3 {
        let name = format!("locked{round}");
        app.create_user(&name, PW, AuthLevel::MailboxUser).await;
        let guesses = (0..50).map(|i| {
            let core = if i % 2 == 0 { &app.core } else { &other };
            login(core, &name, WRONG)
        });
        let answers = join_all(guesses).await;
        let verified_wrong =
            answers.iter().filter(|a| matches!(a, Err(CoreError::InvalidCredentials))).count();
        // The failure that locks answers AccountLocked; the others answered InvalidCredentials.
        assert!(verified_wrong < THRESHOLD, "round {round}: {verified_wrong} wrong passwords verified");
        assert!(
            answers.iter().all(|a| matches!(
                a,
                Err(CoreError::InvalidCredentials
                    | CoreError::AccountLocked { .. }
                    | CoreError::RateLimited { .. })
            )),
            "round {round}"
        );
        for core in [&app.core, &other] {
            let right = login(core, &name, PW).await;
            assert!(matches!(right, Err(CoreError::AccountLocked { .. })), "round {round}: {right:?}");
        }
        let still = login(&app.core, &name, WRONG).await;
        assert!(
            matches!(still, Err(CoreError::AccountLocked { .. })),
            "the right password did not clear the lock"
        );
    }
}
both!(lockout_is_exact_under_concurrency_on_every_instance);

async fn login_name_and_email_share_one_lockout(app: TestApp) {
    app.create_user("shared", PW, AuthLevel::MailboxUser).await;
    for _ in 0..THRESHOLD - 2 {
        assert!(matches!(login(&app.core, "shared", WRONG).await, Err(CoreError::InvalidCredentials)));
    }
    assert!(matches!(
        login(&app.core, "shared@example.com", WRONG).await,
        Err(CoreError::InvalidCredentials)
    ));
    let locking = login(&app.core, "SHARED@example.com", WRONG).await;
    assert!(matches!(locking, Err(CoreError::AccountLocked { .. })), "{locking:?}");
    assert!(matches!(login(&app.core, "shared", PW).await, Err(CoreError::AccountLocked { .. })));
}
both!(login_name_and_email_share_one_lockout);

async fn an_unknown_login_locks_exactly_like_a_known_one(app: TestApp) {
    app.create_user("known", PW, AuthLevel::MailboxUser).await;
    for name in ["known", "nobody-here"] {
        let mut answers = Vec::new();
        for _ in 0..THRESHOLD {
            answers.push(login(&app.core, name, WRONG).await.unwrap_err().name());
        }
        assert_eq!(answers[THRESHOLD - 1], "AccountLocked", "{name}: {answers:?}");
        assert!(answers[..THRESHOLD - 1].iter().all(|a| *a == "InvalidCredentials"), "{name}: {answers:?}");
        let answer = app.login_resp(name, WRONG).await;
        answer.assert_error(403, "AccountLocked");
        let retry: i64 = answer.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=900).contains(&retry), "{name}: {retry}");
    }
    // The lock of an unknown name is in the database: another instance agrees.
    let other = second_instance(&app);
    assert!(matches!(login(&other, "nobody-here", WRONG).await, Err(CoreError::AccountLocked { .. })));
    app.clock.advance(chrono::Duration::seconds(901));
    assert!(matches!(login(&other, "nobody-here", WRONG).await, Err(CoreError::InvalidCredentials)));
}
both!(an_unknown_login_locks_exactly_like_a_known_one);

async fn a_login_racing_a_state_change_yields_no_credential_that_works_afterwards(app: TestApp) {
    let root = app.caller(&app.root_token().await).await;
    // A reset may be ordered before a racing login, which then legitimately works; the reset
    // case is the deterministic test below.
    for round in 0..12 {
        let name = format!("racer{round}");
        let id = UserId(app.create_user(&name, PW, AuthLevel::MailboxUser).await);
        let change = async {
            match round % 3 {
                0 => app.core.set_status(&root, id, Status::Suspended).await.map(drop),
                1 => app.core.set_password(&root, id, Password::new("Other#pw2"), false).await,
                _ => app.core.terminate(&root, id).await,
            }
        };
        let (issued, changed) = tokio::join!(login(&app.core, &name, PW), change);
        changed.unwrap();
        if round % 3 == 0 {
            app.core.set_status(&root, id, Status::Active).await.unwrap();
        }
        if let Ok(issued) = issued {
            assert!(!works(&app.core, &issued).await, "round {round}: a login survived the change");
        }
    }
}
both!(a_login_racing_a_state_change_yields_no_credential_that_works_afterwards);

/// Logins still checking their password (`users.logins_in_flight`), read on a connection of
/// the test's own.
fn logins_in_flight(url: &str, id: UserId) -> i32 {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        logins_in_flight: i32,
    }
    let query = diesel::sql_query(format!("SELECT logins_in_flight FROM users WHERE id = {}", id.0));
    let row: Row = match url.strip_prefix("sqlite://") {
        Some(path) => query.get_result(&mut diesel::SqliteConnection::establish(path).unwrap()),
        None => query.get_result(&mut diesel::PgConnection::establish(url).unwrap()),
    }
    .unwrap();
    row.logins_in_flight
}

/// The change commits while the login verifies the password it read before: the login must
/// then store nothing (SPEC §3.5), for each change that races it.
async fn a_login_that_checked_before_a_change_issues_nothing(app: TestApp) {
    use gatehouse_core::hasher::HashParams;
    let root = app.caller(&app.root_token().await).await;
    // Users hashed at a real cost, so each login spends long enough verifying to be caught.
    let slow = gatehouse_core::CoreConfig {
        hash: HashParams { memory_kib: 16 * 1024, iterations: 3, parallelism: 1 },
        ..app.core.config().clone()
    };
    let hashing = Core::new(
        Arc::new(gatehouse_store::connect(&app.db_url, 2).unwrap()),
        Arc::new(app.clock.clone()),
        slow,
    )
    .unwrap();
    for (round, change) in ["reset", "suspend", "password", "terminate"].into_iter().enumerate() {
        let name = format!("checked{round}");
        let request = gatehouse_core::service::NewUserRequest {
            login: gatehouse_core::service::NewLogin::Given(name.clone()),
            password: Some(Password::new(PW)),
            password_later: false,
            email: Some(format!("{name}@example.com")),
            first_name: "Slow".into(),
            last_name: "Hash".into(),
            network_id: Some(1),
            mailbox_id: Some(100),
            auth_level: Some(AuthLevel::MailboxUser),
            is_bot: false,
            profile: Default::default(),
            recovery: None,
        };
        let id = hashing.provision_user(request, &RequestContext::cli()).await.unwrap().id;
        let core = app.core.clone();
        let login = actix_web::rt::spawn(async move { login(&core, &name, PW).await });
        // Wait (bounded) until the login has counted its check, i.e. read the user.
        let url = app.db_url.clone();
        let mut counted = false;
        for _ in 0..2000 {
            let url = url.clone();
            if actix_web::rt::task::spawn_blocking(move || logins_in_flight(&url, id)).await.unwrap() > 0 {
                counted = true;
                break;
            }
        }
        assert!(counted, "{change}: the login never began its check");
        match change {
            "reset" => {
                app.core.reset_sessions(&root, id, gatehouse_core::session::ResetScope::All).await.unwrap()
            }
            "suspend" => app.core.set_status(&root, id, Status::Suspended).await.map(drop).unwrap(),
            "password" => app.core.set_password(&root, id, Password::new("Other#pw2"), false).await.unwrap(),
            _ => app.core.terminate(&root, id).await.unwrap(),
        }
        let answer = login.await.unwrap();
        let refused = answer.as_ref().err().map(CoreError::name);
        let expected =
            if matches!(change, "suspend" | "terminate") { "AccountInactive" } else { "InvalidCredentials" };
        assert_eq!(refused, Some(expected), "{change}: {:?}", answer.map(|i| i.session.id));
    }
}
both!(a_login_that_checked_before_a_change_issues_nothing);

async fn a_wrong_current_password_counts_toward_the_lockout(app: TestApp) {
    app.create_user("changer", PW, AuthLevel::MailboxUser).await;
    let me = app.caller(&app.login("changer", PW).await).await;
    for _ in 0..THRESHOLD - 1 {
        let e = app.core.change_own_password(&me, Password::new(WRONG), Password::new("New#pass1")).await;
        assert!(
            matches!(e, Err(CoreError::InvalidParameter { ref field, .. }) if field == "currentPassword"),
            "{e:?}"
        );
    }
    let e = app.core.change_own_password(&me, Password::new(WRONG), Password::new("New#pass1")).await;
    assert!(matches!(e, Err(CoreError::AccountLocked { .. })), "{e:?}");
    assert!(matches!(login(&app.core, "changer", PW).await, Err(CoreError::AccountLocked { .. })));
    let e = app.core.change_own_password(&me, Password::new(PW), Password::new("New#pass1")).await;
    assert!(matches!(e, Err(CoreError::AccountLocked { .. })), "a locked account checks no password: {e:?}");
}
both!(a_wrong_current_password_counts_toward_the_lockout);

async fn a_forced_change_must_change_the_password(app: TestApp) {
    app.create_user("forced", PW, AuthLevel::MailboxUser).await;
    let me = app.caller(&app.login("forced", PW).await).await;
    let same = app.core.change_own_password(&me, Password::new(PW), Password::new(PW)).await;
    assert!(
        matches!(same, Err(CoreError::InvalidParameter { ref field, .. }) if field == "newPassword"),
        "{same:?}"
    );
    app.core.change_own_password(&me, Password::new(PW), Password::new("Fresh#pw2")).await.unwrap();
}
both!(a_forced_change_must_change_the_password);

async fn an_admin_password_set_is_authorized_before_anything_is_hashed(app: TestApp) {
    let target = UserId(app.create_user("victim", PW, AuthLevel::MailboxUser).await);
    app.create_user("mbxadmin", PW, AuthLevel::MailboxAdmin).await;
    app.create_user("plain", PW, AuthLevel::MailboxUser).await;
    let weak = || Password::new("weak");
    let mailbox_admin = app.caller(&app.login("mbxadmin", PW).await).await;
    let e = app.core.set_password(&mailbox_admin, target, weak(), false).await.unwrap_err();
    assert_eq!(e.name(), "AccessDenied", "administers the target but may not set passwords");
    let plain = app.caller(&app.login("plain", PW).await).await;
    let e = app.core.set_password(&plain, target, weak(), false).await.unwrap_err();
    assert_eq!(e.name(), "NotAnAdmin");
    let root = app.caller(&app.root_token().await).await;
    let e = app.core.set_password(&root, target, weak(), false).await.unwrap_err();
    assert_eq!(e.name(), "WeakPassword", "an allowed caller learns the rules");
}
both!(an_admin_password_set_is_authorized_before_anything_is_hashed);

async fn self_is_self_for_every_level(app: TestApp) {
    let me = UserId(app.create_user("second-root", PW, AuthLevel::Root).await);
    let caller = app.caller(&app.login("second-root", PW).await).await;
    let core = &app.core;
    let refusals = [
        ("set_password", core.set_password(&caller, me, Password::new("Other#pw2"), false).await.err()),
        ("set_role", core.set_role(&caller, me, AuthLevel::General).await.err()),
        ("set_status", core.set_status(&caller, me, Status::Suspended).await.err()),
        ("terminate", core.terminate(&caller, me).await.err()),
        ("generate_api_key", core.generate_api_key(&caller, me, KeyForm::Prefixed).await.err()),
    ];
    for (what, e) in refusals {
        assert_eq!(e.map(|e| e.name()), Some("AccessDenied"), "{what} on oneself");
    }
    core.update_user(&caller, me, UserUpdate { first_name: Some("Still".into()), ..UserUpdate::default() })
        .await
        .unwrap();
    let owner = app.caller(&app.root_token().await).await;
    core.generate_api_key(&owner, owner.user.id, KeyForm::Prefixed)
        .await
        .expect("the primary owner generates its own key");
    let e = core.change_own_password(&caller, Password::new(WRONG), Password::new("Other#pw2")).await;
    assert!(e.is_err(), "its own password changes only with the current one");
}
both!(self_is_self_for_every_level);

/// The newest events of `action` as (actor, target, outcome), read by the primary owner.
async fn events(app: &TestApp, action: Action) -> Vec<(Option<i64>, Option<i64>, String)> {
    let owner = app.caller(&app.root_token().await).await;
    let filter = AuditFilter { action: Some(action), limit: 50, ..AuditFilter::default() };
    let all = app.core.audit_trail(&owner, filter).await.unwrap();
    all.into_iter()
        .map(|e| (e.event.actor.map(|u| u.0), e.event.target.map(|u| u.0), e.event.outcome.as_str().into()))
        .collect()
}

async fn every_refusal_and_every_creation_is_audited(app: TestApp) {
    let root = app.caller(&app.root_token().await).await;
    let ctx = RequestContext::cli();
    // user.create names the new user.
    let created = app.create_user("fresh", PW, AuthLevel::MailboxUser).await;
    assert_eq!(events(&app, Action::UserCreate).await[0], (None, Some(created), "ok".into()));
    // A refresh of a logged-out session is refused and audited.
    let issued = login(&app.core, "fresh", PW).await.unwrap();
    let caller =
        app.core.authenticate(Credential::SessionId(issued.session.id.clone()), ctx.clone()).await.unwrap();
    app.core.logout(&caller).await.unwrap();
    assert!(app.core.refresh(issued.session.id.clone(), &ctx).await.is_err());
    assert_eq!(
        events(&app, Action::SessionRefresh).await[0],
        (Some(created), Some(created), "InvalidSession".into())
    );
    // An invalidate of an unknown session is refused and audited.
    let unknown = gatehouse_core::session::SessionId("no-such-session".into());
    assert_eq!(app.core.invalidate_session(&root, unknown, None).await.unwrap_err().name(), "NotFound");
    assert_eq!(events(&app, Action::SessionRevoke).await[0], (Some(1), None, "ObjectNotFound".into()));
    // An oversized bulk reset is refused in the core and audited.
    let many: Vec<_> = (1..=1001).map(UserId).collect();
    let scope = gatehouse_core::session::ResetScope::All;
    assert_eq!(
        app.core.reset_sessions_bulk(&root, many, scope).await.unwrap_err().name(),
        "InvalidParameter"
    );
    assert_eq!(events(&app, Action::SessionReset).await[0], (Some(1), None, "InvalidParameter".into()));
    // A login addressed to another instance (Archer `instanceName`) is audited.
    let mut req = request("fresh", PW);
    req.instance = Some("Elsewhere".into());
    assert_eq!(app.core.login(req, &ctx).await.unwrap_err().name(), "InvalidParameter");
    // (events() logs the owner in first, so the refusal is the second newest.)
    assert_eq!(events(&app, Action::Login).await[1], (None, None, "InvalidParameter".into()));
}
both!(every_refusal_and_every_creation_is_audited);

async fn audit_reads_follow_the_user_read_policy_for_every_level(app: TestApp) {
    app.create_user("other-root", PW, AuthLevel::Root).await;
    let other_root = app.caller(&app.login("other-root", PW).await).await;
    let owner = app.caller(&app.root_token().await).await;
    let filter = || AuditFilter { action: Some(Action::Login), limit: 100, ..AuditFilter::default() };
    let seen = app.core.audit_trail(&other_root, filter()).await.unwrap();
    assert!(
        seen.iter().all(|e| e.event.target != Some(owner.user.id)),
        "another Root reads no event about the owner"
    );
    assert!(seen.iter().any(|e| e.event.target == Some(other_root.user.id)));
    let owner_sees = app.core.audit_trail(&owner, filter()).await.unwrap();
    assert!(owner_sees.iter().any(|e| e.event.target == Some(owner.user.id)));
}
both!(audit_reads_follow_the_user_read_policy_for_every_level);

async fn a_session_in_use_never_idles_out_however_short_the_timeout(app: TestApp) {
    app.create_user("busy", PW, AuthLevel::MailboxUser).await;
    let issued = login(&app.core, "busy", PW).await.unwrap();
    let idle = app.core.config().session.idle.num_seconds();
    // Used every second for four idle timeouts.
    for _ in 0..idle * 4 {
        app.clock.advance(chrono::Duration::seconds(1));
        assert!(works(&app.core, &issued).await);
    }
    app.clock.advance(chrono::Duration::seconds(idle));
    assert!(!works(&app.core, &issued).await, "unused for the idle timeout, it expires");
}

#[actix_web::test]
async fn a_session_in_use_never_idles_out_with_a_30_second_timeout() {
    let settings = gatehouse_server::config::Settings {
        session_idle_secs: Some(30),
        ..gatehouse_server::config::Settings::default()
    };
    let app = TestApp::start(gatehouse_store::testing::TestDb::sqlite(), settings).await;
    a_session_in_use_never_idles_out_however_short_the_timeout(app).await;
}

async fn names_are_validated_alike_on_create_and_update(app: TestApp) {
    let root = app.caller(&app.root_token().await).await;
    let mut req = gatehouse_core::service::NewUserRequest {
        login: gatehouse_core::service::NewLogin::Given("named".into()),
        password: Some(Password::new(PW)),
        password_later: false,
        email: Some("named@example.com".into()),
        first_name: "Nul\u{0}Byte".into(),
        last_name: "x".into(),
        network_id: Some(1),
        mailbox_id: Some(100),
        auth_level: Some(AuthLevel::MailboxUser),
        is_bot: false,
        profile: Default::default(),
        recovery: None,
    };
    let e = app.core.create_user(&root, req.clone()).await.unwrap_err();
    assert!(matches!(e, CoreError::InvalidParameter { ref field, .. } if field == "firstName"), "{e:?}");
    req.first_name = "Fine".into();
    req.last_name = "y".repeat(101);
    let e = app.core.create_user(&root, req.clone()).await.unwrap_err();
    assert!(matches!(e, CoreError::InvalidParameter { ref field, .. } if field == "lastName"), "{e:?}");
    req.last_name = "Name".into();
    let user = app.core.create_user(&root, req).await.unwrap();
    let update = UserUpdate { last_name: Some("y".repeat(101)), ..UserUpdate::default() };
    let e = app.core.update_user(&root, user.id, update).await.unwrap_err();
    assert!(matches!(e, CoreError::InvalidParameter { ref field, .. } if field == "lastName"), "{e:?}");
}
both!(names_are_validated_alike_on_create_and_update);

/// SPEC §3.2: a bot's API key performs no administrative operation, on any front end.
async fn a_bot_key_administers_nobody_on_any_front_end(app: TestApp) {
    use crate::soap_support::V;
    use reqwest::Method;
    use serde_json::json;
    let target = app.create_user("someone", PW, AuthLevel::MailboxUser).await;
    let root = app.root_token().await;
    let body =
        json!({"login": "admin-bot", "email": "ab@example.com", "isBot": true, "authLevel": "NetworkAdmin"});
    let bot = app.call(Method::POST, "/v2/users", Some(&root), Some(body)).await.assert_ok()["userId"]
        .as_i64()
        .unwrap();
    let key =
        app.call(Method::POST, &format!("/v2/users/key-generate/{bot}"), Some(&root), None).await.assert_ok();
    let key = key.as_str().unwrap();
    let rest = app
        .send(app.client.post(format!("{}/v2/users/reset/{target}", app.base)).header("X-API-Key", key))
        .await;
    rest.assert_error(403, "AccessDenied");
    let target_s = target.to_string();
    let soap = app.soap_call(V::S11, "UserReset", &[("SessionID", key), ("UserID", &target_s)]).await;
    soap.assert_fault(V::S11, "soap:Client", Some("Authorization"));
    app.api("admin.users.session.reset", Some(key), &[("user_id", &format!("W{target}"))])
        .await
        .slack_error("missing_scope");
    // On itself it still reads.
    let me = app.send(app.client.get(format!("{}/v2/users/me", app.base)).header("X-API-Key", key)).await;
    assert_eq!(me.assert_ok()["userId"], json!(bot));
}
both!(a_bot_key_administers_nobody_on_any_front_end);

/// A token in more than one place is refused like two REST credentials, naming the rule.
async fn a_web_api_token_in_two_places_is_refused(app: TestApp) {
    let token = app.root_token().await;
    let url = format!("{}/api/auth.test", app.base);
    let both_places = app.client.post(&url).bearer_auth(&token).form(&[("token", token.as_str())]);
    let twice_in_json = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(format!(r#"{{"token": "{token}", "token": "{token}"}}"#));
    let query_and_form = app.client.post(format!("{url}?token={token}")).form(&[("token", token.as_str())]);
    for req in [both_places, twice_in_json, query_and_form] {
        let resp = app.send(req).await;
        resp.slack_error("invalid_auth");
        assert!(resp.text.contains("send one credential"), "{}", resp.text);
    }
    app.send(app.client.post(&url).form(&[("token", token.as_str())])).await.slack_ok();
}
both!(a_web_api_token_in_two_places_is_refused);

/// SPEC §3.3: logins are NFKC-normalised and case-folded, invisible characters are refused,
/// and a login that looks like an existing one (TR39 skeleton) is a `Conflict`.
async fn lookalike_and_invisible_logins_are_refused(app: TestApp) {
    use reqwest::Method;
    use serde_json::json;
    let root = app.root_token().await;
    let create = |login: &str| {
        let body = json!({"login": login, "password": PW, "email": "x@example.com", "networkId": 1, "mailboxId": 100});
        app.call(Method::POST, "/v2/users", Some(&root), Some(body))
    };
    create("operator").await.assert_ok();
    let message = create("\u{043E}perator").await.assert_error(409, "Conflict");
    assert!(message.contains("looks like"), "{message}");
    create("OPERATOR").await.assert_error(409, "Conflict");
    let made = create("ＷＩＤＥ").await.assert_ok();
    assert_eq!(made["login"], json!("wide"));
    app.login("wide", PW).await;
    for invisible in ["op\u{200B}s", "ops\u{202E}", "o\u{2066}ps", "o ps"] {
        create(invisible).await.assert_error(400, "InvalidParameter");
    }
    // Users stored before the skeleton column get theirs when the store migrates.
    blank_skeletons(&app.db_url);
    gatehouse_store::connect(&app.db_url, 1).unwrap().migrate().unwrap();
    create("0perator").await.assert_error(409, "Conflict");
}
both!(lookalike_and_invisible_logins_are_refused);

fn blank_skeletons(url: &str) {
    use diesel::{Connection, RunQueryDsl};
    let sql = "UPDATE users SET login_skeleton = NULL";
    if let Some(path) = url.strip_prefix("sqlite://") {
        diesel::sql_query(sql).execute(&mut diesel::SqliteConnection::establish(path).unwrap()).unwrap();
    } else {
        diesel::sql_query(sql).execute(&mut diesel::PgConnection::establish(url).unwrap()).unwrap();
    }
}
