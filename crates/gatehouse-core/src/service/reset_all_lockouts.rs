//! Clear every lockout that began long enough ago (ECGridOS v3.2 `UserResetAll`, Root only).

use chrono::Duration;

use super::gate::UseCase;
use super::Core;
use crate::audit::Action;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::{self, Operation};
use crate::policy::scope::Needs;
use crate::user::{UserChanges, UserFilter, UserId};

/// A change of many users' lockout state: one `user.status` event per user cleared.
const RESET_ALL_LOCKOUTS: UseCase = UseCase::audited(Action::UserStatus, Needs::Admin, Operation::Read);

impl Core {
    /// Clear the lockout (failures and lock) of every user locked out now whose lockout began
    /// more than `older_than` ago; returns how many. Only `Root` may (others `AccessDenied`,
    /// `NotAnAdmin` below the admin levels). An administrator's lock stays, and so do the
    /// caller's own lockout and the primary owner's, which only the owner administers.
    pub async fn reset_all_lockouts(&self, caller: &Caller, older_than: Duration) -> CoreResult<u32> {
        let gate = self.gate(caller, &RESET_ALL_LOCKOUTS, None).await?;
        let actor = gate.check().actor;
        gate.step(access::require_root(&actor)).await?;
        if older_than < Duration::zero() {
            return gate.refuse(CoreError::invalid("olderThan", "must not be negative")).await;
        }
        let (now, lockout, visible) = (gate.now(), self.cfg.lockout, gate.visibility());
        gate.commit(move |tx, audit| {
            let locked =
                UserFilter { locked_at: Some(now), visible, limit: i64::MAX, ..UserFilter::default() };
            let stale: Vec<UserId> = tx
                .list_users(&locked)?
                .into_iter()
                .filter(|u| u.id != actor.id)
                .filter(|u| {
                    u.locked_until.is_some_and(|until| lockout.began_longer_ago(until, now, older_than))
                })
                .map(|u| u.id)
                .collect();
            let clear = UserChanges {
                failed_logins: Some(0),
                locked_until: Some(None),
                modified: Some(now),
                ..UserChanges::default()
            };
            for (i, &id) in stale.iter().enumerate() {
                audit.concerns(id);
                tx.update_user(id, &clear)?;
                if i + 1 < stale.len() {
                    audit.also_concerns(id);
                }
            }
            Ok(u32::try_from(stale.len()).unwrap_or(u32::MAX))
        })
        .await
    }
}
