//! Session logs (ECGridOS `SessionLogCurrent`, `SessionLog`, `SessionLogEx`; SPEC §5.2): a
//! user's sessions, live or ended, each with its start, end, expiry and state and the audit
//! events it produced. Reading one is managing the user's sessions: oneself, or a user one
//! administers. One's own log shows every call one made; another user's shows the events the
//! caller may read (SPEC §3.6: no one reads events about a user it may not read). Ended sessions are
//! kept until the purge's grace period has passed, so a log reaches back that far.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::gate::{Check, UseCase};
use super::Core;
use crate::audit::{AuditEvent, AuditFilter};
use crate::caller::{Caller, Via};
use crate::error::{CoreError, CoreResult, SessionProblem};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::policy::session::SessionPolicy;
use crate::session::Session;
use crate::store::Tx;
use crate::user::{User, UserId, Visibility};

/// The most sessions one log holds.
pub const MAX_SESSION_LOG: u32 = 1000;
/// The most events listed for one session (the newest).
pub const MAX_EVENTS_PER_SESSION: usize = 200;

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// It still works.
    Open,
    /// Logged out, revoked or reset.
    Closed,
    /// Its absolute lifetime or idle timeout passed.
    Expired,
}

/// A user and its sessions, as a session log shows them.
#[derive(Debug, Clone)]
pub struct SessionLog {
    /// The sessions' user.
    pub user: User,
    /// Its sessions, newest first.
    pub sessions: Vec<SessionLogEntry>,
}

/// One session as its log shows it.
#[derive(Debug, Clone)]
pub struct SessionLogEntry {
    /// The session.
    pub session: Session,
    /// Where it stands.
    pub state: SessionState,
    /// When it ended (revocation, or the end of its life); `None` while open. A session ended
    /// by a reset of all its user's sessions shows its last use.
    pub ended: Option<DateTime<Utc>>,
    /// The audited calls made in it, oldest first.
    pub events: Vec<AuditEvent>,
}

const SESSION_LOG: UseCase = UseCase::read(Needs::Own, Operation::ManageSessions);

impl Core {
    /// The sessions of `target` started in `[since, until)` (either open-ended), newest first,
    /// at most `max` (1 to [`MAX_SESSION_LOG`]), with their events.
    pub async fn session_log(
        &self,
        caller: &Caller,
        target: UserId,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        max: i64,
    ) -> CoreResult<SessionLog> {
        let gate = self.gate(caller, &SESSION_LOG, Some(target)).await?;
        if !(1..=i64::from(MAX_SESSION_LOG)).contains(&max) {
            let reason = format!("must be 1 to {MAX_SESSION_LOG}");
            return gate.refuse(CoreError::invalid("maxRecords", reason)).await;
        }
        let (check, now, policy) = (gate.check(), gate.now(), self.cfg.session);
        let visible = (target != caller.user.id).then(|| gate.visibility());
        // Open ends stay within what both databases store: from the epoch, to just after now.
        let since = since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH).max(DateTime::<Utc>::UNIX_EPOCH);
        let until = until.unwrap_or(now + chrono::Duration::seconds(1)).min(now + chrono::Duration::days(1));
        gate.read(move |tx| {
            let (user, sessions) = load(tx, &check, |tx, id| tx.sessions_started(id, since, until, max))?;
            entries(tx, &user, sessions, &policy, visible, now)
        })
        .await
    }

    /// The caller's own session, with its events; an API key has none.
    pub async fn current_session_log(&self, caller: &Caller) -> CoreResult<SessionLog> {
        let gate = self.gate(caller, &SESSION_LOG, Some(caller.user.id)).await?;
        let Via::Session(session) = &caller.via else {
            let reason = "an API key is not a session: log in for a session log";
            return gate.refuse(CoreError::invalid("session", reason)).await;
        };
        let (check, now, policy) = (gate.check(), gate.now(), self.cfg.session);
        let session = session.clone();
        gate.read(move |tx| {
            let (user, sessions) = load(tx, &check, |_, _| Ok(vec![session]))?;
            entries(tx, &user, sessions, &policy, None, now)
        })
        .await
    }
}

/// The target (authorized) and the sessions `sessions` reads of it.
fn load(
    tx: &mut dyn Tx,
    check: &Check,
    sessions: impl FnOnce(&mut dyn Tx, UserId) -> CoreResult<Vec<Session>>,
) -> CoreResult<(User, Vec<Session>)> {
    let user = check.load(tx)?;
    let found = sessions(tx, user.id)?;
    Ok((user, found))
}

/// Each session's state and end, and its events (those `visible` admits, when given), in one
/// audit query.
fn entries(
    tx: &mut dyn Tx,
    user: &User,
    sessions: Vec<Session>,
    policy: &SessionPolicy,
    visible: Option<Visibility>,
    now: DateTime<Utc>,
) -> CoreResult<SessionLog> {
    let filter = AuditFilter {
        sessions: sessions.iter().map(|s| s.id.clone()).collect(),
        limit: i64::try_from(sessions.len() * MAX_EVENTS_PER_SESSION).unwrap_or(i64::MAX),
        visible,
        ..AuditFilter::default()
    };
    let mut by_session: HashMap<String, Vec<AuditEvent>> = HashMap::new();
    if !sessions.is_empty() {
        for event in tx.list_audit(&filter)? {
            if let Some(id) = &event.event.session {
                let events = by_session.entry(id.0.clone()).or_default();
                if events.len() < MAX_EVENTS_PER_SESSION {
                    events.push(event);
                }
            }
        }
    }
    let sessions = sessions
        .into_iter()
        .map(|session| {
            let (state, ended) = match policy.check(&session, &user.session_epochs, now) {
                Ok(()) => (SessionState::Open, None),
                Err(SessionProblem::Expired) => {
                    (SessionState::Expired, Some(session.expires_at.min(session.last_seen + policy.idle)))
                }
                Err(_) => (SessionState::Closed, Some(session.revoked_at.unwrap_or(session.last_seen))),
            };
            let mut events = by_session.remove(&session.id.0).unwrap_or_default();
            events.reverse();
            SessionLogEntry { session, state, ended, events }
        })
        .collect();
    Ok(SessionLog { user: user.clone(), sessions })
}
