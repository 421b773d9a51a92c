//! The audit trail: append, and read newest first with filters and visibility.

use diesel::prelude::*;
use gatehouse_core::audit::{AuditEvent, AuditFilter, NewAuditEvent};
use gatehouse_core::CoreResult;

use super::{coalesce, visible_users};
use crate::conn::DbConn;
use crate::error::internal;
use crate::rows::{to_db, AuditRow, NewAuditRow};
use crate::schema::{audit_events, users};

/// Append an event.
pub(crate) fn insert(conn: &mut DbConn, event: &NewAuditEvent) -> CoreResult<()> {
    diesel::insert_into(audit_events::table)
        .values(NewAuditRow::from(event))
        .execute(conn)
        .map(drop)
        .map_err(internal)
}

/// Events matching `filter`, newest first.
pub(crate) fn list(conn: &mut DbConn, filter: &AuditFilter) -> CoreResult<Vec<AuditEvent>> {
    let mut query = audit_events::table.select(AuditRow::as_select()).into_boxed();
    if let Some(user) = filter.user {
        query =
            query.filter(audit_events::actor_user_id.eq(user.0).or(audit_events::target_user_id.eq(user.0)));
    }
    if let Some(action) = filter.action {
        query = query.filter(audit_events::action.eq(action.as_str()));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(audit_events::actor_user_id.eq(actor.0));
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(audit_events::outcome.eq(outcome.as_str()));
    }
    if let Some(front_end) = filter.front_end {
        query = query.filter(audit_events::front_end.eq(front_end.as_str()));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_events::at.ge(to_db(since)));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_events::at.lt(to_db(until)));
    }
    if let Some(before) = filter.before {
        query = query.filter(audit_events::id.lt(before));
    }
    if !filter.sessions.is_empty() {
        let ids: Vec<&str> = filter.sessions.iter().map(|s| s.0.as_str()).collect();
        query = query.filter(audit_events::session_id.eq_any(ids));
    }
    if let Some(visibility) = &filter.visible {
        // The event is about its target, or about its actor when it has no target.
        let subject = coalesce(audit_events::target_user_id, audit_events::actor_user_id);
        let visible_ids = users::table.filter(visible_users(visibility)).select(users::id.nullable());
        let about_nobody = coalesce(audit_events::target_user_id, audit_events::actor_user_id).is_null();
        query = if visibility.unattributed {
            query.filter(subject.eq_any(visible_ids).or(about_nobody))
        } else {
            query.filter(subject.eq_any(visible_ids))
        };
    }
    query
        .order(audit_events::id.desc())
        .limit(filter.limit.max(0))
        .load(conn)
        .map_err(internal)?
        .into_iter()
        .map(AuditRow::into_event)
        .collect()
}
