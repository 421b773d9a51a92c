//! `/v2/auth/...`: login, refresh, session info, logout, change own password, version (SPEC §4.2).

use actix_web::{web, HttpRequest};
use chrono::{DateTime, Utc};
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::secret::Password;
use gatehouse_core::service::{Issued, LoginRequest};
use gatehouse_core::session::{ClientKind, SecretStyle};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dto::{AuthLevelDto, ClientTypeDto};
use crate::envelope::{BoolEnvelope, Envelope, SessionEnvelope, StringEnvelope, TokenEnvelope};
use crate::error::RestResult;
use crate::extract::{request_context, Authenticated};
use crate::json::JsonBody;
use crate::state::RestState;

/// Login with a password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginBody {
    /// Login name (or `email`, or an email address here).
    #[serde(alias = "email")]
    #[schema(example = "jsmith")]
    pub login: String,
    /// Password.
    pub password: String,
    /// Kind of client (default `web`).
    #[serde(default)]
    pub client_type: Option<ClientTypeDto>,
}

/// A token for a session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Token)]
#[serde(rename_all = "camelCase")]
pub struct TokenData {
    /// Bearer token (HS256 JWT).
    pub token: String,
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
    /// The user it belongs to.
    pub user_id: i64,
    /// The session is restricted until the password is changed.
    pub password_change_required: bool,
    /// False when the user's session policy asks web and desktop clients to keep the token in
    /// memory only, forgetting it when the app or browser quits (Slack
    /// `desktop_app_browser_quit`): the server cannot see a quit, the client must honour this.
    pub persistent: bool,
}

/// Exchange a token for a new one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshBody {
    /// The current token; it stops working.
    pub token: String,
}

/// The caller's session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Session)]
#[serde(rename_all = "camelCase")]
pub struct SessionData {
    /// User id.
    pub user_id: i64,
    /// Login name.
    pub login: String,
    /// Network.
    pub network_id: i64,
    /// Mailbox.
    pub mailbox_id: i64,
    /// Authorization level.
    pub auth_level: AuthLevelDto,
    /// Absolute end of the session (null for an API key).
    pub expires_at: Option<DateTime<Utc>>,
    /// Session id (null for an API key).
    pub session_id: Option<String>,
    /// Client kind (`api` for an API key).
    pub client_type: ClientTypeDto,
    /// The session is restricted until the password is changed.
    pub password_change_required: bool,
}

/// Change the caller's own password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePasswordBody {
    /// The current password.
    pub current_password: String,
    /// The new password: at least the configured minimum length (default 8), at most 1024 characters, with a lowercase and an uppercase letter, a digit and a character that is neither.
    pub new_password: String,
}

fn token_data(state: &RestState, issued: &Issued) -> RestResult<TokenData> {
    let token = state.jwt.issue(&issued.session, issued.session.created, issued.token_expires_at)?;
    Ok(TokenData {
        token,
        expires_at: issued.token_expires_at,
        user_id: issued.user.id.0,
        password_change_required: issued.password_change_required,
        persistent: issued.persistent,
    })
}

/// Log in and receive a session token.
#[utoipa::path(
    post,
    path = "/v2/auth/login",
    operation_id = "login", tag = "auth", request_body = LoginBody,
    responses(
        (status = 200, description = "Logged in", body = TokenEnvelope),
        (status = 401, description = "InvalidCredentials", body = ErrorEnvelope),
        (status = 403, description = "AccountLocked (with Retry-After) or AccountInactive", body = ErrorEnvelope),
        (status = 429, description = "RateLimitExceeded: too many attempts for this login or client address (with Retry-After)", body = ErrorEnvelope),
    ))]
pub async fn login(
    state: web::Data<RestState>,
    req: HttpRequest,
    body: JsonBody<LoginBody>,
) -> RestResult<Envelope<TokenData>> {
    let body = body.into_inner();
    let request = LoginRequest {
        login: body.login,
        password: Password::new(body.password),
        kind: body.client_type.map_or(ClientKind::Web, Into::into),
        secret: SecretStyle::None,
        instance: None,
    };
    let issued = state.core.login(request, &request_context(&req, FrontEnd::Rest)).await?;
    Ok(Envelope::ok(token_data(&state, &issued)?))
}

