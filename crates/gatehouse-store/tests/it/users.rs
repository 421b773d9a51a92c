//! Users: insert, lookups, conflict, partial update, listing and visibility.

use chrono::Duration;
use gatehouse_core::profile::{CellCarrier, Profile, ProfileUpdate};
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::{AuthLevel, Login, Recovery, Status, UserChanges, UserFilter, UserId, Visibility};
use gatehouse_core::CoreError;

use crate::support::{add, add_user, new_user, t};

gatehouse_store::store_tests!(
    insert_then_read_by_id_and_login,
    duplicate_login_is_conflict_and_transaction_stays_usable,
    update_applies_only_given_fields,
    update_of_unknown_user_is_not_found,
    times_keep_microseconds,
    list_applies_every_filter_and_pages_by_id,
    list_shows_only_visible_users,
    users_by_email_ignores_case,
    profile_and_recovery_question_are_stored_and_changed_whole,
    a_rename_to_a_taken_or_lookalike_login_is_a_conflict,
);

fn insert_then_read_by_id_and_login(store: &dyn Store) {
    let mut new = new_user("Alice");
    new.network_id = 7;
    new.mailbox_id = 3;
    new.auth_level = AuthLevel::MailboxAdmin;
    new.status = Status::Preproduction;
    new.force_password_change = true;
    let user = add_user(store, new.clone());

    assert!(user.id.0 > 0);
    assert_eq!(user.login, "alice");
    assert_eq!(user.email, "alice@example.com");
    assert_eq!((user.first_name.as_str(), user.last_name.as_str()), ("Ada", "Lovelace"));
    assert_eq!((user.network_id, user.mailbox_id), (7, 3));
    assert_eq!(user.auth_level, AuthLevel::MailboxAdmin);
    assert_eq!(user.status, Status::Preproduction);
    assert_eq!((user.created, user.modified), (t(0), t(0)));
    assert_eq!((user.last_login, user.locked_until), (None, None));
    assert!(user.force_password_change);
    assert_eq!(user.failed_logins, 0);
    assert!(!user.is_bot && !user.is_primary_owner);

    let mut bot = new_user("robot");
    bot.password_hash = None;
    bot.is_bot = true;
    let bot = add_user(store, bot);

    store
        .read(|tx| {
            assert_eq!(tx.user(user.id)?, Some(user.clone()));
            assert_eq!(tx.user(UserId(9_999))?, None);
            assert_eq!(tx.user_by_login(&Login::parse("ALICE").unwrap())?, Some(user.clone()));
            assert_eq!(tx.user_by_login(&Login::parse("nobody").unwrap())?, None);
            let alice = Login::parse("Alice").unwrap();
            assert_eq!(tx.user_by_login_with_hash(&alice)?, Some((user.clone(), new.password_hash.clone())));
            assert_eq!(
                tx.user_by_login_with_hash(&Login::parse("robot").unwrap())?,
                Some((bot.clone(), None))
            );
            assert_eq!(tx.user_by_login_with_hash(&Login::parse("nobody").unwrap())?, None);
            assert_eq!(tx.password_hash(user.id)?, new.password_hash.clone());
            assert_eq!(tx.password_hash(bot.id)?, None);
            assert_eq!(tx.password_hash(UserId(9_999))?, None);
            assert_eq!(tx.count_users()?, 2);
            Ok(())
        })
        .unwrap();
    let locked = store.write(|tx| tx.user_for_update(user.id)).unwrap();
    assert_eq!(locked, Some(user));
    assert_eq!(store.write(|tx| tx.user_for_update(UserId(9_999))).unwrap(), None);
}

fn duplicate_login_is_conflict_and_transaction_stays_usable(store: &dyn Store) {
    add(store, "alice");
    let err = store.write(|tx| tx.insert_user(&new_user("ALICE"))).unwrap_err();
    assert!(matches!(&err, CoreError::Conflict(m) if m == "login already taken"), "{err:?}");

    // The conflict is reported inside the transaction, which can go on (PostgreSQL savepoint).
    let bob = store
        .write(|tx| {
            let again = tx.insert_user(&new_user("Alice"));
            assert!(matches!(again, Err(CoreError::Conflict(_))));
            tx.insert_user(&new_user("bob"))
        })
        .unwrap();
    assert_eq!(store.read(|tx| tx.count_users()).unwrap(), 2);
    assert_eq!(store.read(|tx| tx.user(bob.id)).unwrap().map(|u| u.login), Some("bob".into()));
}

