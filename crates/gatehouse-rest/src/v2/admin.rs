//! `/v2/users` administration: password, reset, force password change, role, status,
//! terminate, API keys (SPEC §4.2).

use actix_web::web;
use gatehouse_core::secret::Password;
use gatehouse_core::service::{RecoveryRequest, SecurityChange};
use gatehouse_core::session::ResetScope;
use gatehouse_core::user::UserId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::dto::{AuthLevelChange, KeyFormDto, StatusChange};
use super::user_dto::UserIdInfo;
use crate::envelope::{BoolEnvelope, Envelope, ErrorEnvelope, StringEnvelope, UserEnvelope};
use crate::error::RestResult;
use crate::extract::Authenticated;
use crate::json::JsonBody;
use crate::state::RestState;

/// Set a user's password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetPasswordBody {
    /// The user.
    pub user_id: i64,
    /// The new password: at least the configured minimum length (default 8), at most 1024 characters, with a lowercase and an uppercase letter, a digit and a character that is neither.
    pub new_password: String,
    /// Also force a password change at next login.
    #[serde(default)]
    pub temporary: bool,
    /// Also set the recovery question (with `recoveryAnswer`).
    #[schema(max_length = 200)]
    pub recovery_question: Option<String>,
    /// The recovery question's answer: stored hashed (trimmed, any case), never shown.
    pub recovery_answer: Option<String>,
}

/// Set or clear Force Password Change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForcePasswordChangeBody {
    /// The user.
    pub user_id: i64,
    /// The new setting.
    pub force_password_change: bool,
}

/// Change a user's level.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleBody {
    /// The user.
    pub user_id: i64,
    /// The new level (`NoChange` keeps it).
    pub auth_level: AuthLevelChange,
}

/// Change a user's status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusBody {
    /// The user.
    pub user_id: i64,
    /// `Active`, `Suspended`, `Development` or `Preproduction` (suspending revokes sessions and keys;
    /// terminating is `DELETE /v2/users/{id}`).
    pub status: StatusChange,
}

/// Set a user's password (ECGridOS `UserPassword`): revokes its sessions and clears a lockout.
#[utoipa::path(
    post,
    path = "/v2/users/password",
    operation_id = "setPassword", tag = "users", request_body = SetPasswordBody,
    responses(
        (status = 200, description = "Password set", body = BoolEnvelope),
        (status = 400, description = "InvalidParameter (the message lists every broken password rule)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn set_password(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<SetPasswordBody>,
) -> RestResult<Envelope<bool>> {
    let b = body.into_inner();
    let change = SecurityChange {
        password: Some(Password::new(b.new_password)),
        temporary: b.temporary,
        recovery: RecoveryRequest::pair(b.recovery_question, b.recovery_answer)?,
    };
    state.core.set_security(&caller, UserId(b.user_id), change).await?;
    Ok(Envelope::ok(true))
}

/// Revoke every session of a user (ECGridOS `UserReset`); also clears a lockout.
#[utoipa::path(
    post,
    path = "/v2/users/reset/{id}",
    operation_id = "resetSessions", tag = "users", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "Sessions revoked", body = BoolEnvelope),
        (status = 400, description = "InvalidParameter (bot users have no sessions)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn reset(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<bool>> {
    state.core.reset_sessions(&caller, UserId(id.into_inner()), ResetScope::All).await?;
    Ok(Envelope::ok(true))
}

/// Set or clear Force Password Change (Archer `ForcePasswordChange`).
#[utoipa::path(
    post,
    path = "/v2/users/force-password-change",
    operation_id = "forcePasswordChange", tag = "users", request_body = ForcePasswordChangeBody,
    responses(
        (status = 200, description = "Flag set", body = BoolEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn force_password_change(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<ForcePasswordChangeBody>,
) -> RestResult<Envelope<bool>> {
    let b = body.into_inner();
    state.core.force_password_change(&caller, UserId(b.user_id), b.force_password_change).await?;
    Ok(Envelope::ok(true))
}

/// Change a user's level (below the caller's; Root may grant Root).
#[utoipa::path(
    post,
    path = "/v2/users/role",
    operation_id = "setRole", tag = "users", request_body = RoleBody,
    responses(
        (status = 200, description = "The updated user", body = UserEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn role(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<RoleBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let b = body.into_inner();
    let target = UserId(b.user_id);
    let user = match b.auth_level.to_core() {
        Some(level) => state.core.set_role(&caller, target, level).await?,
        None => state.core.get_user(&caller, target).await?,
    };
    Ok(Envelope::ok(UserIdInfo::new(&user, state.core.now())))
}

/// Change a user's status; suspending revokes its sessions and API keys.
#[utoipa::path(
    post,
    path = "/v2/users/status",
    operation_id = "setStatus", tag = "users", request_body = StatusBody,
    responses(
        (status = 200, description = "The updated user", body = UserEnvelope),
        (status = 400, description = "InvalidParameter (Terminated goes through DELETE)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn status(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<StatusBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let b = body.into_inner();
    let user = state.core.set_status(&caller, UserId(b.user_id), b.status.into()).await?;
    Ok(Envelope::ok(UserIdInfo::new(&user, state.core.now())))
}

/// Terminate a user: status Terminated, every session and API key revoked.
#[utoipa::path(
    delete,
    path = "/v2/users/{id}",
    operation_id = "terminateUser", tag = "users", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "Terminated", body = BoolEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn terminate(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<bool>> {
    state.core.terminate(&caller, UserId(id.into_inner())).await?;
    Ok(Envelope::ok(true))
}

/// The form of a new API key.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KeyGenerateQuery {
    /// `prefixed` (default): `ghk_` and 40 alphanumerics; `guid`: a lowercase hyphenated
    /// UUID v4. Either works as `X-API-Key`, as a bearer token, as a Web API `token` and as an
    /// ECGridOS `SessionID` or Archer `sessionToken`.
    #[param(inline)]
    pub form: Option<KeyFormDto>,
}

/// Generate a new API key for a user; shown once, and the old key stops working.
#[utoipa::path(
    post,
    path = "/v2/users/key-generate/{id}",
    operation_id = "generateApiKey", tag = "users",
    params(("id" = i64, Path, description = "User id"), KeyGenerateQuery),
    responses(
        (status = 200, description = "The new key", body = StringEnvelope),
        (status = 403, description = "AccessDenied, AccountInactive or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn key_generate(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
    query: crate::query::Query<KeyGenerateQuery>,
) -> RestResult<Envelope<String>> {
    let form = query.into_inner().form.unwrap_or(KeyFormDto::Prefixed);
    let key = state.core.generate_api_key(&caller, UserId(id.into_inner()), form.into()).await?;
    Ok(Envelope::ok(key.expose().to_string()))
}
