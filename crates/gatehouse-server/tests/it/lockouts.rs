//! Locked-out users and whole-scope listings below HTTP, as the ECGridOS handlers call them
//! (`UserListLockedOut[Ex]`, `UserList[Ex]`, v3.2 `UserResetAll`): the core's calls against the
//! real store on both backends, with the manual clock.

use chrono::Duration;
use gatehouse_core::audit::{Action, AuditFilter};
use gatehouse_core::service::{NewLogin, NewUserRequest, MAX_PAGE_SIZE};
use gatehouse_core::user::{AuthLevel, User, UserFilter, UserId};
use gatehouse_core::{Caller, CoreResult, RequestContext};

use crate::both;
use crate::support::TestApp;

const PW: &str = "Passw0rd!";

/// The logins a listing answers, or its refusal's name.
type Listed = Result<Vec<String>, &'static str>;

/// Logins of a listing, or the refusal's name.
fn logins(listed: CoreResult<Vec<User>>) -> Listed {
    listed.map(|users| users.into_iter().map(|u| u.login).collect()).map_err(|e| e.name())
}

/// A caller logged in as `login`.
async fn caller(app: &TestApp, login: &str) -> Caller {
    app.caller(&app.login(login, PW).await).await
}

async fn locked_out_users_are_listed_within_reach_and_a_named_scope_must_be_reachable(app: TestApp) {
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user_in("mbxadmin", PW, AuthLevel::MailboxAdmin, 1, 100).await;
    app.create_user_in("regular", PW, AuthLevel::MailboxUser, 1, 100).await;
    for (login, net, mbx) in [("a100", 1, 100), ("b101", 1, 101), ("c200", 2, 200), ("free", 1, 100)] {
        app.create_user_in(login, PW, AuthLevel::MailboxUser, net, mbx).await;
    }
    let root = app.caller(&app.root_token().await).await;
    let net_admin = caller(&app, "netadmin").await;
    let mbx_admin = caller(&app, "mbxadmin").await;
    let regular = caller(&app, "regular").await;
    for login in ["a100", "b101", "c200"] {
        app.lock_out(login).await;
    }
    let ok = |names: &[&str]| -> Listed { Ok(names.iter().map(|n| n.to_string()).collect()) };
    let table: Vec<(&Caller, Option<i64>, Option<i64>, Listed)> = vec![
        (&root, None, None, ok(&["a100", "b101", "c200"])),
        (&root, Some(1), None, ok(&["a100", "b101"])),
        (&root, Some(1), Some(0), ok(&["a100", "b101"])),
        (&root, Some(1), Some(100), ok(&["a100"])),
        (&root, Some(2), Some(200), ok(&["c200"])),
        (&root, Some(3), Some(0), ok(&[])),
        (&net_admin, None, None, ok(&["a100", "b101"])),
        (&net_admin, Some(1), Some(0), ok(&["a100", "b101"])),
        (&net_admin, Some(1), Some(101), ok(&["b101"])),
        (&net_admin, Some(2), None, Err("AccessDenied")),
        (&net_admin, Some(2), Some(200), Err("AccessDenied")),
        (&mbx_admin, None, None, ok(&["a100"])),
        (&mbx_admin, Some(1), Some(100), ok(&["a100"])),
        (&mbx_admin, Some(1), Some(0), Err("AccessDenied")),
        (&mbx_admin, Some(1), None, Err("AccessDenied")),
        (&mbx_admin, Some(1), Some(101), Err("AccessDenied")),
        (&regular, None, None, ok(&[])),
        (&regular, Some(1), Some(100), Err("NotAnAdmin")),
    ];
    for (who, net, mbx, expected) in table {
        let got = logins(app.core.list_locked_out(who, net, mbx).await);
        assert_eq!(got, expected, "{} naming {net:?}/{mbx:?}", who.user.login);
    }
    // A lapsed lockout is none; an administrator's lock is one.
    app.clock.advance(Duration::minutes(16));
    assert_eq!(logins(app.core.list_locked_out(&root, None, None).await), ok(&[]));
    let free = app.core.lookup_user_id(&root, "free").await.unwrap();
    app.core.lock_user(&root, free).await.unwrap();
    assert_eq!(logins(app.core.list_locked_out(&mbx_admin, Some(1), Some(100)).await), ok(&["free"]));
}
both!(locked_out_users_are_listed_within_reach_and_a_named_scope_must_be_reachable);

