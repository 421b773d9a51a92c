//! Audit: append, and read newest first with every filter and visibility.

use gatehouse_core::audit::{Action, AuditFilter, Change, Detail, FrontEnd, NewAuditEvent, Outcome, Value};
use gatehouse_core::session::SessionId;
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::{AuthLevel, UserId, Visibility};

use crate::support::{add, add_user, new_user, t};

gatehouse_store::store_tests!(
    events_round_trip_newest_first_with_filters,
    visibility_follows_the_subject,
    detail_and_session_round_trip
);

fn event(minute: i64, actor: Option<UserId>, target: Option<UserId>, action: Action) -> NewAuditEvent {
    NewAuditEvent {
        at: t(minute),
        actor,
        target,
        action,
        front_end: FrontEnd::Soap11,
        outcome: Outcome::Ok,
        ip: Some("198.51.100.4".into()),
        session: None,
        detail: Detail::default(),
    }
}

fn insert_all(store: &dyn Store, events: &[NewAuditEvent]) {
    store.write(|tx| events.iter().try_for_each(|e| tx.insert_audit(e))).unwrap();
}

fn listed(store: &dyn Store, filter: AuditFilter) -> Vec<NewAuditEvent> {
    let events = store.read(|tx| tx.list_audit(&filter)).unwrap();
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    events.into_iter().map(|e| e.event).collect()
}