fn update_applies_only_given_fields(store: &dyn Store) {
    let user = add(store, "carol");
    let changes = UserChanges {
        email: Some("carol@new.example".into()),
        modified: Some(t(5)),
        ..UserChanges::default()
    };
    let updated = store.write(|tx| tx.update_user(user.id, &changes)).unwrap();
    let mut expected = user.clone();
    expected.email = "carol@new.example".into();
    expected.modified = t(5);
    assert_eq!(updated, expected);
    assert_eq!(store.read(|tx| tx.user(user.id)).unwrap(), Some(expected.clone()));

    let changes = UserChanges {
        first_name: Some("Caroline".into()),
        last_name: Some("Herschel".into()),
        auth_level: Some(AuthLevel::NetworkAdmin),
        status: Some(Status::Suspended),
        password_hash: Some("$argon2id$new".into()),
        force_password_change: Some(true),
        failed_logins: Some(5),
        locked_until: Some(Some(t(20))),
        last_login: Some(t(6)),
        modified: Some(t(6)),
        ..UserChanges::default()
    };
    let updated = store.write(|tx| tx.update_user(user.id, &changes)).unwrap();
    expected.first_name = "Caroline".into();
    expected.last_name = "Herschel".into();
    expected.auth_level = AuthLevel::NetworkAdmin;
    expected.status = Status::Suspended;
    expected.force_password_change = true;
    expected.failed_logins = 5;
    expected.locked_until = Some(t(20));
    expected.last_login = Some(t(6));
    expected.modified = t(6);
    assert_eq!(updated, expected);
    let hash = store.read(|tx| tx.password_hash(user.id)).unwrap();
    assert_eq!(hash.as_deref(), Some("$argon2id$new"));

    // `Some(None)` clears the lock; `None` keeps everything else.
    let clear = UserChanges { locked_until: Some(None), failed_logins: Some(0), ..UserChanges::default() };
    let updated = store.write(|tx| tx.update_user(user.id, &clear)).unwrap();
    expected.locked_until = None;
    expected.failed_logins = 0;
    assert_eq!(updated, expected);

    // No changes at all: the stored user, unchanged.
    let same = store.write(|tx| tx.update_user(user.id, &UserChanges::default())).unwrap();
    assert_eq!(same, expected);
}

fn update_of_unknown_user_is_not_found(store: &dyn Store) {
    let changes = UserChanges { email: Some("x@example.com".into()), ..UserChanges::default() };
    let err = store.write(|tx| tx.update_user(UserId(4_242), &changes)).unwrap_err();
    assert!(matches!(err, CoreError::NotFound), "{err:?}");
    let err = store.write(|tx| tx.update_user(UserId(4_242), &UserChanges::default())).unwrap_err();
    assert!(matches!(err, CoreError::NotFound), "{err:?}");
}

fn times_keep_microseconds(store: &dyn Store) {
    let mut new = new_user("dora");
    new.now = t(0) + Duration::nanoseconds(123_456_789);
    let user = add_user(store, new);
    let expected = t(0) + Duration::microseconds(123_456);
    assert_eq!(user.created, expected);
    assert_eq!(store.read(|tx| tx.user(user.id)).unwrap().map(|u| u.modified), Some(expected));
}

/// Sees every level everywhere, like Root.
fn everyone() -> Visibility {
    Visibility { levels: AuthLevel::ALL.to_vec(), ..Visibility::default() }
}

fn logins(store: &dyn Store, filter: UserFilter) -> Vec<String> {
    let users = store.read(|tx| tx.list_users(&filter)).unwrap();
    let ids: Vec<i64> = users.iter().map(|u| u.id.0).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "ordered by id");
    users.into_iter().map(|u| u.login).collect()
}

