//! User rows: read (without the password hash), insert and partial update.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::session::SessionEpochs;
use gatehouse_core::session_settings::SessionSettings;
use gatehouse_core::user::{NewUser, User, UserChanges, UserId};
use gatehouse_core::CoreResult;

use super::{from_db, profile, stored, to_db};
use crate::schema::users;

/// A user without its password hash (read that with `password_hash` only).
#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    id: i64,
    login: String,
    email: String,
    first_name: String,
    last_name: String,
    network_id: i64,
    mailbox_id: i64,
    auth_level: String,
    status: String,
    created: NaiveDateTime,
    modified: NaiveDateTime,
    last_login: Option<NaiveDateTime>,
    force_password_change: bool,
    failed_logins: i32,
    locked_until: Option<NaiveDateTime>,
    is_bot: bool,
    is_primary_owner: bool,
    epoch_web: i64,
    epoch_mobile: i64,
    epoch_desktop: i64,
    epoch_api: i64,
    max_sessions: Option<i32>,
    session_duration_secs: Option<i64>,
    desktop_app_browser_quit: Option<bool>,
    expires_at: Option<NaiveDateTime>,
    profile: Option<String>,
    recovery_question: Option<String>,
}

impl UserRow {
    /// The selected columns as a plain tuple, for `RETURNING` (the multi backend renders
    /// `RETURNING` through each inner backend, which cannot render `as_returning()`).
    pub(crate) fn columns() -> <Self as Selectable<crate::conn::MultiBackend>>::SelectExpression {
        <Self as Selectable<crate::conn::MultiBackend>>::construct_selection()
    }

    /// The core user.
    pub(crate) fn into_user(self) -> CoreResult<User> {
        Ok(User {
            id: UserId(self.id),
            auth_level: stored("users.auth_level", &self.auth_level)?,
            status: stored("users.status", &self.status)?,
            login: self.login,
            email: self.email,
            first_name: self.first_name,
            last_name: self.last_name,
            network_id: self.network_id,
            mailbox_id: self.mailbox_id,
            created: from_db(self.created),
            modified: from_db(self.modified),
            last_login: self.last_login.map(from_db),
            force_password_change: self.force_password_change,
            failed_logins: self.failed_logins,
            locked_until: self.locked_until.map(from_db),
            is_bot: self.is_bot,
            is_primary_owner: self.is_primary_owner,
            session_epochs: SessionEpochs {
                web: self.epoch_web,
                mobile: self.epoch_mobile,
                desktop: self.epoch_desktop,
                api: self.epoch_api,
            },
            session_settings: SessionSettings {
                max_sessions: self.max_sessions.and_then(|n| u32::try_from(n).ok()),
                duration: self.session_duration_secs.and_then(chrono::Duration::try_seconds),
                desktop_app_browser_quit: self.desktop_app_browser_quit,
            },
            expires_at: self.expires_at.map(from_db),
            profile: profile::decode(self.profile.as_deref())?,
            recovery_question: self.recovery_question,
        })
    }
}

/// A user to insert; `created` and `modified` both start at `now`.
#[derive(Insertable)]
#[diesel(table_name = users)]
// None is NULL, not DEFAULT: the SQL is then the same for every row and the prepared
// statement is cached (the nullable columns have no default).
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewUserRow<'a> {
    login: &'a str,
    login_skeleton: Option<String>,
    email: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    network_id: i64,
    mailbox_id: i64,
    auth_level: &'static str,
    status: &'static str,
    created: NaiveDateTime,
    modified: NaiveDateTime,
    password_hash: Option<&'a str>,
    force_password_change: bool,
    failed_logins: i32,
    is_bot: bool,
    is_primary_owner: bool,
    profile: Option<String>,
    recovery_question: Option<&'a str>,
    recovery_answer_hash: Option<&'a str>,
}