async fn all_users_come_in_one_answer_by_id_under_the_same_scope_rule(app: TestApp) {
    let count = MAX_PAGE_SIZE as usize + 5;
    for n in 0..count {
        let req = NewUserRequest {
            login: NewLogin::Given(format!("bulk{n:03}")),
            password: None,
            password_later: true,
            email: None,
            first_name: if n == 7 { "Bartholomew".into() } else { "Ann".into() },
            last_name: "Lee".into(),
            network_id: Some(1 + (n % 2) as i64),
            mailbox_id: Some(100),
            auth_level: Some(AuthLevel::MailboxUser),
            is_bot: false,
            profile: Default::default(),
            recovery: None,
        };
        app.core.provision_user(req, &RequestContext::cli()).await.unwrap();
    }
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 2, 0).await;
    let root = app.caller(&app.root_token().await).await;
    let everyone = app.core.all_users(&root, UserFilter::default()).await.unwrap();
    assert_eq!(everyone.len(), count + 2, "root, every bulk user and the admin, in one answer");
    assert!(everyone.windows(2).all(|w| w[0].id < w[1].id), "by id");
    let named = |name: &str, net: Option<i64>, mbx: Option<i64>| UserFilter {
        name: Some(name.into()),
        network_id: net,
        mailbox_id: mbx,
        ..UserFilter::default()
    };
    assert_eq!(
        logins(app.core.all_users(&root, named("THOLO", None, None)).await),
        Ok(vec!["bulk007".into()])
    );
    let net_admin = caller(&app, "netadmin").await;
    let in_network = app.core.all_users(&net_admin, named("", Some(2), Some(0))).await.unwrap();
    assert_eq!(in_network.len(), count / 2 + 1, "network 2's bulk users and the admin itself");
    assert!(in_network.iter().all(|u| u.network_id == 2));
    let elsewhere = app.core.all_users(&net_admin, named("", Some(1), Some(100))).await;
    assert_eq!(logins(elsewhere), Err("AccessDenied"));
    let unnamed = app.core.all_users(&net_admin, named("bulk006", None, None)).await;
    assert_eq!(logins(unnamed), Ok(vec![]), "without a named scope, what it may read");
}
both!(all_users_come_in_one_answer_by_id_under_the_same_scope_rule);

/// The `user.status` events, newest first, as (actor, target, outcome), read by `reader`.
async fn status_events(app: &TestApp, reader: &Caller) -> Vec<(Option<i64>, Option<i64>, String)> {
    let filter = AuditFilter { action: Some(Action::UserStatus), limit: 50, ..AuditFilter::default() };
    let all = app.core.audit_trail(reader, filter).await.unwrap();
    all.into_iter()
        .map(|e| {
            (e.event.actor.map(|u| u.0), e.event.target.map(|u| u.0), e.event.outcome.as_str().to_string())
        })
        .collect()
}

