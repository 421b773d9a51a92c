//! The structured `detail` of an audit event: an ordered list of named values, with the fields
//! a change touched as old and new values. Secrets (passwords, keys, answers) are named as
//! changed, never shown. The store keeps it as JSON text; REST shows it as a JSON object.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::session::ResetScope;
use crate::user::User;

/// One value in an event's detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// No value (a cleared field).
    Null,
    /// A flag.
    Bool(bool),
    /// A number.
    Int(i64),
    /// Text: names, levels, statuses, times (RFC 3339), session ids.
    Text(String),
    /// The fields a change touched, in order.
    Changes(Vec<Change>),
}

/// One field a change touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field's wire name (`email`, `authLevel`, `password`).
    pub field: String,
    /// Old and new value; `None` for a secret, which is only said to have changed.
    pub values: Option<(Value, Value)>,
}

/// An event's detail: named values in the order they were noted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detail(pub Vec<(String, Value)>);

impl Detail {
    /// True when nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Set `name` to `value`, replacing an earlier value of that name in place.
    pub fn set(&mut self, name: &str, value: Value) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name.to_string(), value)),
        }
    }

    /// The value noted as `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Add `more` to the `changes` entry (created when absent).
    pub fn add_changes(&mut self, more: Vec<Change>) {
        if more.is_empty() {
            return;
        }
        match self.0.iter_mut().find(|(n, _)| n == "changes") {
            Some((_, Value::Changes(list))) => {
                for change in more {
                    list.retain(|c| c.field != change.field);
                    list.push(change);
                }
            }
            _ => self.set("changes", Value::Changes(more)),
        }
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Text(v.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// The fields of a user an audit event may report, by wire name. Secrets are not users'
/// fields here (the password hash never leaves the store); `modified` and `last_login` are
/// bookkeeping, not changes an administrator made.
pub fn user_fields(u: &User) -> Vec<(&'static str, Value)> {
    let settings = &u.session_settings;
    vec![
        ("login", u.login.as_str().into()),
        ("email", u.email.as_str().into()),
        ("firstName", u.first_name.as_str().into()),
        ("lastName", u.last_name.as_str().into()),
        ("networkId", u.network_id.into()),
        ("mailboxId", u.mailbox_id.into()),
        ("authLevel", u.auth_level.as_str().into()),
        ("status", u.status.as_str().into()),
        ("forcePasswordChange", u.force_password_change.into()),
        ("failedLogins", i64::from(u.failed_logins).into()),
        ("lockedUntil", u.locked_until.into()),
        ("maxSessions", settings.max_sessions.map(i64::from).into()),
        ("sessionDurationSecs", settings.duration.map(|d| d.num_seconds()).into()),
        ("desktopAppBrowserQuit", settings.desktop_app_browser_quit.into()),
        ("expiresAt", u.expires_at.into()),
        ("middleName", u.profile.middle_name.as_deref().into()),
        ("title", u.profile.title.as_deref().into()),
        ("company", u.profile.company.as_deref().into()),
        ("address", u.profile.address.as_deref().into()),
        ("phone", u.profile.phone.as_deref().into()),
        ("cellPhone", u.profile.cell_phone.as_deref().into()),
        ("cellCarrier", u.profile.cell_carrier.map(|c| c.as_str()).into()),
        ("timeZoneOffset", u.profile.time_zone_offset.map(i64::from).into()),
        ("timeZone", u.profile.time_zone.as_ref().map(|t| t.as_str()).into()),
        ("locale", u.profile.locale.as_ref().map(|l| l.as_str()).into()),
        ("recoveryQuestion", u.recovery_question.as_deref().into()),
    ]
}

/// The fields that differ between `before` and `after`, with both values.
pub fn user_changes(before: &User, after: &User) -> Vec<Change> {
    user_fields(before)
        .into_iter()
        .zip(user_fields(after))
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| Change { field: field.to_string(), values: Some((old, new)) })
        .collect()
}

/// A secret field that changed: named, without values.
pub fn secret_changed(field: &str) -> Change {
    Change { field: field.to_string(), values: None }
}

/// The fields a new user was created with, as changes from nothing.
pub fn user_created(u: &User) -> Vec<Change> {
    user_fields(u)
        .into_iter()
        .filter(|(_, v)| *v != Value::Null)
        .map(|(field, new)| Change { field: field.to_string(), values: Some((Value::Null, new)) })
        .collect()
}

/// The sessions a reset covers: `all`, or the client kinds joined by `+` (`mobile+web`).
pub fn reset_scope(scope: &ResetScope) -> Value {
    match scope {
        ResetScope::All => "all".into(),
        ResetScope::Kinds(kinds) => kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("+").into(),
    }
}