/// Exchange a valid token for a new one; the old token stops working at once.
#[utoipa::path(
    post,
    path = "/v2/auth/refresh",
    operation_id = "refreshToken", tag = "auth", request_body = RefreshBody,
    responses(
        (status = 200, description = "New token", body = TokenEnvelope),
        (status = 401, description = "InvalidSession", body = ErrorEnvelope),
    ))]
pub async fn refresh(
    state: web::Data<RestState>,
    req: HttpRequest,
    body: JsonBody<RefreshBody>,
) -> RestResult<Envelope<TokenData>> {
    let sid = state.jwt.verify(&body.0.token, state.core.now())?;
    let issued = state.core.refresh(sid, &request_context(&req, FrontEnd::Rest)).await?;
    Ok(Envelope::ok(token_data(&state, &issued)?))
}

/// Describe the caller's session. Allowed while a password change is required.
#[utoipa::path(
    post,
    path = "/v2/auth/session",
    operation_id = "sessionInfo", tag = "auth",
    responses(
        (status = 200, description = "Session", body = SessionEnvelope),
        (status = 403, description = "AccountInactive (allowed while a password change is required)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn session(caller: Authenticated) -> RestResult<Envelope<SessionData>> {
    let session = caller.session();
    Ok(Envelope::ok(SessionData {
        user_id: caller.user.id.0,
        login: caller.user.login.clone(),
        network_id: caller.user.network_id,
        mailbox_id: caller.user.mailbox_id,
        auth_level: caller.user.auth_level.into(),
        expires_at: session.map(|s| s.expires_at),
        session_id: session.map(|s| s.id.0.clone()),
        client_type: session.map_or(ClientKind::Api, |s| s.kind).into(),
        password_change_required: caller.is_restricted(),
    }))
}

/// End the caller's session; its token fails on the very next request.
#[utoipa::path(
    post,
    path = "/v2/auth/logout",
    operation_id = "logout", tag = "auth",
    responses(
        (status = 200, description = "Logged out", body = BoolEnvelope),
        (status = 400, description = "InvalidParameter: an API key has no session to log out of", body = ErrorEnvelope),
        (status = 401, description = "InvalidSession or InvalidAPIKey", body = ErrorEnvelope),
        (status = 403, description = "AccountInactive (allowed while a password change is required)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn logout(state: web::Data<RestState>, caller: Authenticated) -> RestResult<Envelope<bool>> {
    state.core.logout(&caller).await?;
    Ok(Envelope::ok(true))
}

/// Change the caller's own password; other sessions are revoked, this one is kept.
#[utoipa::path(
    put,
    path = "/v2/auth/password",
    operation_id = "changePassword", tag = "auth", request_body = ChangePasswordBody,
    responses(
        (status = 200, description = "Changed", body = BoolEnvelope),
        (status = 400, description = "InvalidParameter (wrong current password, weak new one)", body = ErrorEnvelope),
        (status = 401, description = "InvalidSession or InvalidAPIKey", body = ErrorEnvelope),
        (status = 403, description = "AccountInactive (allowed while a password change is required)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn change_password(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<ChangePasswordBody>,
) -> RestResult<Envelope<bool>> {
    let body = body.into_inner();
    state
        .core
        .change_own_password(&caller, Password::new(body.current_password), Password::new(body.new_password))
        .await?;
    Ok(Envelope::ok(true))
}

/// The service version (no authentication).
#[utoipa::path(
    get,
    path = "/v2/auth/version",
    operation_id = "version", tag = "auth",
    responses((status = 200, description = "Version", body = StringEnvelope)))]
pub async fn version() -> Envelope<String> {
    Envelope::ok(format!("Gatehouse {}", env!("CARGO_PKG_VERSION")))
}

use crate::envelope::ErrorEnvelope;
