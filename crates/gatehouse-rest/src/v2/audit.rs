//! `GET /v2/audit`: the audit trail, filtered by user, actor, action, outcome, front end and
//! time, each event with the session it happened in and its structured detail.

use actix_web::web;
use chrono::{DateTime, Utc};
use gatehouse_core::audit::{Action, AuditEvent, AuditFilter, Detail, FrontEnd, Outcome, Value};
use gatehouse_core::session::SessionId;
use gatehouse_core::user::UserId;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::envelope::{AuditEventListEnvelope, Envelope, ErrorEnvelope};
use crate::error::{RestError, RestResult};
use crate::extract::Authenticated;
use crate::state::RestState;

/// One audit event: who did what to whom, through which front end, in which session, how it
/// ended and what exactly changed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditEvent)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventInfo {
    /// Event id, increasing.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who acted (null: failed login of an unknown user, or the command line).
    pub actor_user_id: Option<i64>,
    /// Whom it concerned (for `user.create`, the new user).
    pub target_user_id: Option<i64>,
    /// What (`login`, `session.reset`, ...).
    #[schema(example = "session.reset")]
    pub action: String,
    /// Front end (`rest`, `slack`, `soap11`, `soap12`, `http-post`, `archer`, `cli`).
    #[schema(example = "rest")]
    pub front_end: String,
    /// `ok`, or the `errorCode` the REST API answers that refusal with.
    #[schema(example = "ok")]
    pub outcome: String,
    /// Client address.
    pub ip: Option<String>,
    /// The session it happened in: the caller's, or for a login the session it issued.
    pub session_id: Option<String>,
    /// What exactly happened: `scope` of a reset, `changes` (each field's `old` and `new`, or
    /// `secret: true` for a password or key), `reason` and `field` of a refusal, and more.
    #[schema(value_type = Object, example = json!({"changes": {"authLevel": {"old": "MailboxUser", "new": "MailboxAdmin"}}}))]
    #[serde(serialize_with = "detail_object")]
    pub detail: Detail,
}

impl From<AuditEvent> for AuditEventInfo {
    fn from(e: AuditEvent) -> Self {
        AuditEventInfo {
            id: e.id,
            at: e.event.at,
            actor_user_id: e.event.actor.map(|u| u.0),
            target_user_id: e.event.target.map(|u| u.0),
            action: e.event.action.as_str().into(),
            front_end: e.event.front_end.as_str().into(),
            outcome: e.event.outcome.as_str().into(),
            ip: e.event.ip,
            session_id: e.event.session.map(|s| s.0),
            detail: e.event.detail,
        }
    }
}

/// The detail as a JSON object (keys in the order the store gives them: by name).
fn detail_object<S: Serializer>(detail: &Detail, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(detail.0.len()))?;
    for (name, value) in &detail.0 {
        map.serialize_entry(name, &Shown(value))?;
    }
    map.end()
}

/// A detail value as JSON: scalars as themselves, changes as `{field: {old, new}}`.
struct Shown<'a>(&'a Value);

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Text(t) => s.serialize_str(t),
            Value::Changes(changes) => {
                let mut map = s.serialize_map(Some(changes.len()))?;
                for change in changes {
                    match &change.values {
                        Some((old, new)) => {
                            map.serialize_entry(&change.field, &OldNew { old: Shown(old), new: Shown(new) })?
                        }
                        None => map.serialize_entry(&change.field, &Secret { secret: true })?,
                    }
                }
                map.end()
            }
        }
    }
}

#[derive(Serialize)]
struct OldNew<'a> {
    old: Shown<'a>,
    new: Shown<'a>,
}

#[derive(Serialize)]
struct Secret {
    secret: bool,
}

