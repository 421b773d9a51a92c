//! Revoke a user's sessions (ECGridOS `UserReset`, REST reset, Web API session reset; SPEC §3.5).

use super::gate::{AuditDraft, Check, UseCase};
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session::ResetScope;
use crate::store::Tx;
use crate::user::{UserChanges, UserId};

/// Most users one bulk reset may name.
pub const MAX_BULK_RESET: usize = 1000;

const RESET_SESSIONS: UseCase = UseCase::audited(Action::SessionReset, Needs::Own, Operation::ManageSessions);
const RESET_SESSIONS_BULK: UseCase =
    UseCase::audited(Action::SessionReset, Needs::Admin, Operation::ManageSessions);

impl Core {
    /// Revoke `target`'s sessions in `scope`. A full reset also clears a lockout.
    /// API keys are untouched.
    pub async fn reset_sessions(&self, caller: &Caller, target: UserId, scope: ResetScope) -> CoreResult<()> {
        let gate = self.gate(caller, &RESET_SESSIONS, Some(target)).await?;
        let check = gate.check();
        gate.note(|audit| audit.note("scope", audit::reset_scope(&scope)));
        gate.commit(move |tx, audit| reset_in(tx, audit, &check, target, &scope)).await
    }

    /// Reset several users at once, all or nothing: if any target is refused, nothing is
    /// revoked and the refusal names that target in the audit trail.
    pub async fn reset_sessions_bulk(
        &self,
        caller: &Caller,
        targets: Vec<UserId>,
        scope: ResetScope,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &RESET_SESSIONS_BULK, None).await?;
        if targets.is_empty() || targets.len() > MAX_BULK_RESET {
            let e = CoreError::invalid("user_ids", format!("give 1 to {MAX_BULK_RESET} users"));
            return gate.refuse(e).await;
        }
        let check = gate.check();
        gate.note(|audit| audit.note("scope", audit::reset_scope(&scope)));
        gate.commit(move |tx, audit| {
            for (i, &target) in targets.iter().enumerate() {
                audit.concerns(target);
                reset_in(tx, audit, &check, target, &scope)?;
                if i + 1 < targets.len() {
                    audit.also_concerns(target);
                }
            }
            Ok(())
        })
        .await
    }
}

/// The reset of one target inside a transaction.
fn reset_in(
    tx: &mut dyn Tx,
    audit: &mut AuditDraft,
    check: &Check,
    target: UserId,
    scope: &ResetScope,
) -> CoreResult<()> {
    let user = check.load_other(tx, target)?;
    if user.is_bot {
        return Err(CoreError::BotHasNoSessions);
    }
    tx.revoke_sessions(target, scope, None)?;
    if scope.is_full() && (user.failed_logins != 0 || user.locked_until.is_some()) {
        let clear =
            UserChanges { failed_logins: Some(0), locked_until: Some(None), ..UserChanges::default() };
        let after = tx.update_user(target, &clear)?;
        audit.changed(audit::user_changes(&user, &after));
    }
    Ok(())
}