fn events_round_trip_newest_first_with_filters(store: &dyn Store) {
    let (a, b) = (UserId(1), UserId(2)); // audit rows need no users (no foreign keys)
    let mut failed_login = event(0, None, None, Action::Login);
    (failed_login.outcome, failed_login.ip, failed_login.front_end) =
        (Outcome::InvalidCredentials, None, FrontEnd::HttpPost);
    let all = vec![
        failed_login,
        event(1, Some(a), Some(a), Action::Login),
        event(2, Some(a), Some(b), Action::SessionReset),
        event(3, Some(b), Some(b), Action::PasswordChange),
        event(4, Some(a), Some(b), Action::PasswordForceChange),
    ];
    insert_all(store, &all);
    let rev = |idx: &[usize]| idx.iter().map(|&i| all[i].clone()).collect::<Vec<_>>();
    let every = AuditFilter { limit: 100, ..AuditFilter::default() };

    let stored = store.read(|tx| tx.list_audit(&every)).unwrap();
    assert_eq!(stored.len(), 5);
    let id_of_third = stored[2].id; // the event at index 2 (minute 2)

    let cases: Vec<(AuditFilter, Vec<NewAuditEvent>)> = vec![
        (every.clone(), rev(&[4, 3, 2, 1, 0])),
        (AuditFilter { user: Some(a), ..every.clone() }, rev(&[4, 2, 1])),
        (AuditFilter { user: Some(b), ..every.clone() }, rev(&[4, 3, 2])),
        (AuditFilter { action: Some(Action::Login), ..every.clone() }, rev(&[1, 0])),
        (AuditFilter { before: Some(id_of_third), ..every.clone() }, rev(&[1, 0])),
        (AuditFilter { limit: 2, ..every.clone() }, rev(&[4, 3])),
        (AuditFilter { limit: 0, ..every.clone() }, vec![]),
        (AuditFilter { actor: Some(a), ..every.clone() }, rev(&[4, 2, 1])),
        (AuditFilter { actor: Some(b), ..every.clone() }, rev(&[3])),
        (AuditFilter { outcome: Some(Outcome::InvalidCredentials), ..every.clone() }, rev(&[0])),
        (AuditFilter { outcome: Some(Outcome::Ok), ..every.clone() }, rev(&[4, 3, 2, 1])),
        (AuditFilter { front_end: Some(FrontEnd::HttpPost), ..every.clone() }, rev(&[0])),
        (AuditFilter { front_end: Some(FrontEnd::Rest), ..every.clone() }, vec![]),
        (AuditFilter { since: Some(t(2)), ..every.clone() }, rev(&[4, 3, 2])),
        (AuditFilter { until: Some(t(2)), ..every.clone() }, rev(&[1, 0])),
        (AuditFilter { since: Some(t(1)), until: Some(t(4)), ..every.clone() }, rev(&[3, 2, 1])),
        (
            AuditFilter {
                user: Some(b),
                action: Some(Action::SessionReset),
                before: Some(id_of_third + 1),
                ..every.clone()
            },
            rev(&[2]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(listed(store, filter.clone()), want, "{filter:?}");
    }
}

fn visibility_follows_the_subject(store: &dyn Store) {
    let mut owner = new_user("owner");
    (owner.auth_level, owner.is_primary_owner) = (AuthLevel::Root, true);
    let owner = add_user(store, owner);
    let mut admin = new_user("admin");
    admin.auth_level = AuthLevel::NetworkAdmin;
    let admin = add_user(store, admin);
    let local = add(store, "local"); // network 1, NetworkUser
    let mut remote = new_user("remote");
    remote.network_id = 2;
    let remote = add_user(store, remote);

    let events = vec![
        event(0, Some(owner.id), Some(local.id), Action::SessionReset), // about local
        event(1, Some(remote.id), Some(remote.id), Action::Login),      // about remote
        event(2, Some(local.id), None, Action::Logout),                 // no target: about local
        event(3, None, None, Action::Login),                            // about nobody
        event(4, Some(admin.id), Some(owner.id), Action::UserUpdate),   // about the owner
        event(5, Some(local.id), Some(admin.id), Action::UserUpdate),   // about admin
        event(6, Some(admin.id), Some(UserId(999)), Action::UserUpdate), // about a deleted user
    ];
    insert_all(store, &events);
    let pick = |idx: &[usize]| idx.iter().map(|&i| events[i].clone()).collect::<Vec<_>>();
    let network_admin = Visibility {
        itself: Some(admin.id),
        network_id: Some(1),
        mailbox_id: None,
        levels: vec![AuthLevel::NetworkUser, AuthLevel::MailboxUser, AuthLevel::General],
        unattributed: false,
    };
    let cases: Vec<(Option<Visibility>, Vec<NewAuditEvent>)> = vec![
        (None, pick(&[6, 5, 4, 3, 2, 1, 0])),
        (Some(network_admin.clone()), pick(&[5, 2, 0])),
        (Some(Visibility { levels: AuthLevel::ALL.to_vec(), ..Visibility::default() }), pick(&[5, 2, 1, 0])),
        (
            Some(Visibility {
                itself: Some(owner.id),
                levels: AuthLevel::ALL.to_vec(),
                ..Visibility::default()
            }),
            pick(&[5, 4, 2, 1, 0]),
        ),
        (Some(Visibility { itself: Some(remote.id), ..Visibility::default() }), pick(&[1])),
        (Some(Visibility::default()), vec![]),
    ];
    for (visible, want) in cases {
        let filter = AuditFilter { visible: visible.clone(), limit: 100, ..AuditFilter::default() };
        assert_eq!(listed(store, filter), want, "{visible:?}");
    }
    // Visibility combines with the other filters.
    let filter = AuditFilter {
        visible: Some(network_admin),
        user: Some(local.id),
        action: Some(Action::Logout),
        limit: 100,
        ..AuditFilter::default()
    };
    assert_eq!(listed(store, filter), pick(&[2]));
}

/// The session and the detail come back as written; a JSON object has no key order, so the
/// detail is written here in name order.
fn detail_and_session_round_trip(store: &dyn Store) {
    let mut reset = event(0, Some(UserId(1)), Some(UserId(2)), Action::UserUpdate);
    reset.session = Some(SessionId("5f0c1b1e-0000-4000-8000-000000000001".into()));
    reset.detail = Detail(vec![
        (
            "changes".into(),
            Value::Changes(vec![
                Change { field: "email".into(), values: Some(("a@x.org".into(), "b@x.org".into())) },
                Change {
                    field: "lockedUntil".into(),
                    values: Some(("2026-11-23T10:00:00Z".into(), Value::Null)),
                },
                Change { field: "maxSessions".into(), values: Some((Value::Null, 3i64.into())) },
                Change { field: "password".into(), values: None },
            ]),
        ),
        ("lockoutCleared".into(), true.into()),
        ("scope".into(), "mobile+web".into()),
    ]);
    let plain = event(1, None, None, Action::Login);
    insert_all(store, &[reset.clone(), plain.clone()]);
    let every = AuditFilter { limit: 100, ..AuditFilter::default() };
    assert_eq!(listed(store, every), vec![plain, reset]);
}
