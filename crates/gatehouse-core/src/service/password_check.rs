//! Password checks counted against their account's lockout before they run (SPEC §3.3): the
//! steps login and change-own-password share, each inside the caller's transaction.

use chrono::{DateTime, Utc};

use crate::error::{CoreError, CoreResult};
use crate::policy::lockout::{self, LockoutKey, LockoutPolicy, Refusal};
use crate::store::Tx;

/// The refusal of a locked account.
pub(crate) fn locked(until: DateTime<Utc>, now: DateTime<Utc>) -> CoreError {
    CoreError::AccountLocked { until, retry_after: lockout::retry_after(until, now) }
}

/// Count one check of `key` before it runs; a locked account checks no password, and an
/// account with as many checks under way as failures remain is asked to retry shortly.
pub(crate) fn begin(
    tx: &mut dyn Tx,
    policy: &LockoutPolicy,
    key: &LockoutKey,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    match policy.begin(tx.lockout(key)?, now) {
        Ok(next) => tx.set_lockout(key, &next),
        Err(Refusal::Locked(until)) => Err(locked(until, now)),
        Err(Refusal::Busy) => Err(CoreError::RateLimited { retry_after: 1 }),
    }
}

/// End a check that failed; the answer is `AccountLocked` when this failure locked, else `wrong`.
pub(crate) fn failed(
    tx: &mut dyn Tx,
    policy: &LockoutPolicy,
    key: &LockoutKey,
    now: DateTime<Utc>,
    wrong: CoreError,
) -> CoreResult<CoreError> {
    let (next, lock) = policy.after_failure(tx.lockout(key)?, now);
    tx.set_lockout(key, &next)?;
    Ok(match lock {
        Some(until) => {
            metrics::counter!("gatehouse_lockouts_total").increment(1);
            locked(until, now)
        }
        None => wrong,
    })
}

/// End a check that passed; `Err(AccountLocked)` (as a value, the counters written) when a
/// lock came into force meanwhile, which the right password does not lift.
pub(crate) fn passed(
    tx: &mut dyn Tx,
    policy: &LockoutPolicy,
    key: &LockoutKey,
    now: DateTime<Utc>,
) -> CoreResult<Result<(), CoreError>> {
    let (next, lock) = policy.after_success(tx.lockout(key)?, now);
    tx.set_lockout(key, &next)?;
    Ok(match lock {
        Some(until) => Err(locked(until, now)),
        None => Ok(()),
    })
}
