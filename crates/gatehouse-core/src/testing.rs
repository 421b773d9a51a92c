//! Fixtures for other crates' unit tests and benches (feature `testing`): one place builds a
//! plain [`User`], so a new field is added here once.

use chrono::{DateTime, Utc};

use crate::user::{AuthLevel, Status, User, UserId};

/// An active `MailboxUser` in network 1, mailbox 100, created and modified at `at`, with every
/// optional field unset.
pub fn user(id: i64, login: &str, at: DateTime<Utc>) -> User {
    User {
        id: UserId(id),
        login: login.into(),
        email: format!("{login}@example.com"),
        first_name: String::new(),
        last_name: String::new(),
        network_id: 1,
        mailbox_id: 100,
        auth_level: AuthLevel::MailboxUser,
        status: Status::Active,
        created: at,
        modified: at,
        last_login: None,
        force_password_change: false,
        failed_logins: 0,
        locked_until: None,
        is_bot: false,
        is_primary_owner: false,
        session_epochs: Default::default(),
        session_settings: Default::default(),
        expires_at: None,
        profile: Default::default(),
        recovery_question: None,
    }
}
