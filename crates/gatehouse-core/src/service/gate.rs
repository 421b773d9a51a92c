//! The gate every use case runs through (SPEC §3.2, §3.4, §3.6). In order it takes the caller's
//! scope (decided at authentication), authorizes against the target, applies the rate limit of
//! the action, runs the change in one transaction and writes the audit event of the outcome:
//! with the change on success, in a transaction of its own on refusal.
//!
//! A use case is its [`UseCase`] line, its checks and its transaction body:
//!
//! ```ignore
//! let gate = self.gate(caller, &RESET_SESSIONS, Some(target)).await?;
//! let check = gate.check();
//! gate.commit(move |tx, _| reset_in(tx, &check, &scope)).await
//! ```

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

pub(crate) use super::audit_draft::AuditDraft;
use super::{load_target, Core};
use crate::audit::{Action, Detail, NewAuditEvent, Outcome};
use crate::caller::{Caller, RequestContext, Scope, Via};
use crate::error::{CoreError, CoreResult};
use crate::limits::{Limited, WebApiTier};
use crate::policy::access::{self, Operation, Subject};
use crate::policy::scope::{self, Needs};
use crate::store::{StoreExt, Tx};
use crate::user::{User, UserId, Visibility};

/// What a use case needs and records: one line per use case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UseCase {
    /// The audit action; `None` for reads, which are not audited.
    pub action: Option<Action>,
    /// What the caller's scope must allow.
    pub needs: Needs,
    /// The operation on the target, authorized by [`Check::load`].
    pub op: Operation,
    /// Authorize against the target before any work (hashing), not only in the transaction.
    pub authorize_first: bool,
    /// The rate limit of this action, counted per caller.
    pub limit: Option<Limited>,
}

impl UseCase {
    /// An audited use case needing `needs`, authorized as `op` in its transaction.
    pub(crate) const fn audited(action: Action, needs: Needs, op: Operation) -> Self {
        UseCase { action: Some(action), needs, op, authorize_first: false, limit: None }
    }

    /// A read: not audited.
    pub(crate) const fn read(needs: Needs, op: Operation) -> Self {
        UseCase { action: None, needs, op, authorize_first: false, limit: None }
    }
}

/// The authorization a transaction body repeats on the rows it reads (`Copy`, so it moves
/// into the body).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check {
    /// The caller's policy facts.
    pub actor: Subject,
    /// The target, when the use case has one.
    pub target: Option<UserId>,
    op: Operation,
}

impl Check {
    /// Load the target and authorize the operation on it (SPEC §3.2).
    pub(crate) fn load(&self, tx: &mut dyn Tx) -> CoreResult<User> {
        let id = self.target.ok_or_else(|| CoreError::internal("a use case without target loaded one"))?;
        self.load_other(tx, id)
    }

    /// Load `id` (one of several targets) and authorize the operation on it.
    pub(crate) fn load_other(&self, tx: &mut dyn Tx, id: UserId) -> CoreResult<User> {
        load_target(tx, &self.actor, id, self.op)
    }
}

/// One attempt and its audit trail: every refusal from here on is audited, a success joins
/// the transaction of the change. Login, refresh and the command line use it directly.
pub(crate) struct Attempt<'a> {
    core: &'a Core,
    draft: Arc<Mutex<AuditDraft>>,
    now: DateTime<Utc>,
}

/// An attempt by an authenticated caller, admitted by the gate.
pub(crate) struct Gate<'a> {
    attempt: Attempt<'a>,
    check: Check,
    scope: Scope,
}

impl<'a> std::ops::Deref for Gate<'a> {
    type Target = Attempt<'a>;
    fn deref(&self) -> &Attempt<'a> {
        &self.attempt
    }
}

fn lock(draft: &Mutex<AuditDraft>) -> MutexGuard<'_, AuditDraft> {
    draft.lock().unwrap_or_else(|p| p.into_inner())
}

impl Core {
    /// Admit `caller` to `uc` on `target`: scope, authorization (when `authorize_first`) and
    /// rate limit, in that order. A refusal is audited, except a rate-limit refusal, which is
    /// only counted (SPEC §3.6: floods must not grow the audit table).
    pub(crate) async fn gate<'a>(
        &'a self,
        caller: &Caller,
        uc: &UseCase,
        target: Option<UserId>,
    ) -> CoreResult<Gate<'a>> {
        let actor = caller.subject();
        let attempt = self.attempt(uc.action, &caller.ctx, Some(actor.id), target);
        if let Some(session) = caller.session() {
            attempt.note(|audit| audit.in_session(&session.id));
        }
        let gate = Gate { attempt, check: Check { actor, target, op: uc.op }, scope: caller.scope };
        if let Err(e) = scope::admit(caller.scope, uc.needs, actor.id, target) {
            return gate.refuse(e).await;
        }
        if uc.authorize_first && target.is_some() {
            let check = gate.check;
            gate.read(move |tx| check.load(tx).map(drop)).await?;
        }
        if let Some(limit) = uc.limit {
            self.limit(limit, actor.id)?;
        }
        Ok(gate)
    }

    /// An attempt at `action` (`None`: a read, not audited) without the gate's checks.
    pub(crate) fn attempt(
        &self,
        action: Option<Action>,
        ctx: &RequestContext,
        actor: Option<UserId>,
        target: Option<UserId>,
    ) -> Attempt<'_> {
        let now = self.clock.now();
        let event = action.map(|action| NewAuditEvent {
            at: now,
            actor,
            target,
            action,
            front_end: ctx.front_end,
            outcome: Outcome::Ok,
            ip: ctx.ip.clone(),
            session: None,
            detail: Detail::default(),
        });
        let draft = AuditDraft::new(event);
        Attempt { core: self, draft: Arc::new(Mutex::new(draft)), now }
    }

    /// Count one call of `method` by the credential `caller` used, whatever form it came in
    /// (Web API: per token and method, under the method's Slack tier, SPEC §6).
    pub fn count_call(&self, caller: &Caller, method: &str, tier: WebApiTier) -> CoreResult<()> {
        let credential = match &caller.via {
            Via::Session(s) => format!("session:{}", s.id),
            Via::ApiKey(id) => format!("key:{id}"),
            Via::Cli => return Ok(()),
        };
        self.limit(tier.limited(), (credential, method))
    }

    /// Count one `what` for `key` in the limits table, when rate limits are on.
    pub(crate) fn limit(&self, what: Limited, key: impl std::hash::Hash) -> CoreResult<()> {
        match &self.limits {
            Some(limits) => limits.check(what, key),
            None => Ok(()),
        }
    }
}

