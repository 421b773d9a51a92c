//! Slack's objects as the Web API answers them (SPEC §6): sessions, users, cursors, ids.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use gatehouse_core::policy::access::{self, Subject};
use gatehouse_core::service::SessionCursor;
use gatehouse_core::session::{Session, SessionId};
use gatehouse_core::user::{AuthLevel, Status, User, UserId};
use serde_json::{json, Value};

use super::error::SlackError;

/// `W<id>`, the Slack form of a user id.
pub fn slack_user_id(id: UserId) -> String {
    format!("W{id}")
}

/// `T<network>`, the Slack form of a team (a network).
pub fn team_id(network: i64) -> String {
    format!("T{network}")
}

/// A team id as sent: `T<network>` or `<network>`; anything else is `team_not_found`.
pub fn parse_team_id(raw: &str) -> Result<i64, SlackError> {
    let digits = raw.strip_prefix('T').unwrap_or(raw);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && !digits.starts_with('+'))
        .ok_or(SlackError::Code("team_not_found", Some(format!("`{raw}` is not a team id"))))
}

/// The device fields Slack reports for a session, read from the stored user agent.
fn device(user_agent: Option<&str>, ip: Option<&str>) -> Value {
    let parsed = user_agent.and_then(|ua| woothee::parser::Parser::new().parse(ua));
    let known = |s: &str| (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_string());
    let (os, os_version, hardware, browser) = match &parsed {
        Some(p) => (
            known(p.os),
            known(&p.os_version),
            known(p.category),
            known(p.name).map(|name| match known(p.version) {
                Some(v) => format!("{name} {v}"),
                None => name,
            }),
        ),
        None => (None, None, None, None),
    };
    json!({
        "device_hardware": hardware,
        "os": os,
        "os_version": os_version,
        "slack_client_version": user_agent.and_then(client_version).or(browser),
        "ip": ip,
    })
}

/// The version of the client a user agent names first (`Slack/4.33.90 …`, `python-requests/2.31`),
/// unless that is the generic `Mozilla/5.0` browsers all send.
fn client_version(user_agent: &str) -> Option<String> {
    let product = user_agent.split_whitespace().next()?;
    let (name, version) = product.split_once('/')?;
    (!name.eq_ignore_ascii_case("mozilla") && !version.is_empty()).then(|| product.to_string())
}

/// A session as Slack's `admin.users.session.list` gives it, with Gatehouse's fields beside:
/// `client_type`, `expires_at`, and `at` / `user_agent` inside `created` and `recent`.
pub fn session(s: &Session, owner: &User) -> Value {
    let ua = s.user_agent.as_deref();
    let mut created = device(ua, s.ip.as_deref());
    created["at"] = json!(s.created.timestamp());
    created["user_agent"] = json!(s.user_agent);
    let mut out = json!({
        "session_id": s.id.0,
        "user_id": slack_user_id(s.user_id),
        "team_id": team_id(owner.network_id),
        "created": created,
        "client_type": s.kind.as_str(),
        "expires_at": s.expires_at.timestamp(),
    });
    // Slack sends `recent` only when the session was used after it began.
    if s.last_seen > s.created {
        let mut recent = device(ua, s.ip.as_deref());
        recent["at"] = json!(s.last_seen.timestamp());
        out["recent"] = recent;
    }
    out
}

/// True for a level that administers someone (Slack `is_admin`).
pub fn is_admin(user: &User) -> bool {
    access::require_admin_level(&Subject::from(user)).is_ok()
}

fn is_active(user: &User, now: DateTime<Utc>) -> bool {
    user.may_authenticate(now)
}

fn full_name(user: &User) -> String {
    format!("{} {}", user.first_name, user.last_name).trim().to_string()
}

fn expiration_ts(user: &User) -> i64 {
    user.expires_at.map_or(0, |t| t.timestamp())
}

/// A user as `admin.users.list` gives it, with Gatehouse's `auth_level` and `status` beside.
pub fn admin_user(user: &User, now: DateTime<Utc>) -> Value {
    let roles: Vec<&str> = match (user.is_primary_owner, is_admin(user)) {
        (true, _) => vec!["primary_owner", "admin"],
        (false, true) => vec!["admin"],
        (false, false) => vec![],
    };
    let out = json!({
        "id": slack_user_id(user.id),
        "email": user.email,
        "full_name": full_name(user),
        "username": user.login,
        "has_sso": false,
        "date_created": user.created.timestamp(),
        "roles": roles,
        "workspaces": [team_id(user.network_id)],
    });
    with_flags(out, user, now)
}

