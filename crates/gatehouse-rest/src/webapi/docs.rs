//! OpenAPI descriptions of the Web API methods (they share one dispatcher, so these
//! functions exist only to carry the documentation; a test checks one per [`super::methods::WebMethod`]).
#![allow(dead_code)]

use serde::Serialize;
use utoipa::ToSchema;

/// Arguments of `admin.users.session.reset` (form-urlencoded, multipart, JSON or query string).
#[derive(Serialize, ToSchema)]
pub struct SessionResetArgs {
    /// Token, if not sent as `Authorization: Bearer`.
    pub token: Option<String>,
    /// The user: `W123`, `U123` or `123`.
    #[schema(example = "W12345678")]
    pub user_id: String,
    /// Only expire mobile sessions (default false).
    pub mobile_only: Option<bool>,
    /// Only expire web sessions (default false).
    pub web_only: Option<bool>,
}

/// Arguments of `admin.users.session.resetBulk`.
#[derive(Serialize, ToSchema)]
pub struct SessionResetBulkArgs {
    /// Token, if not sent as `Authorization: Bearer`.
    pub token: Option<String>,
    /// Comma-separated user ids (or a JSON array), at most 1000.
    #[schema(example = "W1,W2")]
    pub user_ids: String,
    /// Only expire mobile sessions.
    pub mobile_only: Option<bool>,
    /// Only expire web sessions.
    pub web_only: Option<bool>,
}

/// Arguments of `admin.users.session.list`.
#[derive(Serialize, ToSchema)]
pub struct SessionListArgs {
    /// Token, if not sent as `Authorization: Bearer`.
    pub token: Option<String>,
    /// The user (default: the caller).
    pub user_id: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Arguments of `admin.users.session.invalidate`.
#[derive(Serialize, ToSchema)]
pub struct SessionInvalidateArgs {
    /// Token, if not sent as `Authorization: Bearer`.
    pub token: Option<String>,
    /// The session to revoke (from `admin.users.session.list`).
    pub session_id: String,
}

/// Arguments of `auth.test`.
#[derive(Serialize, ToSchema)]
pub struct AuthTestArgs {
    /// Token, if not sent as `Authorization: Bearer`.
    pub token: Option<String>,
}

/// Every Web API answer: `ok`, and on failure `error`; warnings when the transport earned them.
#[derive(Serialize, ToSchema)]
pub struct SlackResponse {
    /// True on success.
    pub ok: bool,
    /// The error code when `ok` is false (e.g. `not_an_admin`, `user_not_found`, `cannot_reset_bot`).
    pub error: Option<String>,
    /// Comma-separated warnings (`missing_charset`, `superfluous_charset`).
    pub warning: Option<String>,
    /// `warnings`, `messages` and, for lists, `next_cursor`.
    #[schema(value_type = Option<Object>)]
    pub response_metadata: Option<()>,
    /// `admin.users.session.list`: the sessions.
    #[schema(value_type = Option<Vec<Object>>)]
    pub active_sessions: Option<()>,
    /// `auth.test`: the caller's login.
    pub user: Option<String>,
    /// `auth.test`: the caller's id (`W<id>`).
    pub user_id: Option<String>,
    /// `auth.test`: the caller's network as a team (`T<network>`).
    pub team_id: Option<String>,
    /// `auth.test`: the service URL.
    pub url: Option<String>,
}

/// Wipe a user's sessions on all devices, or only mobile or only web ones (seed).
#[utoipa::path(post, path = "/api/admin.users.session.reset", tag = "webapi", operation_id = "adminUsersSessionReset",
    request_body(content = SessionResetArgs, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`ok: true`, or `ok: false` with `error`", body = SlackResponse),
        (status = 429, description = "`ratelimited`, with Retry-After", body = SlackResponse),
    ),
    security(("bearer" = [])))]
pub fn admin_users_session_reset() {}

/// Wipe the sessions of several users, all or nothing.
#[utoipa::path(post, path = "/api/admin.users.session.resetBulk", tag = "webapi", operation_id = "adminUsersSessionResetBulk",
    request_body(content = SessionResetBulkArgs, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`ok: true`, or `ok: false` with `error`", body = SlackResponse),
        (status = 429, description = "`ratelimited`, with Retry-After", body = SlackResponse),
    ),
    security(("bearer" = [])))]
pub fn admin_users_session_reset_bulk() {}

/// List a user's live sessions.
#[utoipa::path(post, path = "/api/admin.users.session.list", tag = "webapi", operation_id = "adminUsersSessionList",
    request_body(content = SessionListArgs, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`active_sessions`, or `ok: false` with `error`", body = SlackResponse),
        (status = 429, description = "`ratelimited`, with Retry-After", body = SlackResponse),
    ),
    security(("bearer" = [])))]
pub fn admin_users_session_list() {}

/// Revoke one session.
#[utoipa::path(post, path = "/api/admin.users.session.invalidate", tag = "webapi", operation_id = "adminUsersSessionInvalidate",
    request_body(content = SessionInvalidateArgs, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`ok: true`, or `ok: false` with `error` (`invalid_session` for an unknown id)", body = SlackResponse),
        (status = 429, description = "`ratelimited`, with Retry-After", body = SlackResponse),
    ),
    security(("bearer" = [])))]
pub fn admin_users_session_invalidate() {}

/// Say whom the token belongs to.
#[utoipa::path(post, path = "/api/auth.test", tag = "webapi", operation_id = "authTest",
    request_body(content = AuthTestArgs, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "`user`, `user_id`, `team_id`, `url`, or `ok: false` with `error`", body = SlackResponse),
        (status = 429, description = "`ratelimited`, with Retry-After", body = SlackResponse),
    ),
    security(("bearer" = [])))]
pub fn auth_test() {}
