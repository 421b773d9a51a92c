//! Sessions: insert, lookups, touch, revoke one, revoke by scope, live listing.

use std::time::Instant;

use gatehouse_core::session::{ClientKind, ResetScope, SessionId};
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::UserId;

use crate::support::{add, add_session, new_session, t};

gatehouse_store::store_tests!(
    insert_then_read_by_id_and_secret,
    touch_sets_only_last_seen,
    revoke_one_reports_whether_it_was_live,
    revoke_by_scope_and_keep,
    revoking_ten_thousand_sessions_is_one_statement,
    live_sessions_and_count_skip_revoked_and_expired,
);

fn insert_then_read_by_id_and_secret(store: &dyn Store) {
    let user = add(store, "alice");
    let mut new = new_session(user.id, ClientKind::Mobile, 0);
    new.secret_hash = Some("ab".repeat(32));
    add_session(store, new.clone());
    let mut bare = new_session(user.id, ClientKind::Web, 1);
    (bare.session.ip, bare.session.user_agent) = (None, None);
    add_session(store, bare.clone());

    store
        .read(|tx| {
            assert_eq!(tx.session(&new.session.id)?, Some(new.session.clone()));
            assert_eq!(tx.session(&bare.session.id)?, Some(bare.session.clone()));
            assert_eq!(tx.session(&SessionId::generate())?, None);
            assert_eq!(tx.session_by_secret(&"ab".repeat(32))?, Some(new.session.clone()));
            assert_eq!(tx.session_by_secret(&"cd".repeat(32))?, None);
            Ok(())
        })
        .unwrap();
}

fn touch_sets_only_last_seen(store: &dyn Store) {
    let user = add(store, "alice");
    let new = new_session(user.id, ClientKind::Desktop, 0);
    let id = add_session(store, new.clone());
    store.write(|tx| tx.touch_session(&id, t(3))).unwrap();
    let mut expected = new.session;
    expected.last_seen = t(3);
    assert_eq!(store.read(|tx| tx.session(&id)).unwrap(), Some(expected));
}

fn revoke_one_reports_whether_it_was_live(store: &dyn Store) {
    let user = add(store, "alice");
    let id = add_session(store, new_session(user.id, ClientKind::Web, 0));
    let other = add_session(store, new_session(user.id, ClientKind::Web, 0));
    assert!(store.write(|tx| tx.revoke_session(&id, t(5))).unwrap());
    assert!(!store.write(|tx| tx.revoke_session(&id, t(6))).unwrap());
    assert!(!store.write(|tx| tx.revoke_session(&SessionId::generate(), t(6))).unwrap());
    let revoked = store.read(|tx| tx.session(&id)).unwrap().unwrap();
    assert_eq!(revoked.revoked_at, Some(t(5)), "a second revoke keeps the first time");
    assert_eq!(store.read(|tx| tx.session(&other)).unwrap().unwrap().revoked_at, None);
}

/// Revoked-at of `ids`, in order.
fn revoked(store: &dyn Store, ids: &[SessionId]) -> Vec<bool> {
    store.read(|tx| ids.iter().map(|id| Ok(tx.session(id)?.unwrap().revoked_at.is_some())).collect()).unwrap()
}

fn revoke_by_scope_and_keep(store: &dyn Store) {
    use ClientKind::{Api, Desktop, Mobile, Web};
    let cases: Vec<(ResetScope, bool, u64, [bool; 4])> = vec![
        // (scope, keep the web session, revoked count, [web, mobile, desktop, api] revoked)
        (ResetScope::All, false, 4, [true, true, true, true]),
        (ResetScope::All, true, 3, [false, true, true, true]),
        (ResetScope::Kinds(vec![Mobile]), false, 1, [false, true, false, false]),
        (ResetScope::Kinds(vec![Web]), false, 1, [true, false, false, false]),
        (ResetScope::Kinds(vec![Web]), true, 0, [false, false, false, false]),
        (ResetScope::Kinds(vec![Mobile, Web]), false, 2, [true, true, false, false]),
        (ResetScope::Kinds(vec![Mobile, Web]), true, 1, [false, true, false, false]),
        (ResetScope::Kinds(vec![]), false, 0, [false, false, false, false]),
    ];
    let bystander = add(store, "bystander");
    let bystander_session = add_session(store, new_session(bystander.id, Web, 0));
    for (n, (scope, keep, count, want)) in cases.into_iter().enumerate() {
        let user = add(store, &format!("user{n}"));
        let ids: Vec<SessionId> = [Web, Mobile, Desktop, Api]
            .into_iter()
            .map(|kind| add_session(store, new_session(user.id, kind, 0)))
            .collect();
        // An earlier revocation is neither counted nor overwritten.
        let old = add_session(store, new_session(user.id, Mobile, 0));
        store.write(|tx| tx.revoke_session(&old, t(1))).unwrap();

        let keep = keep.then(|| ids[0].clone());
        let n = store.write(|tx| tx.revoke_sessions(user.id, &scope, keep.as_ref(), t(9))).unwrap();
        assert_eq!(n, count, "{scope:?} keep={keep:?}");
        assert_eq!(revoked(store, &ids), want, "{scope:?} keep={keep:?}");
        let old = store.read(|tx| tx.session(&old)).unwrap().unwrap();
        assert_eq!(old.revoked_at, Some(t(1)));
        for (id, _) in ids.iter().zip(want).filter(|(_, revoked)| *revoked) {
            let s = store.read(|tx| tx.session(id)).unwrap().unwrap();
            assert_eq!(s.revoked_at, Some(t(9)));
        }
    }
    assert_eq!(revoked(store, &[bystander_session]), vec![false]);
}

