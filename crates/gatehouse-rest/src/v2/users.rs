//! `/v2/users`: create, read, list, update (SPEC §4.2).

use actix_web::web;
use gatehouse_core::secret::Password;
use gatehouse_core::service::{LoginChange, NewLogin, NewUserRequest, RecoveryRequest, UserUpdate};
use gatehouse_core::service::{Page, MAX_PAGE_SIZE};
use gatehouse_core::user::{UserFilter, UserId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::dto::{AuthLevelDto, StatusDto};
use super::profile_dto::body_with_profile;
use super::user_dto::UserIdInfo;
use crate::envelope::{Envelope, ErrorEnvelope, UserEnvelope, UserListEnvelope};
use crate::error::{RestError, RestResult};
use crate::extract::Authenticated;
use crate::json::JsonBody;
use crate::state::RestState;

body_with_profile! {
/// A user to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserBody {
    /// Login name (unique, case-insensitive).
    #[schema(example = "jsmith")]
    pub login: String,
    /// Password (not for bots).
    pub password: Option<String>,
    /// Email address.
    #[schema(example = "j@example.com")]
    pub email: String,
    /// Given name.
    #[serde(default)]
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default)]
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub last_name: Option<String>,
    /// Network (default: the caller's).
    pub network_id: Option<i64>,
    /// Mailbox (default: the caller's).
    pub mailbox_id: Option<i64>,
    /// Level (default `MailboxUser`).
    pub auth_level: Option<AuthLevelDto>,
    /// Bot user: API keys only, no password.
    #[serde(default)]
    pub is_bot: bool,
    /// Recovery question (with `recoveryAnswer`).
    #[schema(max_length = 200)]
    pub recovery_question: Option<String>,
    /// The recovery question's answer: stored hashed (trimmed, any case), never shown.
    pub recovery_answer: Option<String>,
}
}

/// Which users to list.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListUsersBody {
    /// Only this network.
    pub network_id: Option<i64>,
    /// Only this mailbox.
    pub mailbox_id: Option<i64>,
    /// Only this level.
    pub auth_level: Option<AuthLevelDto>,
    /// Only this status.
    pub status: Option<StatusDto>,
    /// `true`: only users locked out now (failed logins or an administrator's lock); `false`:
    /// only users not locked out.
    pub locked_out: Option<bool>,
    /// Only users whose login, first name or last name contains this text, ignoring case.
    pub name: Option<String>,
    /// Page number, from 1 (default 1).
    #[schema(minimum = 1)]
    pub page_no: Option<i64>,
    /// Page size (default 25, at most 500).
    #[schema(minimum = 1, maximum = 500)]
    pub records_per_page: Option<i64>,
}

/// Find users by login.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ByNameBody {
    /// Text the login contains (case-insensitive).
    #[schema(min_length = 1)]
    pub login: String,
}

body_with_profile! {
/// Update name, email and profile; absent fields are kept.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateUserBody {
    /// The user to update.
    pub user_id: i64,
    /// New login (a rename: only by an administrator of the user, never one's own; a taken
    /// login or a lookalike of one is a Conflict).
    #[schema(example = "jsmith2")]
    pub login: Option<String>,
    /// New email address.
    pub email: Option<String>,
    /// New given name.
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub first_name: Option<String>,
    /// New family name.
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub last_name: Option<String>,
}
}

fn info(state: &RestState, user: &gatehouse_core::user::User) -> UserIdInfo {
    UserIdInfo::new(user, state.core.now())
}