impl Gate<'_> {
    /// The authorization the transaction body repeats.
    pub(crate) fn check(&self) -> Check {
        self.check
    }

    /// The users the caller may read: itself, plus the users it administers — itself only
    /// for a bot's key (SPEC §3.2).
    pub(crate) fn visibility(&self) -> Visibility {
        match self.scope {
            Scope::OwnOnly => Visibility { itself: Some(self.check.actor.id), ..Visibility::default() },
            _ => access::visibility(&self.check.actor),
        }
    }

    /// True when the caller may read `user`: the rule [`Gate::visibility`] applies in SQL,
    /// for one user.
    pub(crate) fn may_read(&self, user: &User) -> bool {
        let (actor, target) = (&self.check.actor, Subject::from(user));
        match self.scope {
            Scope::OwnOnly => actor.id == target.id,
            _ => access::may_read(actor, &target),
        }
    }

    /// Run `f` in one write transaction with the audit event of its success.
    pub(crate) async fn commit<R: Send + 'static>(
        self,
        f: impl FnOnce(&mut dyn Tx, &mut AuditDraft) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        self.attempt.commit(f).await
    }
}

impl Attempt<'_> {
    /// The time this attempt started; every rule of the attempt reads this one.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The event this attempt writes is about `user` acting on itself from now on.
    pub(crate) fn by(&self, user: UserId) {
        lock(&self.draft).by(user);
    }

    /// Fill in the event outside a transaction body (detail known before the work).
    pub(crate) fn note(&self, f: impl FnOnce(&mut AuditDraft)) {
        f(&mut lock(&self.draft));
    }

    /// Audit `e` as the outcome of this attempt and return it.
    pub(crate) async fn refuse<R>(&self, e: CoreError) -> CoreResult<R> {
        let refused = lock(&self.draft).on_refusal(&e);
        if let Some(event) = refused {
            let written = event.clone();
            self.core.blocking(move |s| s.write(move |tx| tx.insert_audit(&event))).await?;
            count_logins(&[written]);
        }
        Err(e)
    }

    /// A result of work before the transaction (validation, hashing); an error is refused.
    pub(crate) async fn step<R>(&self, result: CoreResult<R>) -> CoreResult<R> {
        match result {
            Ok(r) => Ok(r),
            Err(e) => self.refuse(e).await,
        }
    }

    /// Await `work` (hashing, verifying) as one step.
    pub(crate) async fn work<R>(&self, work: impl Future<Output = CoreResult<R>>) -> CoreResult<R> {
        let result = work.await;
        self.step(result).await
    }

    /// Run `f` read-only; a refusal is audited.
    pub(crate) async fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        let result = self.core.blocking(move |s| s.read(f)).await;
        self.step(result).await
    }

    /// Run `f` in one write transaction; on success the audit event (and any more the body
    /// asked for) joins it, on refusal it is written on its own.
    pub(crate) async fn commit<R: Send + 'static>(
        self,
        f: impl FnOnce(&mut dyn Tx, &mut AuditDraft) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        self.write_tx(true, f).await
    }

    /// Run `f` in a write transaction that records no success (a step before the change, such
    /// as counting a password check); a refusal is audited.
    pub(crate) async fn write<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Tx, &mut AuditDraft) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        self.write_tx(false, f).await
    }

    async fn write_tx<R: Send + 'static>(
        &self,
        record: bool,
        f: impl FnOnce(&mut dyn Tx, &mut AuditDraft) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        let draft = self.draft.clone();
        let result = self
            .core
            .blocking(move |s| {
                s.write(move |tx| {
                    let mut draft = lock(&draft);
                    let out = f(tx, &mut draft)?;
                    let events = if record { draft.on_success() } else { Vec::new() };
                    for event in &events {
                        tx.insert_audit(event)?;
                    }
                    Ok((out, events))
                })
            })
            .await;
        let (out, written) = self.step(result).await?;
        count_logins(&written);
        Ok(out)
    }
}

/// Count the login attempts among committed events, by outcome (`gatehouse_logins_total`).
fn count_logins(events: &[NewAuditEvent]) {
    for e in events.iter().filter(|e| e.action == Action::Login) {
        metrics::counter!("gatehouse_logins_total", "outcome" => e.outcome.as_str()).increment(1);
    }
}