async fn root_clears_lockouts_older_than_the_timeout_but_no_administrators_lock(app: TestApp) {
    let other_root = app.create_user_in("root2", PW, AuthLevel::Root, 1, 0).await;
    let tech_ops = app.create_user_in("techops", PW, AuthLevel::TechOps, 1, 0).await;
    app.create_user_in("netadmin", PW, AuthLevel::NetworkAdmin, 1, 0).await;
    app.create_user_in("regular", PW, AuthLevel::MailboxUser, 1, 100).await;
    let ids: Vec<i64> = {
        let mut ids = Vec::new();
        for login in ["early1", "early2", "late", "admin_locked"] {
            ids.push(app.create_user(login, PW, AuthLevel::MailboxUser).await);
        }
        ids
    };
    let (early1, early2, late, admin_locked) = (ids[0], ids[1], ids[2], ids[3]);
    let owner = app.caller(&app.root_token().await).await;
    let root2 = caller(&app, "root2").await;
    let techops = caller(&app, "techops").await;
    let net_admin = caller(&app, "netadmin").await;
    let regular = caller(&app, "regular").await;
    app.core.lock_user(&owner, UserId(admin_locked)).await.unwrap();
    app.lock_out("early1").await;
    app.lock_out("early2").await;
    app.lock_out("root").await;
    app.lock_out("root2").await;
    app.clock.advance(Duration::minutes(10));
    app.lock_out("late").await;
    app.clock.advance(Duration::minutes(2));
    let before = status_events(&app, &owner).await;

    // Refused: every level but Root, and a negative timeout; nothing changes.
    for (who, expected) in
        [(&techops, "AccessDenied"), (&net_admin, "AccessDenied"), (&regular, "NotAnAdmin")]
    {
        let e = app.core.reset_all_lockouts(who, Duration::minutes(10)).await.unwrap_err();
        assert_eq!(e.name(), expected, "{}", who.user.login);
    }
    let e = app.core.reset_all_lockouts(&root2, Duration::minutes(-1)).await.unwrap_err();
    assert_eq!(e.name(), "InvalidParameter");
    let locked: Vec<_> = logins(app.core.list_locked_out(&owner, None, None).await).unwrap();
    assert_eq!(locked, ["root", "root2", "early1", "early2", "late", "admin_locked"]);
    let refusals = status_events(&app, &owner).await;
    assert_eq!(refusals.len(), before.len() + 4, "each refusal is audited");
    assert_eq!(refusals[0], (Some(other_root), None, "InvalidParameter".into()));
    assert_eq!(refusals[3], (Some(tech_ops), None, "AccessDenied".into()));

    // Lockouts that began 12 minutes ago go; the one 2 minutes old, the administrator's lock,
    // the caller's own and the primary owner's stay.
    assert_eq!(app.core.reset_all_lockouts(&root2, Duration::minutes(10)).await.unwrap(), 2);
    let after = status_events(&app, &owner).await;
    let mut cleared = after[..2].to_vec();
    cleared.sort();
    let ok = |target| (Some(other_root), Some(target), "ok".to_string());
    assert_eq!(cleared, [ok(early1), ok(early2)]);
    assert_eq!(after.len(), refusals.len() + 2, "one event per user cleared");
    app.login("early1", PW).await;
    app.login("early2", PW).await;
    app.login_resp("late", PW).await.assert_error(403, "AccountLocked");
    app.login_resp("root", crate::support::ROOT_PASSWORD).await.assert_error(403, "AccountLocked");

    // With no timeout every failed-login lockout goes, still not the administrator's lock.
    assert_eq!(app.core.reset_all_lockouts(&owner, Duration::zero()).await.unwrap(), 2);
    app.login("late", PW).await;
    app.login("root2", PW).await;
    let locked: Vec<_> = logins(app.core.list_locked_out(&owner, None, None).await).unwrap();
    assert_eq!(locked, ["root", "admin_locked"], "the owner's own lockout and the admin lock stay");
    let user = app.core.get_user(&owner, UserId(late)).await.unwrap();
    assert_eq!((user.failed_logins, user.locked_until), (0, None));
    assert_eq!(app.core.reset_all_lockouts(&root2, Duration::zero()).await.unwrap(), 0);
    assert_eq!(status_events(&app, &owner).await[0], (Some(other_root), None, "ok".into()));
}
both!(root_clears_lockouts_older_than_the_timeout_but_no_administrators_lock);
