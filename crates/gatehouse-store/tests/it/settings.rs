//! Settings: the first stored value wins, also when two stores race.

use gatehouse_core::store::{Store, StoreExt};
use gatehouse_store::testing::TestDb;

gatehouse_store::store_tests!(setting_or_insert_keeps_the_first_value);

fn setting_or_insert_keeps_the_first_value(store: &dyn Store) {
    assert_eq!(store.read(|tx| tx.setting("jwt_secret")).unwrap(), None);
    let first = store.write(|tx| tx.setting_or_insert("jwt_secret", "one")).unwrap();
    assert_eq!(first, "one");
    let second = store.write(|tx| tx.setting_or_insert("jwt_secret", "two")).unwrap();
    assert_eq!(second, "one");
    assert_eq!(store.read(|tx| tx.setting("jwt_secret")).unwrap().as_deref(), Some("one"));
    assert_eq!(store.write(|tx| tx.setting_or_insert("other", "x")).unwrap(), "x");
}

/// Several stores (separate pools, as separate processes would have) race to insert.
fn racing_stores_agree_on_one_value(db: TestDb) {
    let stores: Vec<_> = (0..4).map(|_| db.store()).collect();
    let values: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                scope.spawn(move || {
                    let store: &dyn Store = store;
                    store.write(|tx| tx.setting_or_insert("jwt_secret", &format!("value-{i}"))).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(values.iter().all(|v| *v == values[0]), "{values:?}");
}

#[test]
fn racing_stores_agree_on_one_value_sqlite() {
    racing_stores_agree_on_one_value(TestDb::sqlite());
}

#[test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
fn racing_stores_agree_on_one_value_postgres() {
    if let Some(db) = TestDb::postgres() {
        racing_stores_agree_on_one_value(db);
    }
}
