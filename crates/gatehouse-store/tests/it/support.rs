//! Fixtures shared by the suite: fixed times and builders for core values.

use chrono::{DateTime, Duration, TimeZone, Utc};
use gatehouse_core::session::{ClientKind, NewSession, Session, SessionId};
use gatehouse_core::store::{Store, StoreExt};
use gatehouse_core::user::{AuthLevel, Email, Login, NewUser, Status, User, UserId};

/// A fixed instant plus `minutes` (the store never reads a clock).
pub fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// A network user `login` in network 1, mailbox 0.
pub fn new_user(login: &str) -> NewUser {
    NewUser {
        login: Login::parse(login).unwrap(),
        email: Email::parse(&format!("{}@example.com", login.to_lowercase())).unwrap(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        network_id: 1,
        mailbox_id: 0,
        auth_level: AuthLevel::NetworkUser,
        status: Status::Active,
        password_hash: Some(format!("$argon2id$v=19$m=8,t=1,p=1${login}")),
        force_password_change: false,
        is_bot: false,
        is_primary_owner: false,
        profile: Default::default(),
        recovery: None,
        now: t(0),
    }
}

/// Insert a user and return it as stored.
pub fn add_user(store: &dyn Store, user: NewUser) -> User {
    store.write(|tx| tx.insert_user(&user)).unwrap()
}

/// Insert `new_user(login)`.
pub fn add(store: &dyn Store, login: &str) -> User {
    add_user(store, new_user(login))
}

/// A live session of `user` created at `t(created)`, expiring 12 hours later.
pub fn new_session(user: UserId, kind: ClientKind, created: i64) -> NewSession {
    NewSession {
        session: Session {
            id: SessionId::generate(),
            user_id: user,
            kind,
            created: t(created),
            last_seen: t(created),
            expires_at: t(created + 12 * 60),
            revoked_at: None,
            epoch: 0,
            ip: Some("192.0.2.7".into()),
            user_agent: Some("suite/1.0".into()),
        },
        secret_hash: None,
    }
}

/// Insert a session and return its id.
pub fn add_session(store: &dyn Store, session: NewSession) -> SessionId {
    let id = session.session.id.clone();
    store.write(|tx| tx.insert_session(&session)).unwrap();
    id
}