/// The flags both user objects carry, with Gatehouse's `auth_level` and `status`.
fn with_flags(mut out: Value, user: &User, now: DateTime<Utc>) -> Value {
    let flags = json!({
        "is_active": is_active(user, now),
        "is_admin": is_admin(user),
        "is_owner": is_owner(user),
        "is_primary_owner": user.is_primary_owner,
        "is_restricted": false,
        "is_ultra_restricted": false,
        "is_bot": user.is_bot,
        "has_2fa": false,
        "expiration_ts": expiration_ts(user),
        "auth_level": user.auth_level.as_str(),
        "status": user.status.as_str(),
    });
    if let (Value::Object(out), Value::Object(flags)) = (&mut out, flags) {
        out.extend(flags);
    }
    out
}

fn is_owner(user: &User) -> bool {
    user.is_primary_owner || user.auth_level == AuthLevel::Root
}

/// A user as `users.info` and `users.lookupByEmail` give it (Slack's user object).
pub fn user(user: &User, now: DateTime<Utc>) -> Value {
    let name = full_name(user);
    let mut out = json!({
        "id": slack_user_id(user.id),
        "team_id": team_id(user.network_id),
        "name": user.login,
        "deleted": user.status == Status::Terminated,
        "real_name": name,
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "real_name": name,
            "display_name": user.login,
            "title": user.profile.title.clone().unwrap_or_default(),
            "phone": user.profile.phone.clone().unwrap_or_default(),
        },
        "updated": user.modified.timestamp(),
    });
    if let Some(tz) = &user.profile.time_zone {
        out["tz"] = json!(tz.iana());
        out["tz_offset"] = json!(tz.offset_seconds(now));
    }
    if let Some(locale) = &user.profile.locale {
        out["locale"] = json!(locale.as_str());
    }
    with_flags(out, user, now)
}

/// An opaque cursor for a session listing.
pub fn session_cursor(c: &SessionCursor) -> String {
    let micros = c.created.timestamp_micros();
    URL_SAFE_NO_PAD.encode(format!("s:{micros}:{}", c.id))
}

/// Read a session listing's cursor back; anything else is `invalid_cursor`.
pub fn parse_session_cursor(raw: &str) -> Result<SessionCursor, SlackError> {
    let bad = || SlackError::Code("invalid_cursor", Some("`cursor` is not one this server gave".into()));
    let text = URL_SAFE_NO_PAD.decode(raw).ok().and_then(|b| String::from_utf8(b).ok()).ok_or_else(bad)?;
    let rest = text.strip_prefix("s:").ok_or_else(bad)?;
    let (micros, id) = rest.split_once(':').ok_or_else(bad)?;
    let created = micros.parse().ok().and_then(DateTime::from_timestamp_micros).ok_or_else(bad)?;
    Ok(SessionCursor { created, id: SessionId(id.to_string()) })
}

/// An opaque cursor for a user listing (the last id shown).
pub fn user_cursor(last: UserId) -> String {
    URL_SAFE_NO_PAD.encode(format!("u:{last}"))
}

/// Read a user listing's cursor back; anything else is `invalid_cursor`.
pub fn parse_user_cursor(raw: &str) -> Result<UserId, SlackError> {
    let bad = || SlackError::Code("invalid_cursor", Some("`cursor` is not one this server gave".into()));
    let text = URL_SAFE_NO_PAD.decode(raw).ok().and_then(|b| String::from_utf8(b).ok()).ok_or_else(bad)?;
    text.strip_prefix("u:").and_then(|n| n.parse().ok()).map(UserId).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_fields_come_from_the_user_agent() {
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        let d = device(Some(mac), Some("10.0.0.1"));
        assert_eq!(d["os"], "Mac OSX");
        assert_eq!(d["os_version"], "10.15.7");
        assert_eq!(d["device_hardware"], "pc");
        assert_eq!(d["slack_client_version"], "Chrome 120.0.0.0");
        assert_eq!(d["ip"], "10.0.0.1");
        let slack = device(Some("Slack/4.33.90 (darwin)"), None);
        assert_eq!(slack["slack_client_version"], "Slack/4.33.90");
        let none = device(None, None);
        assert!(none["os"].is_null() && none["slack_client_version"].is_null());
    }

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        let c = SessionCursor {
            created: DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap(),
            id: SessionId("0b0e7f3e-1".into()),
        };
        assert_eq!(parse_session_cursor(&session_cursor(&c)).unwrap(), c);
        assert_eq!(parse_user_cursor(&user_cursor(UserId(42))).unwrap(), UserId(42));
        for bad in ["", "abc", "dTo0Mg", &user_cursor(UserId(1))] {
            assert_eq!(parse_session_cursor(bad).unwrap_err().code(), "invalid_cursor", "{bad}");
        }
        assert_eq!(parse_user_cursor(&session_cursor(&c)).unwrap_err().code(), "invalid_cursor");
    }
}
