//! Revoke a user's sessions (ECGridOS `UserReset`, REST reset, Web API session reset; SPEC §3.5).

use std::sync::{Arc, Mutex};

use super::{load_target, Core};
use crate::audit::{Action, NewAuditEvent};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::{Operation, Subject};
use crate::session::ResetScope;
use crate::store::{StoreExt, Tx};
use crate::user::{UserChanges, UserId};

/// Most users one bulk reset may name.
pub const MAX_BULK_RESET: usize = 1000;

impl Core {
    /// Revoke `target`'s sessions in `scope`. A full reset also clears a lockout.
    /// API keys are untouched.
    pub async fn reset_sessions(&self, caller: &Caller, target: UserId, scope: ResetScope) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::SessionReset, caller, Some(target), e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        self.audited(Action::SessionReset, &caller.ctx, Some(actor.id), Some(target), now, move |tx| {
            reset_in(tx, &actor, target, &scope)
        })
        .await
    }

    /// Reset several users at once, all or nothing: if any target is refused, nothing is
    /// revoked and the refusal names that target in the audit trail.
    pub async fn reset_sessions_bulk(
        &self,
        caller: &Caller,
        targets: Vec<UserId>,
        scope: ResetScope,
    ) -> CoreResult<()> {
        if let Err(e) = caller.require_unrestricted() {
            return self.refuse(Action::SessionReset, caller, None, e).await;
        }
        if targets.is_empty() || targets.len() > MAX_BULK_RESET {
            let e = CoreError::invalid("user_ids", format!("give 1 to {MAX_BULK_RESET} users"));
            return self.refuse(Action::SessionReset, caller, None, e).await;
        }
        let now = self.clock.now();
        let actor = caller.subject();
        let ctx = caller.ctx.clone();
        let failed = Arc::new(Mutex::new(None));
        let failed_in = failed.clone();
        let result = self
            .blocking(move |s| {
                s.write(move |tx| {
                    for &target in &targets {
                        reset_in(tx, &actor, target, &scope).inspect_err(|_| {
                            *failed_in.lock().unwrap_or_else(|p| p.into_inner()) = Some(target);
                        })?;
                        tx.insert_audit(&NewAuditEvent {
                            at: now,
                            actor: Some(actor.id),
                            target: Some(target),
                            action: Action::SessionReset,
                            front_end: ctx.front_end,
                            outcome: "ok".into(),
                            ip: ctx.ip.clone(),
                        })?;
                    }
                    Ok(())
                })
            })
            .await;
        match result {
            Err(e) if !matches!(e, CoreError::Internal(_)) => {
                let target = *failed.lock().unwrap_or_else(|p| p.into_inner());
                self.refuse(Action::SessionReset, caller, target, e).await
            }
            other => other,
        }
    }
}

/// The reset of one target inside a transaction.
fn reset_in(tx: &mut dyn Tx, actor: &Subject, target: UserId, scope: &ResetScope) -> CoreResult<()> {
    let user = load_target(tx, actor, target, Operation::ManageSessions)?;
    if user.is_bot {
        return Err(CoreError::BotHasNoSessions);
    }
    tx.revoke_sessions(target, scope, None)?;
    if scope.is_full() && (user.failed_logins != 0 || user.locked_until.is_some()) {
        let clear =
            UserChanges { failed_logins: Some(0), locked_until: Some(None), ..UserChanges::default() };
        tx.update_user(target, &clear)?;
    }
    Ok(())
}
