//! Every live session the caller may see, a page at a time (Slack `admin.users.session.list`
//! without a user; SPEC §6): its own, plus those of the users it administers. Pages follow
//! creation order with a cursor that names the last session shown, so a walk sees each
//! session that lives through it exactly once while others are opened and revoked.

use chrono::{DateTime, Utc};

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session::{Session, SessionId};
use crate::user::User;

/// Most sessions one page holds (Slack: 1000).
pub const MAX_SESSION_PAGE: usize = 1000;

/// Where a session listing goes on: after the session created at `created` with id `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCursor {
    /// Creation time of the last session shown.
    pub created: DateTime<Utc>,
    /// Its id (breaks ties between sessions created in the same microsecond).
    pub id: SessionId,
}

/// One page of a session listing.
#[derive(Debug, Clone)]
pub struct SessionPage {
    /// Sessions with their owners, oldest first.
    pub sessions: Vec<(Session, User)>,
    /// Where the next page starts, when there may be one.
    pub next: Option<SessionCursor>,
}

const LIST_ALL_SESSIONS: UseCase = UseCase::read(Needs::Own, Operation::ManageSessions);

impl Core {
    /// Up to `limit` (1 to [`MAX_SESSION_PAGE`]) live sessions the caller may see, after `after`.
    pub async fn list_visible_sessions(
        &self,
        caller: &Caller,
        after: Option<SessionCursor>,
        limit: usize,
    ) -> CoreResult<SessionPage> {
        let gate = self.gate(caller, &LIST_ALL_SESSIONS, None).await?;
        if !(1..=MAX_SESSION_PAGE).contains(&limit) {
            let e = CoreError::invalid("limit", format!("must be 1 to {MAX_SESSION_PAGE}"));
            return gate.refuse(e).await;
        }
        let (visible, now, policy) = (gate.visibility(), gate.now(), self.cfg.session);
        let idle_since = now - policy.idle;
        // One more than asked tells whether another page follows.
        let mut rows = gate
            .read(move |tx| tx.sessions_page(&visible, after.as_ref(), now, idle_since, limit + 1))
            .await?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = more
            .then(|| rows.last().map(|(s, _)| SessionCursor { created: s.created, id: s.id.clone() }))
            .flatten();
        Ok(SessionPage { sessions: rows, next })
    }
}
