//! The audit event one attempt writes, as the use case's body fills it in (SPEC §3.6): who,
//! about whom, in which session, what exactly (detail) and how it ended. A success writes it
//! in the transaction of the change; a refusal writes it alone, without the changes the body
//! had noted, with the refusal's outcome and reason.

use crate::audit::{Change, NewAuditEvent, Outcome, Value};
use crate::error::CoreError;
use crate::session::SessionId;
use crate::user::UserId;

/// The audit event an attempt will write, as its body fills it in; `None` for a read.
pub(crate) struct AuditDraft {
    event: Option<NewAuditEvent>,
    more: Vec<NewAuditEvent>,
    skip: bool,
}

impl AuditDraft {
    /// A draft of `event` (`None`: a read, which writes nothing).
    pub(crate) fn new(event: Option<NewAuditEvent>) -> Self {
        AuditDraft { event, more: Vec::new(), skip: false }
    }

    /// The event is about `user` acting on itself (login, refresh).
    pub(crate) fn by(&mut self, user: UserId) {
        if let Some(e) = &mut self.event {
            (e.actor, e.target) = (Some(user), Some(user));
        }
    }

    /// Nothing happened that is worth an event (another instance did it first).
    pub(crate) fn skip(&mut self) {
        self.skip = true;
    }

    /// The event concerns `target` (set before the work on it, so a refusal names it); the
    /// changes noted for an earlier target stay with that target's event.
    pub(crate) fn concerns(&mut self, target: UserId) {
        if let Some(e) = &mut self.event {
            if e.target != Some(target) {
                e.detail.0.retain(|(name, _)| name != "changes");
            }
            e.target = Some(target);
        }
    }

    /// The body commits a refusal it counted (a failed login): the event records `e`.
    pub(crate) fn records(&mut self, e: &CoreError) {
        if let Some(event) = &mut self.event {
            refused(event, e);
        }
    }

    /// On success, write one more event like this one (its detail as noted so far) about
    /// `target` (bulk operations).
    pub(crate) fn also_concerns(&mut self, target: UserId) {
        if let Some(event) = &self.event {
            self.more.push(NewAuditEvent { target: Some(target), ..event.clone() });
        }
    }

    /// Note `name` = `value` in the event's detail (replacing an earlier value of that name).
    pub(crate) fn note(&mut self, name: &str, value: impl Into<Value>) {
        if let Some(e) = &mut self.event {
            e.detail.set(name, value.into());
        }
    }

    /// Note the fields a change touched (old and new values; secrets by name only).
    pub(crate) fn changed(&mut self, changes: Vec<Change>) {
        if let Some(e) = &mut self.event {
            e.detail.add_changes(changes);
        }
    }

    /// The event happened in `session` (a login: the session it issued).
    pub(crate) fn in_session(&mut self, session: &SessionId) {
        if let Some(e) = &mut self.event {
            e.session = Some(session.clone());
        }
    }

    /// The events a success writes.
    pub(crate) fn on_success(&self) -> Vec<NewAuditEvent> {
        let Some(event) = self.event.as_ref().filter(|_| !self.skip) else {
            return Vec::new();
        };
        std::iter::once(event.clone()).chain(self.more.iter().cloned()).collect()
    }

    /// The event a refusal with `e` writes; none for internal errors and rate limits.
    pub(crate) fn on_refusal(&self, e: &CoreError) -> Option<NewAuditEvent> {
        if matches!(e, CoreError::Internal(_) | CoreError::RateLimited { .. }) {
            return None;
        }
        self.event.clone().map(|mut event| {
            // A refused change changed nothing: what the body noted of it does not stand.
            event.detail.0.retain(|(name, _)| name != "changes");
            refused(&mut event, e);
            event
        })
    }
}

/// Record refusal `e` in `event`: its outcome, and the core's finer reason when the outcome
/// name does not say it (`WeakPassword` is `InvalidParameter`), with the field at fault.
fn refused(event: &mut NewAuditEvent, e: &CoreError) {
    event.outcome = Outcome::of(e);
    if e.name() != event.outcome.as_str() {
        event.detail.set("reason", e.name().into());
    }
    if let CoreError::InvalidParameter { field, .. } = e {
        event.detail.set("field", field.as_str().into());
    }
}
