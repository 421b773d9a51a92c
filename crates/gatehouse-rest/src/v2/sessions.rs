//! `/v2/users/{id}/sessions`: list and revoke one user's sessions.

use actix_web::web;
use gatehouse_core::session::SessionId;
use gatehouse_core::user::UserId;

use super::user_dto::SessionInfo;
use crate::envelope::{BoolEnvelope, Envelope, ErrorEnvelope, SessionInfoListEnvelope};
use crate::error::RestResult;
use crate::extract::Authenticated;
use crate::state::RestState;

/// Live sessions of a user (oneself or a user the caller administers).
#[utoipa::path(
    get,
    path = "/v2/users/{id}/sessions",
    operation_id = "listSessions", tag = "sessions", params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "Live sessions, oldest first", body = SessionInfoListEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn list(
    state: web::Data<RestState>,
    caller: Authenticated,
    id: web::Path<i64>,
) -> RestResult<Envelope<Vec<SessionInfo>>> {
    let sessions = state.core.list_sessions(&caller, UserId(id.into_inner())).await?;
    Ok(Envelope::ok(sessions.into_iter().map(Into::into).collect()))
}

/// Revoke one session of a user.
#[utoipa::path(
    delete,
    path = "/v2/users/{id}/sessions/{sessionId}",
    operation_id = "revokeSession", tag = "sessions",
    params(("id" = i64, Path, description = "User id"), ("sessionId" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "Revoked", body = BoolEnvelope),
        (status = 403, description = "AccessDenied or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn revoke(
    state: web::Data<RestState>,
    caller: Authenticated,
    path: web::Path<(i64, String)>,
) -> RestResult<Envelope<bool>> {
    let (id, sid) = path.into_inner();
    state.core.revoke_session(&caller, UserId(id), SessionId(sid)).await?;
    Ok(Envelope::ok(true))
}
