//! Audit rows: read and insert; enums are stored as their wire names, the detail as JSON text.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::audit::{Action, AuditEvent, Change, Detail, FrontEnd, NewAuditEvent, Outcome, Value};
use gatehouse_core::session::SessionId;
use gatehouse_core::user::UserId;
use gatehouse_core::{CoreError, CoreResult};
use serde_json::{Map, Value as Json};

use super::{from_db, to_db};
use crate::schema::audit_events;

/// An audit event as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub(crate) struct AuditRow {
    id: i64,
    at: NaiveDateTime,
    actor_user_id: Option<i64>,
    target_user_id: Option<i64>,
    action: String,
    front_end: String,
    outcome: String,
    ip: Option<String>,
    session_id: Option<String>,
    detail: Option<String>,
}

fn invalid(column: &str, value: &str) -> CoreError {
    CoreError::internal(format!("stored audit_events.{column} `{value}` is not valid"))
}

impl AuditRow {
    /// The core audit event.
    pub(crate) fn into_event(self) -> CoreResult<AuditEvent> {
        let action = Action::parse(&self.action).ok_or_else(|| invalid("action", &self.action))?;
        let front_end =
            FrontEnd::parse(&self.front_end).ok_or_else(|| invalid("front_end", &self.front_end))?;
        let outcome = Outcome::parse(&self.outcome).ok_or_else(|| invalid("outcome", &self.outcome))?;
        let detail = match &self.detail {
            None => Detail::default(),
            Some(text) => serde_json::from_str::<Json>(text)
                .ok()
                .and_then(|json| detail_from_json(&json))
                .ok_or_else(|| invalid("detail", text))?,
        };
        Ok(AuditEvent {
            id: self.id,
            event: NewAuditEvent {
                at: from_db(self.at),
                actor: self.actor_user_id.map(UserId),
                target: self.target_user_id.map(UserId),
                action,
                front_end,
                outcome,
                ip: self.ip,
                session: self.session_id.map(SessionId),
                detail,
            },
        })
    }
}

/// An audit event to insert.
#[derive(Insertable)]
#[diesel(table_name = audit_events)]
// None is NULL, not DEFAULT: the SQL is then the same for every row and the prepared
// statement is cached (the nullable columns have no default).
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewAuditRow<'a> {
    at: NaiveDateTime,
    actor_user_id: Option<i64>,
    target_user_id: Option<i64>,
    action: &'static str,
    front_end: &'static str,
    outcome: &'static str,
    ip: Option<&'a str>,
    session_id: Option<&'a str>,
    detail: Option<String>,
}

impl<'a> From<&'a NewAuditEvent> for NewAuditRow<'a> {
    fn from(e: &'a NewAuditEvent) -> Self {
        NewAuditRow {
            at: to_db(e.at),
            actor_user_id: e.actor.map(|u| u.0),
            target_user_id: e.target.map(|u| u.0),
            action: e.action.as_str(),
            front_end: e.front_end.as_str(),
            outcome: e.outcome.as_str(),
            ip: e.ip.as_deref(),
            session_id: e.session.as_ref().map(|s| s.0.as_str()),
            detail: (!e.detail.is_empty()).then(|| detail_to_json(&e.detail).to_string()),
        }
    }
}

/// The detail as a JSON object: `changes` maps each field to `{old, new}`, or to
/// `{"secret": true}` for a secret. Keys read back in name order (a JSON object has none).
pub(crate) fn detail_to_json(detail: &Detail) -> Json {
    Json::Object(detail.0.iter().map(|(name, value)| (name.clone(), value_to_json(value))).collect())
}

fn value_to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Text(t) => Json::String(t.clone()),
        Value::Changes(changes) => Json::Object(
            changes
                .iter()
                .map(|c| {
                    let mut entry = Map::new();
                    match &c.values {
                        Some((old, new)) => {
                            entry.insert("old".into(), value_to_json(old));
                            entry.insert("new".into(), value_to_json(new));
                        }
                        None => {
                            entry.insert("secret".into(), Json::Bool(true));
                        }
                    }
                    (c.field.clone(), Json::Object(entry))
                })
                .collect(),
        ),
    }
}

/// The detail [`detail_to_json`] wrote; `None` for anything else.
pub(crate) fn detail_from_json(json: &Json) -> Option<Detail> {
    let entries = json.as_object()?;
    let detail = entries.iter().map(|(name, v)| {
        let value = if name == "changes" { changes_from_json(v)? } else { scalar_from_json(v)? };
        Some((name.clone(), value))
    });
    detail.collect::<Option<Vec<_>>>().map(Detail)
}

fn scalar_from_json(json: &Json) -> Option<Value> {
    Some(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64()?),
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(_) | Json::Object(_) => return None,
    })
}

fn changes_from_json(json: &Json) -> Option<Value> {
    let changes = json.as_object()?.iter().map(|(field, entry)| {
        let entry = entry.as_object()?;
        let values = match (entry.get("old"), entry.get("new")) {
            (Some(old), Some(new)) => Some((scalar_from_json(old)?, scalar_from_json(new)?)),
            _ if entry.get("secret") == Some(&Json::Bool(true)) => None,
            _ => return None,
        };
        Some(Change { field: field.clone(), values })
    });
    changes.collect::<Option<Vec<_>>>().map(Value::Changes)
}