/// Create a user below the caller's level, inside its scope.
#[utoipa::path(
    post,
    path = "/v2/users",
    operation_id = "createUser", tag = "users", request_body = CreateUserBody,
    responses(
        (status = 200, description = "Created", body = UserEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 409, description = "Conflict: login taken", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn create(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<CreateUserBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let mut b = body.into_inner();
    let profile = b.profile_update();
    let auth_level = b.auth_level.map(Into::into);
    let req = NewUserRequest {
        login: NewLogin::Given(b.login),
        password: b.password.map(Password::new),
        password_later: false,
        email: Some(b.email),
        first_name: b.first_name.unwrap_or_default(),
        last_name: b.last_name.unwrap_or_default(),
        network_id: b.network_id,
        mailbox_id: b.mailbox_id,
        auth_level,
        is_bot: b.is_bot,
        profile,
        recovery: RecoveryRequest::pair(b.recovery_question, b.recovery_answer)?,
    };
    let user = state.core.create_user(&caller, req).await?;
    Ok(Envelope::ok(info(&state, &user)))
}

/// Read a user: oneself, or a user the caller administers.
#[utoipa::path(
    get,
    path = "/v2/users/{id}",
    operation_id = "getUser", tag = "users", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = UserEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound (also outside the caller's scope)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn get(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<UserIdInfo>> {
    let user = state.core.get_user(&caller, UserId(id.into_inner())).await?;
    Ok(Envelope::ok(info(&state, &user)))
}

/// Read the caller.
#[utoipa::path(
    get,
    path = "/v2/users/me",
    operation_id = "getMe", tag = "users",
    responses(
        (status = 200, description = "The caller", body = UserEnvelope),
        (status = 403, description = "PasswordChangeRequired", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn me(state: web::Data<RestState>, caller: Authenticated) -> RestResult<Envelope<UserIdInfo>> {
    let user = state.core.own_user(&caller).await?;
    Ok(Envelope::ok(info(&state, &user)))
}

/// List users the caller may read, one page at a time.
#[utoipa::path(
    post,
    path = "/v2/users/list",
    operation_id = "listUsers", tag = "users", request_body = ListUsersBody,
    responses(
        (status = 200, description = "One page of users", body = UserListEnvelope),
        (status = 403, description = "PasswordChangeRequired", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn list(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<ListUsersBody>,
) -> RestResult<Envelope<Vec<UserIdInfo>>> {
    let b = body.into_inner();
    let page = Page { number: b.page_no, size: b.records_per_page };
    let now = Some(state.core.now());
    let (locked_at, not_locked_at) = match b.locked_out {
        Some(true) => (now, None),
        Some(false) => (None, now),
        None => (None, None),
    };
    let filter = UserFilter {
        network_id: b.network_id,
        mailbox_id: b.mailbox_id,
        auth_level: b.auth_level.map(Into::into),
        status: b.status.map(Into::into),
        name: b.name,
        locked_at,
        not_locked_at,
        ..UserFilter::default()
    };
    let users = state.core.list_users(&caller, filter, page).await?;
    Ok(Envelope::ok(users.iter().map(|u| info(&state, u)).collect()))
}

/// Find users whose login contains the given text (at most 500).
#[utoipa::path(
    post,
    path = "/v2/users/by-name",
    operation_id = "usersByName", tag = "users", request_body = ByNameBody,
    responses(
        (status = 200, description = "Matching users the caller may read", body = UserListEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn by_name(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<ByNameBody>,
) -> RestResult<Envelope<Vec<UserIdInfo>>> {
    let login = body.into_inner().login;
    if login.trim().is_empty() {
        return Err(RestError::BadJson("login: must not be empty".into()));
    }
    let filter = UserFilter { login: Some(login), ..UserFilter::default() };
    let page = Page { number: None, size: Some(MAX_PAGE_SIZE) };
    let users = state.core.list_users(&caller, filter, page).await?;
    Ok(Envelope::ok(users.iter().map(|u| info(&state, u)).collect()))
}

/// Update a user's name and email (ECGridOS `UserUpdate`); absent fields keep their value.
#[utoipa::path(
    put,
    path = "/v2/users",
    operation_id = "updateUser", tag = "users", request_body = UpdateUserBody,
    responses(
        (status = 200, description = "The updated user", body = UserEnvelope),
        (status = 400, description = "InvalidParameter (e.g. invalid email)", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
        (status = 409, description = "Conflict: the new login is taken or looks like a taken one", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn update(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<UpdateUserBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let mut b = body.into_inner();
    let profile = b.profile_update();
    let update = UserUpdate {
        email: b.email,
        first_name: b.first_name,
        last_name: b.last_name,
        profile,
        login: b.login.map(LoginChange::To),
        auth_level: None,
    };
    let user = state.core.update_user(&caller, UserId(b.user_id), update).await?;
    Ok(Envelope::ok(info(&state, &user)))
}
