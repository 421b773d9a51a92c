//! JSON shapes of users, sessions and audit events (SPEC §3.6, §4.1).

use chrono::{DateTime, Utc};
use gatehouse_core::session::Session;
use gatehouse_core::user::User;
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::{AuthLevelDto, ClientTypeDto, StatusDto};
use super::profile_dto::CellCarrierDto;

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
    /// Middle name.
    pub middle_name: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Postal address; lines separated by newlines.
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Cell phone number.
    pub cell_phone: Option<String>,
    /// Cell carrier (`Undefined`: none).
    pub cell_carrier: CellCarrierDto,
    /// Offset from UTC in minutes.
    pub time_zone_offset: Option<i16>,
    /// IANA or Windows time-zone id.
    pub time_zone: Option<String>,
    /// BCP 47 locale tag.
    pub locale: Option<String>,
    /// Recovery question (its answer is never shown).
    pub recovery_question: Option<String>,
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
            middle_name: u.profile.middle_name.clone(),
            title: u.profile.title.clone(),
            company: u.profile.company.clone(),
            address: u.profile.address.clone(),
            phone: u.profile.phone.clone(),
            cell_phone: u.profile.cell_phone.clone(),
            cell_carrier: u.profile.cell_carrier.into(),
            time_zone_offset: u.profile.time_zone_offset,
            time_zone: u.profile.time_zone.as_ref().map(|t| t.as_str().to_string()),
            locale: u.profile.locale.as_ref().map(|l| l.as_str().to_string()),
            recovery_question: u.recovery_question.clone(),
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