fn list_applies_every_filter_and_pages_by_id(store: &dyn Store) {
    let specs = [
        ("net1_admin", 1, 0, AuthLevel::NetworkAdmin, Status::Active),
        ("net1_user", 1, 0, AuthLevel::NetworkUser, Status::Active),
        ("net1_mb5", 1, 5, AuthLevel::MailboxUser, Status::Suspended),
        ("net2_user", 2, 0, AuthLevel::NetworkUser, Status::Active),
        ("net2_mb5", 2, 5, AuthLevel::MailboxUser, Status::Active),
        ("under_score", 3, 0, AuthLevel::General, Status::Development),
        ("underxscore", 3, 0, AuthLevel::General, Status::Development),
    ];
    for (login, network, mailbox, level, status) in specs {
        let mut new = new_user(login);
        (new.network_id, new.mailbox_id, new.auth_level, new.status) = (network, mailbox, level, status);
        add_user(store, new);
    }
    let all = UserFilter { visible: everyone(), limit: 100, ..UserFilter::default() };
    let cases: Vec<(UserFilter, Vec<&str>)> = vec![
        (all.clone(), specs.iter().map(|s| s.0).collect()),
        (UserFilter { network_id: Some(1), ..all.clone() }, vec!["net1_admin", "net1_user", "net1_mb5"]),
        (UserFilter { mailbox_id: Some(5), ..all.clone() }, vec!["net1_mb5", "net2_mb5"]),
        (UserFilter { network_id: Some(2), mailbox_id: Some(5), ..all.clone() }, vec!["net2_mb5"]),
        (
            UserFilter { auth_level: Some(AuthLevel::NetworkUser), ..all.clone() },
            vec!["net1_user", "net2_user"],
        ),
        (UserFilter { status: Some(Status::Suspended), ..all.clone() }, vec!["net1_mb5"]),
        // Substring, case-insensitive; `_` is a literal, not a wildcard.
        (UserFilter { login: Some("MB5".into()), ..all.clone() }, vec!["net1_mb5", "net2_mb5"]),
        (UserFilter { login: Some("r_s".into()), ..all.clone() }, vec!["under_score"]),
        (UserFilter { login: Some("%".into()), ..all.clone() }, vec![]),
        (UserFilter { offset: 2, limit: 3, ..all.clone() }, vec!["net1_mb5", "net2_user", "net2_mb5"]),
        (UserFilter { offset: 6, limit: 3, ..all.clone() }, vec!["underxscore"]),
        (UserFilter { limit: 0, ..all.clone() }, vec![]),
    ];
    for (filter, want) in cases {
        assert_eq!(logins(store, filter.clone()), want, "{filter:?}");
    }
}

fn list_shows_only_visible_users(store: &dyn Store) {
    let specs = [
        ("owner", 1, 0, AuthLevel::Root, true),
        ("admin", 1, 0, AuthLevel::NetworkAdmin, false),
        ("n1_user", 1, 0, AuthLevel::NetworkUser, false),
        ("n1_mb_admin", 1, 5, AuthLevel::MailboxAdmin, false),
        ("n1_mb_user", 1, 5, AuthLevel::MailboxUser, false),
        ("n1_other_mb", 1, 6, AuthLevel::MailboxUser, false),
        ("n2_user", 2, 0, AuthLevel::NetworkUser, false),
        ("n2_root", 2, 0, AuthLevel::Root, false),
    ];
    let mut ids = std::collections::HashMap::new();
    for (login, network, mailbox, level, owner) in specs {
        let mut new = new_user(login);
        (new.network_id, new.mailbox_id, new.auth_level, new.is_primary_owner) =
            (network, mailbox, level, owner);
        ids.insert(login, add_user(store, new).id);
    }
    let below_network_admin = vec![
        AuthLevel::NetworkUser,
        AuthLevel::MailboxAdmin,
        AuthLevel::MailboxUser,
        AuthLevel::TPUser,
        AuthLevel::General,
    ];
    let cases: Vec<(Visibility, Vec<&str>)> = vec![
        // Everyone except the primary owner.
        (
            everyone(),
            vec!["admin", "n1_user", "n1_mb_admin", "n1_mb_user", "n1_other_mb", "n2_user", "n2_root"],
        ),
        // The primary owner sees itself.
        (Visibility { itself: Some(ids["owner"]), ..everyone() }, specs.iter().map(|s| s.0).collect()),
        // A network admin: itself plus lower levels of its network.
        (
            Visibility {
                itself: Some(ids["admin"]),
                network_id: Some(1),
                mailbox_id: None,
                levels: below_network_admin.clone(),
                unattributed: false,
            },
            vec!["admin", "n1_user", "n1_mb_admin", "n1_mb_user", "n1_other_mb"],
        ),
        // A mailbox admin: itself plus lower levels of its network and mailbox.
        (
            Visibility {
                itself: Some(ids["n1_mb_admin"]),
                network_id: Some(1),
                mailbox_id: Some(5),
                levels: vec![AuthLevel::MailboxUser, AuthLevel::TPUser, AuthLevel::General],
                unattributed: false,
            },
            vec!["n1_mb_admin", "n1_mb_user"],
        ),
        // No levels: only itself.
        (
            Visibility { itself: Some(ids["n2_user"]), network_id: Some(2), ..Visibility::default() },
            vec!["n2_user"],
        ),
        // Nobody at all.
        (Visibility::default(), vec![]),
    ];
    for (visible, want) in cases {
        let filter = UserFilter { visible: visible.clone(), limit: 100, ..UserFilter::default() };
        assert_eq!(logins(store, filter), want, "{visible:?}");
    }
    // Filters narrow the visible set, never widen it.
    let filter = UserFilter {
        visible: Visibility {
            itself: Some(ids["admin"]),
            network_id: Some(1),
            levels: below_network_admin,
            ..Visibility::default()
        },
        mailbox_id: Some(5),
        limit: 100,
        ..UserFilter::default()
    };
    assert_eq!(logins(store, filter), vec!["n1_mb_admin", "n1_mb_user"]);
}

