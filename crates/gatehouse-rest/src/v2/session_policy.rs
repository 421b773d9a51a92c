//! `/v2/users/{id}/session-settings` and `/v2/users/{id}/expiration`: the per-user session
//! policy and the account expiry (SPEC §3.1, §3.5), the same core calls as the Web API's
//! `admin.users.session.*Settings` and `admin.users.setExpiration`.

use actix_web::web;
use chrono::{DateTime, Utc};
use gatehouse_core::session_settings::{duration_secs, SessionSettings};
use gatehouse_core::user::UserId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::user_dto::UserIdInfo;
use crate::envelope::{BoolEnvelope, Envelope, ErrorEnvelope, SessionSettingsEnvelope, UserEnvelope};
use crate::error::RestResult;
use crate::extract::Authenticated;
use crate::json::JsonBody;
use crate::state::RestState;

/// A user's session policy; null fields take the service's defaults.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SessionSettings)]
#[serde(rename_all = "camelCase")]
pub struct SessionSettingsInfo {
    /// The user.
    pub user_id: i64,
    /// Most live sessions (null: the service default, `GATEHOUSE_MAX_SESSIONS_PER_USER`).
    pub max_sessions: Option<u32>,
    /// Absolute session lifetime in seconds (null: `GATEHOUSE_SESSION_MAX_SECS`).
    pub duration_secs: Option<i64>,
    /// Web and desktop clients keep the token in memory only (login answers `persistent: false`).
    pub desktop_app_browser_quit: Option<bool>,
}

impl SessionSettingsInfo {
    fn new(id: UserId, s: SessionSettings) -> Self {
        SessionSettingsInfo {
            user_id: id.0,
            max_sessions: s.max_sessions,
            duration_secs: s.duration.map(|d| d.num_seconds()),
            desktop_app_browser_quit: s.desktop_app_browser_quit,
        }
    }
}

/// Settings to change; absent fields keep their value, at least one must be given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionSettingsBody {
    /// Most live sessions, at least 1.
    #[schema(minimum = 1, nullable = false)]
    #[serde(default, deserialize_with = "not_null")]
    pub max_sessions: Option<u32>,
    /// Absolute session lifetime in seconds, 28800 to 315569520; applies to live sessions too.
    #[schema(minimum = 28800, maximum = 315569520, nullable = false)]
    #[serde(default, deserialize_with = "not_null")]
    pub duration_secs: Option<i64>,
    /// Web and desktop clients should keep the token in memory only.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "not_null")]
    pub desktop_app_browser_quit: Option<bool>,
}

/// A field that may be left out but not sent as null (null would read as "keep", which a
/// client sending it rarely means).
fn not_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    use serde::de::Error;
    Option::<T>::deserialize(d)?
        .map(Some)
        .ok_or_else(|| D::Error::custom("must not be null; leave the field out to keep its value"))
}

/// The account expiry to set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpirationBody {
    /// When the account expires (in the future), or null for never.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A user's session policy (oneself, or a user the caller administers).
#[utoipa::path(
    get,
    path = "/v2/users/{id}/session-settings",
    operation_id = "getSessionSettings", tag = "sessions", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "The stored settings", body = SessionSettingsEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn get(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<SessionSettingsInfo>> {
    let id = UserId(id.into_inner());
    let found = state.core.session_settings(&caller, vec![id]).await?;
    let settings = found.into_iter().next().map(|(_, s)| s).unwrap_or_default();
    Ok(Envelope::ok(SessionSettingsInfo::new(id, settings)))
}

/// Change a user's session policy (a user the caller administers, not oneself).
#[utoipa::path(
    put,
    path = "/v2/users/{id}/session-settings",
    operation_id = "setSessionSettings", tag = "sessions", params(("id" = i64, Path, description = "User id")),
    request_body = SessionSettingsBody,
    responses(
        (status = 200, description = "The settings now stored", body = SessionSettingsEnvelope),
        (status = 400, description = "InvalidParameter (nothing to set, or a value out of range)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn set(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
    body: JsonBody<SessionSettingsBody>,
) -> RestResult<Envelope<SessionSettingsInfo>> {
    let (id, b) = (UserId(id.into_inner()), body.into_inner());
    let change = SessionSettings {
        max_sessions: b.max_sessions,
        duration: b.duration_secs.map(duration_secs).transpose()?,
        desktop_app_browser_quit: b.desktop_app_browser_quit,
    };
    state.core.set_session_settings(&caller, vec![id], change).await?;
    get(state, caller, web::Path::from(id.0)).await
}

/// Return a user to the service's session defaults.
#[utoipa::path(
    delete,
    path = "/v2/users/{id}/session-settings",
    operation_id = "clearSessionSettings", tag = "sessions", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "Cleared", body = BoolEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn clear(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<bool>> {
    state.core.clear_session_settings(&caller, vec![UserId(id.into_inner())]).await?;
    Ok(Envelope::ok(true))
}

/// Set or clear when a user's account expires; from then on it cannot authenticate.
#[utoipa::path(
    put,
    path = "/v2/users/{id}/expiration",
    operation_id = "setExpiration", tag = "users", params(("id" = i64, Path, description = "User id")),
    request_body = ExpirationBody,
    responses(
        (status = 200, description = "The user as stored", body = UserEnvelope),
        (status = 400, description = "InvalidParameter (an expiry that is not in the future)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied, AccountInactive (suspended or terminated) or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn set_expiration(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
    body: JsonBody<ExpirationBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let user =
        state.core.set_expiration(&caller, UserId(id.into_inner()), body.into_inner().expires_at).await?;
    Ok(Envelope::ok(UserIdInfo::new(&user, state.core.now())))
}
