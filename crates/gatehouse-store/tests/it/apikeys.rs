//! API keys: replace revokes the earlier ones, lookup by hash, revoke all.

use gatehouse_core::apikey::ApiKey;
use gatehouse_core::store::{Store, StoreExt, Tx};
use gatehouse_core::CoreResult;

use crate::support::{add, t};

gatehouse_store::store_tests!(replace_revokes_earlier_keys, revoke_all_keys_of_one_user);

/// The key stored under `hash`, checking it comes with its owner.
fn stored_key(tx: &mut dyn Tx, hash: &str) -> CoreResult<Option<ApiKey>> {
    let mut found = tx.api_keys_with_users(&[hash.to_string(), "some-other-hash".into()])?;
    assert!(found.len() <= 1, "one key per hash: {found:?}");
    Ok(found.pop().map(|(stored_hash, key, owner)| {
        assert_eq!((stored_hash.as_str(), owner.id), (hash, key.user_id));
        key
    }))
}

fn replace_revokes_earlier_keys(store: &dyn Store) {
    let bot = add(store, "bot");
    let first = store.write(|tx| tx.replace_api_key(bot.id, "hash-1", t(0))).unwrap();
    assert_eq!((first.user_id, first.created, first.revoked_at), (bot.id, t(0), None));
    let second = store.write(|tx| tx.replace_api_key(bot.id, "hash-2", t(5))).unwrap();
    assert!(second.id > first.id);
    assert_eq!(second.revoked_at, None);

    let old = store.read(|tx| stored_key(tx, "hash-1")).unwrap().unwrap();
    assert_eq!((old.id, old.revoked_at), (first.id, Some(t(5))));
    assert_eq!(store.read(|tx| stored_key(tx, "hash-2")).unwrap(), Some(second));
    assert_eq!(store.read(|tx| stored_key(tx, "hash-3")).unwrap(), None);
}

fn revoke_all_keys_of_one_user(store: &dyn Store) {
    let bot = add(store, "bot");
    let other = add(store, "other");
    store.write(|tx| tx.replace_api_key(bot.id, "bot-1", t(0))).unwrap();
    store.write(|tx| tx.replace_api_key(bot.id, "bot-2", t(1))).unwrap();
    store.write(|tx| tx.replace_api_key(other.id, "other-1", t(1))).unwrap();

    assert_eq!(store.write(|tx| tx.revoke_api_keys(bot.id, t(9))).unwrap(), 1);
    assert_eq!(store.write(|tx| tx.revoke_api_keys(bot.id, t(10))).unwrap(), 0);
    let key = store.read(|tx| stored_key(tx, "bot-2")).unwrap().unwrap();
    assert_eq!(key.revoked_at, Some(t(9)));
    let key = store.read(|tx| stored_key(tx, "bot-1")).unwrap().unwrap();
    assert_eq!(key.revoked_at, Some(t(1)), "the replaced key keeps its revocation time");
    let key = store.read(|tx| stored_key(tx, "other-1")).unwrap().unwrap();
    assert_eq!(key.revoked_at, None);
}
