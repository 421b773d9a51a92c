//! Audit rows: read and insert; enums are stored as their wire names.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::audit::{Action, AuditEvent, FrontEnd, NewAuditEvent};
use gatehouse_core::user::UserId;
use gatehouse_core::{CoreError, CoreResult};

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
}

impl AuditRow {
    /// The core audit event.
    pub(crate) fn into_event(self) -> CoreResult<AuditEvent> {
        let action = Action::parse(&self.action).ok_or_else(|| {
            CoreError::internal(format!("stored audit_events.action `{}` is not valid", self.action))
        })?;
        let front_end = FrontEnd::parse(&self.front_end).ok_or_else(|| {
            CoreError::internal(format!("stored audit_events.front_end `{}` is not valid", self.front_end))
        })?;
        Ok(AuditEvent {
            id: self.id,
            event: NewAuditEvent {
                at: from_db(self.at),
                actor: self.actor_user_id.map(UserId),
                target: self.target_user_id.map(UserId),
                action,
                front_end,
                outcome: self.outcome,
                ip: self.ip,
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
    outcome: &'a str,
    ip: Option<&'a str>,
}

impl<'a> From<&'a NewAuditEvent> for NewAuditRow<'a> {
    fn from(e: &'a NewAuditEvent) -> Self {
        NewAuditRow {
            at: to_db(e.at),
            actor_user_id: e.actor.map(|u| u.0),
            target_user_id: e.target.map(|u| u.0),
            action: e.action.as_str(),
            front_end: e.front_end.as_str(),
            outcome: &e.outcome,
            ip: e.ip.as_deref(),
        }
    }
}