fn revoking_ten_thousand_sessions_is_one_statement(store: &dyn Store) {
    const N: usize = 10_000;
    let user = add(store, "busy");
    let other = add(store, "other");
    let sessions: Vec<_> = (0..N).map(|i| new_session(user.id, ClientKind::Web, (i % 600) as i64)).collect();
    let started = Instant::now();
    store
        .write(|tx| {
            for s in &sessions {
                tx.insert_session(s)?;
            }
            tx.insert_session(&new_session(other.id, ClientKind::Web, 0))
        })
        .unwrap();
    let insert_time = started.elapsed();

    let started = Instant::now();
    let n = store.write(|tx| tx.revoke_sessions(user.id, &ResetScope::All, None, t(700))).unwrap();
    let revoke_time = started.elapsed();
    assert_eq!(n, N as u64);
    // One UPDATE: far cheaper than the N statements that inserted them.
    assert!(
        revoke_time * 4 < insert_time,
        "revoking {N} sessions took {revoke_time:?}, inserting them {insert_time:?}"
    );
    assert!(store.read(|tx| tx.live_sessions(user.id, t(700))).unwrap().is_empty());
    assert_eq!(store.read(|tx| tx.live_sessions(other.id, t(700))).unwrap().len(), 1);
}

fn live_sessions_and_count_skip_revoked_and_expired(store: &dyn Store) {
    let alice = add(store, "alice");
    let bob = add(store, "bob");
    let second = add_session(store, new_session(alice.id, ClientKind::Web, 10));
    let first = add_session(store, new_session(alice.id, ClientKind::Mobile, 5));
    let revoked = add_session(store, new_session(alice.id, ClientKind::Web, 1));
    store.write(|tx| tx.revoke_session(&revoked, t(2))).unwrap();
    let mut expiring = new_session(alice.id, ClientKind::Api, 0);
    expiring.session.expires_at = t(30);
    add_session(store, expiring);
    add_session(store, new_session(bob.id, ClientKind::Desktop, 0));

    let ids = |user: UserId, now| -> Vec<SessionId> {
        let live = store.read(|tx| tx.live_sessions(user, now)).unwrap();
        live.into_iter().map(|s| s.id).collect()
    };
    assert_eq!(ids(alice.id, t(20)).len(), 3);
    assert_eq!(
        ids(alice.id, t(30)),
        vec![first.clone(), second.clone()],
        "expiry is exclusive, oldest first"
    );
    assert_eq!(ids(alice.id, t(15 * 60)), Vec::<SessionId>::new());
    assert_eq!(store.read(|tx| tx.count_live_sessions(t(20))).unwrap(), 4);
    assert_eq!(store.read(|tx| tx.count_live_sessions(t(30))).unwrap(), 3);
    assert_eq!(store.read(|tx| tx.count_live_sessions(t(24 * 60))).unwrap(), 0);
}

gatehouse_store::store_tests!(session_of_unknown_user_is_refused);

/// Foreign keys are enforced on both backends (SQLite: `foreign_keys = ON` per connection).
fn session_of_unknown_user_is_refused(store: &dyn Store) {
    let err =
        store.write(|tx| tx.insert_session(&new_session(UserId(31_337), ClientKind::Web, 0))).unwrap_err();
    assert!(matches!(err, gatehouse_core::CoreError::Internal(_)), "{err:?}");
}
