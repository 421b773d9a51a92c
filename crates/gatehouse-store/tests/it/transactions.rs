//! Transactions: rollback on `Err`, no lost updates under concurrent read-then-write, ping.

use gatehouse_core::audit::{Action, AuditFilter, Detail, FrontEnd, NewAuditEvent, Outcome};
use gatehouse_core::session::ClientKind;
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::{Login, UserChanges, UserFilter, Visibility};
use gatehouse_core::CoreError;
use gatehouse_store::testing::TestDb;
use gatehouse_store::Backend;

use crate::support::{add, add_session, new_session, new_user, t};

gatehouse_store::store_tests!(
    write_tx_rolls_back_everything_on_err,
    concurrent_read_then_write_loses_no_update,
    ping_answers,
);

fn write_tx_rolls_back_everything_on_err(store: &dyn Store) {
    let err = store
        .write(|tx| {
            let user = tx.insert_user(&new_user("ghost"))?;
            tx.insert_session(&new_session(user.id, ClientKind::Web, 0))?;
            tx.replace_api_key(user.id, "ghost-key", t(0))?;
            tx.insert_audit(&NewAuditEvent {
                at: t(0),
                actor: Some(user.id),
                target: Some(user.id),
                action: Action::UserCreate,
                front_end: FrontEnd::Rest,
                outcome: Outcome::Ok,
                ip: None,
                session: None,
                detail: Detail::default(),
            })?;
            tx.setting_or_insert("ghost", "boo")?;
            Err::<(), _>(CoreError::AccessDenied)
        })
        .unwrap_err();
    assert!(matches!(err, CoreError::AccessDenied), "the closure's error comes back: {err:?}");

    store
        .read(|tx| {
            assert_eq!(tx.count_users()?, 0);
            assert_eq!(tx.user_by_login(&Login::parse("ghost").unwrap())?, None);
            assert_eq!(tx.count_live_sessions(t(0))?, 0);
            assert_eq!(tx.api_keys_with_users(&["ghost-key".into()])?, vec![]);
            let audit = AuditFilter { limit: 10, ..AuditFilter::default() };
            assert!(tx.list_audit(&audit)?.is_empty());
            assert_eq!(tx.setting("ghost")?, None);
            let all = UserFilter {
                visible: Visibility {
                    levels: gatehouse_core::user::AuthLevel::ALL.to_vec(),
                    ..Visibility::default()
                },
                limit: 10,
                ..UserFilter::default()
            };
            assert!(tx.list_users(&all)?.is_empty());
            Ok(())
        })
        .unwrap();
}

/// SQLite `BEGIN IMMEDIATE` and PostgreSQL `FOR UPDATE` both serialise read-then-write.
fn concurrent_read_then_write_loses_no_update(store: &dyn Store) {
    const THREADS: i32 = 4;
    const ROUNDS: i32 = 10;
    let user = add(store, "counter");
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                for _ in 0..ROUNDS {
                    store
                        .write(|tx| {
                            let current = tx.user_for_update(user.id)?.unwrap();
                            let changes = UserChanges {
                                failed_logins: Some(current.failed_logins + 1),
                                ..UserChanges::default()
                            };
                            tx.update_user(user.id, &changes).map(drop)
                        })
                        .unwrap();
                }
            });
        }
    });
    let stored = store.read(|tx| tx.user(user.id)).unwrap().unwrap();
    assert_eq!(stored.failed_logins, THREADS * ROUNDS);
}

fn ping_answers(store: &dyn Store) {
    store.ping().unwrap();
}

/// Run one statement on the test database outside the store.
fn raw_execute(db: &TestDb, sql: &str) {
    use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
    match db.backend() {
        Backend::Sqlite => {
            let path = db.url.strip_prefix("sqlite://").unwrap();
            let mut conn = SqliteConnection::establish(path).unwrap();
            diesel::sql_query(sql).execute(&mut conn).unwrap();
        }
        Backend::Postgres => {
            let mut conn = PgConnection::establish(&db.url).unwrap();
            diesel::sql_query(sql).execute(&mut conn).unwrap();
        }
    };
}

/// A stored value the core cannot parse is an internal error, never a guess.
fn unknown_stored_enum_is_internal(db: TestDb) {
    let store = db.store();
    let user = add(&store, "mallory");
    let session = add_session(&store, new_session(user.id, ClientKind::Web, 0));
    raw_execute(&db, "UPDATE users SET auth_level = 'Emperor'");
    raw_execute(&db, "UPDATE sessions SET client_kind = 'fax'");
    let err = store.read(|tx| tx.user(user.id)).unwrap_err();
    assert!(matches!(err, CoreError::Internal(_)), "{err:?}");
    let err = store.read(|tx| tx.session(&session)).unwrap_err();
    assert!(matches!(err, CoreError::Internal(_)), "{err:?}");
}

#[test]
fn unknown_stored_enum_is_internal_sqlite() {
    unknown_stored_enum_is_internal(TestDb::sqlite());
}

#[test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
fn unknown_stored_enum_is_internal_postgres() {
    if let Some(db) = TestDb::postgres() {
        unknown_stored_enum_is_internal(db);
    }
}
