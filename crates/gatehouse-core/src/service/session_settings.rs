//! Read, set and clear users' session policy (Slack `admin.users.session.getSettings`,
//! `setSettings`, `clearSettings`; REST `/v2/users/{id}/session-settings`; SPEC §3.5).
//! A new lifetime applies to the user's live sessions too: each is re-timed from its start.

use chrono::{DateTime, Duration, Utc};

use super::gate::{Check, UseCase};
use super::reset_sessions::MAX_BULK_RESET;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::session_settings::SessionSettings;
use crate::store::Tx;
use crate::user::{User, UserChanges, UserId};

const READ_SETTINGS: UseCase = UseCase::read(Needs::Own, Operation::ManageSessions);
const WRITE_SETTINGS: UseCase =
    UseCase::audited(Action::UserUpdate, Needs::Admin, Operation::SetSessionPolicy);

impl Core {
    /// The stored session policy of each of `targets` (the caller's own, or users it
    /// administers), in the order asked.
    pub async fn session_settings(
        &self,
        caller: &Caller,
        targets: Vec<UserId>,
    ) -> CoreResult<Vec<(UserId, SessionSettings)>> {
        let gate = self.gate(caller, &READ_SETTINGS, None).await?;
        gate.step(bulk_size(&targets)).await?;
        let check = gate.check();
        gate.read(move |tx| {
            targets.iter().map(|&t| Ok((t, check.load_other(tx, t)?.session_settings))).collect()
        })
        .await
    }

    /// Apply `change` (its set fields) to each of `targets`, all or nothing; a new lifetime
    /// re-times their live sessions.
    pub async fn set_session_settings(
        &self,
        caller: &Caller,
        targets: Vec<UserId>,
        change: SessionSettings,
    ) -> CoreResult<()> {
        let gate = self.gate(caller, &WRITE_SETTINGS, None).await?;
        gate.step(bulk_size(&targets).and_then(|()| change.validate_change())).await?;
        let (check, now, default_life) = (gate.check(), gate.now(), self.cfg.session.max_life);
        gate.commit(move |tx, audit| {
            for_each(tx, audit, &check, &targets, |tx, user| {
                let merged = user.session_settings.merged(&change);
                store(tx, user, merged, now, default_life)
            })
        })
        .await
    }

    /// Forget every session setting of each of `targets`: they take the service's defaults
    /// again, live sessions included.
    pub async fn clear_session_settings(&self, caller: &Caller, targets: Vec<UserId>) -> CoreResult<()> {
        let gate = self.gate(caller, &WRITE_SETTINGS, None).await?;
        gate.step(bulk_size(&targets)).await?;
        let (check, now, default_life) = (gate.check(), gate.now(), self.cfg.session.max_life);
        gate.commit(move |tx, audit| {
            for_each(tx, audit, &check, &targets, |tx, user| {
                store(tx, user, SessionSettings::default(), now, default_life)
            })
        })
        .await
    }
}

fn bulk_size(targets: &[UserId]) -> CoreResult<()> {
    if targets.is_empty() || targets.len() > MAX_BULK_RESET {
        return Err(CoreError::invalid("user_ids", format!("give 1 to {MAX_BULK_RESET} users")));
    }
    Ok(())
}

/// Run `f` on each target after authorizing it; the audit event names the target at fault,
/// and on success one event per target is written.
fn for_each(
    tx: &mut dyn Tx,
    audit: &mut super::gate::AuditDraft,
    check: &Check,
    targets: &[UserId],
    mut f: impl FnMut(&mut dyn Tx, &User) -> CoreResult<User>,
) -> CoreResult<()> {
    for (i, &target) in targets.iter().enumerate() {
        audit.concerns(target);
        let user = check.load_other(tx, target)?;
        if user.is_bot {
            return Err(CoreError::BotHasNoSessions);
        }
        let after = f(tx, &user)?;
        audit.changed(audit::user_changes(&user, &after));
        if i + 1 < targets.len() {
            audit.also_concerns(target);
        }
    }
    Ok(())
}

/// Store `settings` for `user` and, when its lifetime changes, re-time its live sessions.
fn store(
    tx: &mut dyn Tx,
    user: &User,
    settings: SessionSettings,
    now: DateTime<Utc>,
    default_life: Duration,
) -> CoreResult<User> {
    let before = user.session_settings.duration.unwrap_or(default_life);
    let after = settings.duration.unwrap_or(default_life);
    let changes =
        UserChanges { session_settings: Some(settings), modified: Some(now), ..UserChanges::default() };
    let stored = tx.update_user(user.id, &changes)?;
    if before != after {
        for session in tx.live_sessions(user.id, now)? {
            tx.set_session_expiry(&session.id, session.created + after)?;
        }
    }
    Ok(stored)
}
