//! JSON shapes of users, sessions and audit events (SPEC §3.6, §4.1).

use chrono::{DateTime, Utc};
use gatehouse_core::session::Session;
use gatehouse_core::user::User;
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::{AuthLevelDto, ClientTypeDto, StatusDto};

/// A user as ECGrid REST v2 shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = UserIDInfo)]
#[serde(rename_all = "camelCase")]
pub struct UserIdInfo {
    /// User id.
    #[schema(example = 1042)]
    pub user_id: i64,
    /// Login name.
    #[schema(example = "jsmith")]
    pub login: String,
    /// Email address.
    #[schema(example = "j@example.com")]
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Network.
    pub network_id: i64,
    /// Mailbox (0 = network-level).
    pub mailbox_id: i64,
    /// Authorization level.
    pub auth_level: AuthLevelDto,
    /// Account status.
    pub status: StatusDto,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Last change.
    pub modified: DateTime<Utc>,
    /// Last successful login.
    pub last_login: Option<DateTime<Utc>>,
    /// Sessions are restricted until the password is changed.
    pub force_password_change: bool,
    /// Locked after too many failed logins.
    pub locked_out: bool,
    /// Bot user (API keys only).
    pub is_bot: bool,
    /// When the account expires (null: never); from then on it cannot authenticate.
    pub expires_at: Option<DateTime<Utc>>,
}

impl UserIdInfo {
    /// Encode a user; `now` decides `lockedOut`.
    pub fn new(u: &User, now: DateTime<Utc>) -> Self {
        UserIdInfo {
            user_id: u.id.0,
            login: u.login.clone(),
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            network_id: u.network_id,
            mailbox_id: u.mailbox_id,
            auth_level: u.auth_level.into(),
            status: u.status.into(),
            created: u.created,
            modified: u.modified,
            last_login: u.last_login,
            force_password_change: u.force_password_change,
            locked_out: u.is_locked(now),
            is_bot: u.is_bot,
            expires_at: u.expires_at,
        }
    }
}

/// A session as listed to its owner or an admin (never its secret).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Session id.
    pub id: String,
    /// Client kind.
    pub client_type: ClientTypeDto,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Last use (written about once a minute).
    pub last_seen: DateTime<Utc>,
    /// Absolute end of life.
    pub expires_at: DateTime<Utc>,
    /// Client address at login.
    pub ip: Option<String>,
    /// Client user agent at login.
    pub user_agent: Option<String>,
}

impl From<Session> for SessionInfo {
    fn from(s: Session) -> Self {
        SessionInfo {
            id: s.id.0,
            client_type: s.kind.into(),
            created: s.created,
            last_seen: s.last_seen,
            expires_at: s.expires_at,
            ip: s.ip,
            user_agent: s.user_agent,
        }
    }
}