/// Audit trail query; every filter is optional and they combine.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Events whose actor or target is this user.
    pub user_id: Option<i64>,
    /// Events this user did.
    pub actor_user_id: Option<i64>,
    /// Only this action (e.g. `session.reset`).
    #[param(schema_with = audit_action)]
    pub action: Option<String>,
    /// Only this outcome: `ok` or an `errorCode` (e.g. `AccessDenied`).
    #[param(schema_with = audit_outcome)]
    pub outcome: Option<String>,
    /// Only through this front end.
    #[param(schema_with = audit_front_end)]
    pub front_end: Option<String>,
    /// Only events at or after this time (RFC 3339, e.g. `2026-11-23T10:00:00Z`).
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time (RFC 3339).
    pub until: Option<DateTime<Utc>>,
    /// At most this many (default 100, at most 500).
    #[param(minimum = 0, maximum = 500)]
    pub limit: Option<i64>,
    /// Only events with an id below this (paging backwards).
    pub before: Option<i64>,
    /// Only events that happened in this session (its id, as `/v2/users/{id}/sessions` lists).
    pub session_id: Option<String>,
}

fn string_enum<'a>(values: impl IntoIterator<Item = &'a str>) -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values))
        .build()
}

/// The audit actions, as the `action` parameter takes them.
fn audit_action() -> utoipa::openapi::schema::Object {
    string_enum(Action::ALL.iter().map(|a| a.as_str()))
}

/// The outcomes an event can have, as the `outcome` parameter takes them.
fn audit_outcome() -> utoipa::openapi::schema::Object {
    string_enum(Outcome::ALL.iter().filter(|o| o.is_audited()).map(|o| o.as_str()))
}

/// The front ends, as the `frontEnd` parameter takes them.
fn audit_front_end() -> utoipa::openapi::schema::Object {
    string_enum(FrontEnd::ALL.iter().map(|f| f.as_str()))
}

/// `name`'s value parsed by `parse`, or a refusal listing the valid values.
fn one_of<T: Copy>(
    name: &str,
    given: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    valid: impl Iterator<Item = &'static str>,
) -> RestResult<Option<T>> {
    match given.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| {
            let valid: Vec<_> = valid.collect();
            RestError::BadJson(format!("{name}: unknown {name} `{v}`; one of {}", valid.join(", ")))
        }),
    }
}

/// Audit events about users the caller may read, newest first.
#[utoipa::path(
    get,
    path = "/v2/audit",
    operation_id = "listAudit", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "Events, newest first", body = AuditEventListEnvelope),
        (status = 400, description = "InvalidParameter: an unknown action, outcome or front end, or a bad time", body = ErrorEnvelope),
        (status = 403, description = "PasswordChangeRequired", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn audit(
    state: web::Data<RestState>,
    caller: Authenticated,
    query: crate::query::Query<AuditQuery>,
) -> RestResult<Envelope<Vec<AuditEventInfo>>> {
    let q = query.into_inner();
    let action =
        one_of("action", q.action.as_deref(), Action::parse, Action::ALL.iter().map(|a| a.as_str()))?;
    let audited = || Outcome::ALL.iter().filter(|o| o.is_audited()).map(|o| o.as_str());
    let outcome =
        one_of("outcome", q.outcome.as_deref(), |o| Outcome::parse(o).filter(|o| o.is_audited()), audited())?;
    let front_end = one_of(
        "frontEnd",
        q.front_end.as_deref(),
        FrontEnd::parse,
        FrontEnd::ALL.iter().map(|f| f.as_str()),
    )?;
    let filter = AuditFilter {
        user: q.user_id.map(UserId),
        actor: q.actor_user_id.map(UserId),
        action,
        outcome,
        front_end,
        since: q.since,
        until: q.until,
        before: q.before,
        limit: q.limit.unwrap_or(0),
        sessions: q.session_id.map(|s| vec![SessionId(s)]).unwrap_or_default(),
        visible: None,
    };
    let events = state.core.audit_trail(&caller, filter).await?;
    Ok(Envelope::ok(events.into_iter().map(Into::into).collect()))
}
