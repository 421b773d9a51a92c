//! `/v2/users/{id}/sessions` and `/v2/audit` (SPEC §4.2).

use actix_web::web;
use gatehouse_core::audit::{Action, AuditFilter};
use gatehouse_core::session::SessionId;
use gatehouse_core::user::UserId;
use serde::Deserialize;
use utoipa::IntoParams;

use super::user_dto::{AuditEventInfo, SessionInfo};
use crate::envelope::{
    AuditEventListEnvelope, BoolEnvelope, Envelope, ErrorEnvelope, SessionInfoListEnvelope,
};
use crate::error::{RestError, RestResult};
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

/// Audit trail query.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Events whose actor or target is this user.
    pub user_id: Option<i64>,
    /// Only this action (e.g. `session.reset`).
    #[param(schema_with = audit_action)]
    pub action: Option<String>,
    /// At most this many (default 100, at most 500).
    #[param(minimum = 0, maximum = 500)]
    pub limit: Option<i64>,
    /// Only events with an id below this (paging backwards).
    pub before: Option<i64>,
}

/// The audit actions, as the `action` parameter takes them.
fn audit_action() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(Action::ALL.iter().map(|a| a.as_str())))
        .build()
}

/// Audit events about users the caller may read, newest first.
#[utoipa::path(
    get,
    path = "/v2/audit",
    operation_id = "listAudit", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "Events, newest first", body = AuditEventListEnvelope),
        (status = 403, description = "PasswordChangeRequired", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn audit(
    state: web::Data<RestState>,
    caller: Authenticated,
    query: crate::query::Query<AuditQuery>,
) -> RestResult<Envelope<Vec<AuditEventInfo>>> {
    let q = query.into_inner();
    let action = match q.action.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => Some(
            Action::parse(a).ok_or_else(|| RestError::BadJson(format!("action: unknown action `{a}`")))?,
        ),
        None => None,
    };
    let filter = AuditFilter {
        user: q.user_id.map(UserId),
        action,
        before: q.before,
        limit: q.limit.unwrap_or(0),
        visible: None,
    };
    let events = state.core.audit_trail(&caller, filter).await?;
    Ok(Envelope::ok(events.into_iter().map(Into::into).collect()))
}