fn users_by_email_ignores_case(store: &dyn Store) {
    let mut first = new_user("eve1");
    first.email = gatehouse_core::user::Email::parse("Eve@Example.com").unwrap();
    let first = add_user(store, first);
    let mut second = new_user("eve2");
    second.email = gatehouse_core::user::Email::parse("eve@example.COM").unwrap();
    let second = add_user(store, second);
    add(store, "frank");

    let found = store.read(|tx| tx.users_by_email("EVE@EXAMPLE.COM")).unwrap();
    assert_eq!(found, vec![first, second]);
    assert!(store.read(|tx| tx.users_by_email("eve@example.org")).unwrap().is_empty());
    assert!(store.read(|tx| tx.users_by_email("eve@example.co")).unwrap().is_empty());
}

fn profile_and_recovery_question_are_stored_and_changed_whole(store: &dyn Store) {
    let profile = ProfileUpdate {
        middle_name: Some("Byron".into()),
        company: Some("Analytical Engines & Co".into()),
        address: Some("12 St James's Square\nLondon".into()),
        cell_carrier: Some(Some(CellCarrier::TMobile)),
        time_zone_offset: Some(Some(60)),
        time_zone: Some("W. Europe Standard Time".into()),
        locale: Some("en-GB".into()),
        ..ProfileUpdate::default()
    }
    .apply(&Profile::default())
    .unwrap();
    let mut new = new_user("ada");
    new.profile = profile.clone();
    new.recovery = Some(Recovery { question: "First engine?".into(), answer_hash: "$argon2id$x".into() });
    let user = add_user(store, new);
    assert_eq!(user.profile, profile);
    assert_eq!(user.recovery_question.as_deref(), Some("First engine?"));
    assert_eq!(store.read(|tx| tx.user(user.id)).unwrap().unwrap(), user);

    let changes = UserChanges {
        profile: Some(Profile { company: None, ..profile.clone() }),
        recovery: Some(None),
        ..UserChanges::default()
    };
    let changed = store.write(|tx| tx.update_user(user.id, &changes)).unwrap();
    assert_eq!(changed.profile.company, None);
    assert_eq!(changed.profile.middle_name.as_deref(), Some("Byron"));
    assert_eq!(changed.recovery_question, None);
    let cleared = UserChanges { profile: Some(Profile::default()), ..UserChanges::default() };
    let cleared = store.write(|tx| tx.update_user(user.id, &cleared)).unwrap();
    assert_eq!(cleared.profile, Profile::default());
    assert_eq!(store.read(|tx| tx.user(user.id)).unwrap().unwrap().profile, Profile::default());
}

fn a_rename_to_a_taken_or_lookalike_login_is_a_conflict(store: &dyn Store) {
    add(store, "admin");
    let dave = add(store, "dave");
    let rename =
        |login: &str| UserChanges { login: Some(Login::parse(login).unwrap()), ..UserChanges::default() };
    let taken = store.write(|tx| tx.update_user(dave.id, &rename("ADMIN"))).unwrap_err();
    assert!(matches!(&taken, CoreError::Conflict(m) if m == "login already taken"), "{taken:?}");
    let lookalike = store.write(|tx| tx.update_user(dave.id, &rename("\u{0430}dmin"))).unwrap_err();
    assert!(matches!(&lookalike, CoreError::Conflict(m) if m.contains("looks like")), "{lookalike:?}");
    // The conflict leaves the transaction usable, and a free name is taken with its skeleton.
    let renamed = store
        .write(|tx| {
            assert!(tx.update_user(dave.id, &rename("admin")).is_err());
            tx.update_user(dave.id, &rename("David"))
        })
        .unwrap();
    assert_eq!(renamed.login, "david");
    let again = store.write(|tx| tx.insert_user(&new_user("dav\u{0456}d"))).unwrap_err();
    assert!(matches!(again, CoreError::Conflict(_)), "the new name's skeleton is stored");
    assert!(store.write(|tx| tx.insert_user(&new_user("dave"))).is_ok(), "the old name is free again");
}