impl<'a> From<&'a NewUser> for NewUserRow<'a> {
    fn from(u: &'a NewUser) -> Self {
        NewUserRow {
            login: u.login.as_str(),
            login_skeleton: Some(u.login.skeleton()),
            email: u.email.as_str(),
            first_name: &u.first_name,
            last_name: &u.last_name,
            network_id: u.network_id,
            mailbox_id: u.mailbox_id,
            auth_level: u.auth_level.as_str(),
            status: u.status.as_str(),
            created: to_db(u.now),
            modified: to_db(u.now),
            password_hash: u.password_hash.as_deref(),
            force_password_change: u.force_password_change,
            failed_logins: 0,
            is_bot: u.is_bot,
            is_primary_owner: u.is_primary_owner,
            profile: profile::encode(&u.profile),
            recovery_question: u.recovery.as_ref().map(|r| r.question.as_str()),
            recovery_answer_hash: u.recovery.as_ref().map(|r| r.answer_hash.as_str()),
        }
    }
}

/// The `Some` fields of a [`UserChanges`]; `locked_until: Some(None)` writes NULL.
#[derive(AsChangeset)]
#[diesel(table_name = users)]
pub(crate) struct UserChangeset<'a> {
    login: Option<&'a str>,
    login_skeleton: Option<String>,
    email: Option<&'a str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    auth_level: Option<&'static str>,
    status: Option<&'static str>,
    password_hash: Option<&'a str>,
    force_password_change: Option<bool>,
    failed_logins: Option<i32>,
    locked_until: Option<Option<NaiveDateTime>>,
    last_login: Option<NaiveDateTime>,
    modified: Option<NaiveDateTime>,
    max_sessions: Option<Option<i32>>,
    session_duration_secs: Option<Option<i64>>,
    desktop_app_browser_quit: Option<Option<bool>>,
    expires_at: Option<Option<NaiveDateTime>>,
    profile: Option<Option<String>>,
    recovery_question: Option<Option<&'a str>>,
    recovery_answer_hash: Option<Option<&'a str>>,
}

impl<'a> From<&'a UserChanges> for UserChangeset<'a> {
    fn from(c: &'a UserChanges) -> Self {
        UserChangeset {
            login: c.login.as_ref().map(|l| l.as_str()),
            login_skeleton: c.login.as_ref().map(|l| l.skeleton()),
            email: c.email.as_deref(),
            first_name: c.first_name.as_deref(),
            last_name: c.last_name.as_deref(),
            auth_level: c.auth_level.map(|l| l.as_str()),
            status: c.status.map(|s| s.as_str()),
            password_hash: c.password_hash.as_deref(),
            force_password_change: c.force_password_change,
            failed_logins: c.failed_logins,
            locked_until: c.locked_until.map(|t| t.map(to_db)),
            last_login: c.last_login.map(to_db),
            modified: c.modified.map(to_db),
            max_sessions: c
                .session_settings
                .map(|p| p.max_sessions.map(|n| i32::try_from(n).unwrap_or(i32::MAX))),
            session_duration_secs: c.session_settings.map(|p| p.duration.map(|d| d.num_seconds())),
            desktop_app_browser_quit: c.session_settings.map(|p| p.desktop_app_browser_quit),
            expires_at: c.expires_at.map(|t| t.map(to_db)),
            profile: c.profile.as_ref().map(profile::encode),
            recovery_question: c.recovery.as_ref().map(|r| r.as_ref().map(|r| r.question.as_str())),
            recovery_answer_hash: c.recovery.as_ref().map(|r| r.as_ref().map(|r| r.answer_hash.as_str())),
        }
    }
}

impl UserChangeset<'_> {
    /// True when nothing would change (diesel refuses an empty `SET`).
    pub(crate) fn is_empty(&self) -> bool {
        self.login.is_none()
            && self.email.is_none()
            && self.first_name.is_none()
            && self.last_name.is_none()
            && self.auth_level.is_none()
            && self.status.is_none()
            && self.password_hash.is_none()
            && self.force_password_change.is_none()
            && self.failed_logins.is_none()
            && self.locked_until.is_none()
            && self.last_login.is_none()
            && self.modified.is_none()
            && self.max_sessions.is_none()
            && self.session_duration_secs.is_none()
            && self.desktop_app_browser_quit.is_none()
            && self.expires_at.is_none()
            && self.profile.is_none()
            && self.recovery_question.is_none()
            && self.recovery_answer_hash.is_none()
    }
}
