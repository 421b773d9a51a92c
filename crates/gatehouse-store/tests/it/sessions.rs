//! Sessions: insert, lookups, touch, revoke one, revoke by scope, live listing.

use gatehouse_core::session::{ClientKind, ResetScope, SessionId};
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::UserId;

use crate::support::{add, add_session, new_session, t};

gatehouse_store::store_tests!(
    insert_then_read_by_id_and_secret,
    many_sessions_with_owners_in_one_query,
    touch_sets_only_last_seen,
    revoke_one_reports_whether_it_was_live,
    revoke_by_scope_and_keep,
    a_session_opened_after_a_reset_is_live,
    revoking_ten_thousand_sessions_rewrites_none_of_them,
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
            let by_secret = tx.sessions_with_users_by_secret(&["cd".repeat(32), "ab".repeat(32)])?;
            assert_eq!(by_secret, vec![("ab".repeat(32), new.session.clone(), user.clone())]);
            assert_eq!(tx.session_with_user(&bare.session.id)?, Some((bare.session.clone(), user.clone())));
            assert_eq!(tx.session_with_user(&SessionId::generate())?, None);
            Ok(())
        })
        .unwrap();
}

fn many_sessions_with_owners_in_one_query(store: &dyn Store) {
    let (alice, bob) = (add(store, "alice"), add(store, "bob"));
    let sessions: Vec<_> = [(alice.id, 0), (bob.id, 1), (alice.id, 2)]
        .into_iter()
        .map(|(owner, n)| {
            let mut new = new_session(owner, ClientKind::Web, n);
            new.secret_hash = Some(format!("{n:064}"));
            add_session(store, new.clone());
            new
        })
        .collect();
    let owner_of = |id| if id == alice.id { alice.clone() } else { bob.clone() };

    let mut ids: Vec<_> = sessions.iter().map(|n| n.session.id.clone()).collect();
    ids.push(SessionId::generate());
    let mut found = store.read(|tx| tx.sessions_with_users(&ids)).unwrap();
    found.sort_by_key(|(s, _)| s.created);
    let expected: Vec<_> =
        sessions.iter().map(|n| (n.session.clone(), owner_of(n.session.user_id))).collect();
    assert_eq!(found, expected, "every known id once, with its own owner; the unknown one left out");

    let secrets = vec![format!("{:064}", 2), format!("{:064}", 9), format!("{:064}", 1)];
    let mut found = store.read(|tx| tx.sessions_with_users_by_secret(&secrets)).unwrap();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let expected: Vec<_> = [&sessions[1], &sessions[2]]
        .into_iter()
        .map(|n| (n.secret_hash.clone().unwrap(), n.session.clone(), owner_of(n.session.user_id)))
        .collect();
    assert_eq!(found, expected);
    assert!(store.read(|tx| tx.sessions_with_users(&[])).unwrap().is_empty());
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

/// Whether each of `ids` is revoked, judged against its owner as stored now.
fn revoked(store: &dyn Store, ids: &[SessionId]) -> Vec<bool> {
    store
        .read(|tx| {
            ids.iter()
                .map(|id| {
                    let (session, owner) = tx.session_with_user(id)?.unwrap();
                    Ok(session.is_revoked(&owner.session_epochs))
                })
                .collect()
        })
        .unwrap()
}

/// Ids of `user`'s live sessions at `now`, judged against the user as stored now.
fn live_ids(store: &dyn Store, user: UserId, now: chrono::DateTime<chrono::Utc>) -> Vec<SessionId> {
    store.read(|tx| Ok(tx.live_sessions(user, now)?.into_iter().map(|s| s.id).collect())).unwrap()
}

fn revoke_by_scope_and_keep(store: &dyn Store) {
    use ClientKind::{Api, Desktop, Mobile, Web};
    let cases: Vec<(ResetScope, bool, [bool; 4])> = vec![
        // (scope, keep the web session, [web, mobile, desktop, api] revoked)
        (ResetScope::All, false, [true, true, true, true]),
        (ResetScope::All, true, [false, true, true, true]),
        (ResetScope::Kinds(vec![Mobile]), false, [false, true, false, false]),
        (ResetScope::Kinds(vec![Web]), false, [true, false, false, false]),
        (ResetScope::Kinds(vec![Web]), true, [false, false, false, false]),
        (ResetScope::Kinds(vec![Mobile, Web]), false, [true, true, false, false]),
        (ResetScope::Kinds(vec![Mobile, Web]), true, [false, true, false, false]),
        (ResetScope::Kinds(vec![]), false, [false, false, false, false]),
    ];
    let bystander = add(store, "bystander");
    let bystander_session = add_session(store, new_session(bystander.id, Web, 0));
    for (n, (scope, keep, want)) in cases.into_iter().enumerate() {
        let user = add(store, &format!("user{n}"));
        let ids: Vec<SessionId> = [Web, Mobile, Desktop, Api]
            .into_iter()
            .map(|kind| add_session(store, new_session(user.id, kind, 0)))
            .collect();
        // An earlier revocation stays, and keeping a revoked session does not revive it.
        let old = add_session(store, new_session(user.id, Mobile, 0));
        store.write(|tx| tx.revoke_session(&old, t(1))).unwrap();
        let keep_dead = (n == 0).then(|| old.clone());

        let keep = keep.then(|| ids[0].clone()).or(keep_dead);
        store.write(|tx| tx.revoke_sessions(user.id, &scope, keep.as_ref())).unwrap();
        assert_eq!(revoked(store, &ids), want, "{scope:?} keep={keep:?}");
        assert_eq!(revoked(store, std::slice::from_ref(&old)), vec![true]);
        let mut live: Vec<&str> =
            ids.iter().zip(want).filter(|(_, revoked)| !*revoked).map(|(id, _)| id.0.as_str()).collect();
        let mut listed = live_ids(store, user.id, t(2));
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        live.sort();
        assert_eq!(
            listed.iter().map(|id| id.0.as_str()).collect::<Vec<_>>(),
            live,
            "{scope:?} keep={keep:?}"
        );

        // A second reset of the same scope revokes what the first kept, unless kept again.
        store.write(|tx| tx.revoke_sessions(user.id, &scope, None)).unwrap();
        if scope.covers(Web) {
            assert_eq!(revoked(store, &ids[..1]), vec![true], "{scope:?}");
        }
    }
    assert_eq!(revoked(store, &[bystander_session]), vec![false]);
}

fn a_session_opened_after_a_reset_is_live(store: &dyn Store) {
    let user = add(store, "alice");
    let before = add_session(store, new_session(user.id, ClientKind::Web, 0));
    store.write(|tx| tx.revoke_sessions(user.id, &ResetScope::All, None)).unwrap();
    let owner = store.read(|tx| tx.user(user.id)).unwrap().unwrap();
    let mut after = new_session(user.id, ClientKind::Web, 1);
    after.session.epoch = owner.session_epochs.of(ClientKind::Web);
    let after = add_session(store, after);
    assert_eq!(revoked(store, &[before, after.clone()]), vec![true, false]);
    assert_eq!(live_ids(store, user.id, t(2)), vec![after]);
}

/// The reset's cost does not depend on the number of sessions: no session row is written
/// (SPEC §8 measures the time in the benchmark; this shows why).
fn revoking_ten_thousand_sessions_rewrites_none_of_them(store: &dyn Store) {
    const N: usize = 10_000;
    let user = add(store, "busy");
    let other = add(store, "other");
    let sessions: Vec<_> = (0..N).map(|i| new_session(user.id, ClientKind::Web, (i % 600) as i64)).collect();
    store
        .write(|tx| {
            for s in &sessions {
                tx.insert_session(s)?;
            }
            tx.insert_session(&new_session(other.id, ClientKind::Web, 0))
        })
        .unwrap();
    assert_eq!(live_ids(store, user.id, t(700)).len(), N);

    store.write(|tx| tx.revoke_sessions(user.id, &ResetScope::All, None)).unwrap();
    assert!(live_ids(store, user.id, t(700)).is_empty());
    assert_eq!(live_ids(store, other.id, t(700)).len(), 1);
    let untouched = store
        .read(|tx| {
            let rows = sessions.iter().map(|s| tx.session(&s.session.id)).collect::<Result<Vec<_>, _>>()?;
            Ok(rows.into_iter().zip(&sessions).all(|(row, s)| row.as_ref() == Some(&s.session)))
        })
        .unwrap();
    assert!(untouched, "a reset must not rewrite session rows");
    assert_eq!(store.read(|tx| tx.count_live_sessions(t(700))).unwrap(), 1);
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

    let ids = |user: UserId, now| live_ids(store, user, now);
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
