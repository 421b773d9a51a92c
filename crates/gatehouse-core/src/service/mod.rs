//! One service per use case, all methods of [`Core`]. Each reads the clock once, runs its
//! checks and changes in one transaction on the blocking pool, and audits the outcome.

mod audit_trail;
mod authenticate;
mod bootstrap;
mod change_own_password;
mod force_password_change;
mod list_users;
mod login;
mod logout;
mod lookup_user;
mod own_sessions;
mod refresh;
mod reset_sessions;
mod sessions;
mod set_password;
mod set_role;
mod status;
mod throttle;
mod update_user;
mod users;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::audit::{Action, NewAuditEvent};
use crate::caller::{Caller, RequestContext};
use crate::clock::Clock;
use crate::error::{CoreError, CoreResult};
use crate::hasher::{HashParams, PasswordHasher};
use crate::lookups::Lookups;
use crate::policy::access::{self, Operation, Subject};
use crate::policy::lockout::LockoutPolicy;
use crate::policy::password::PasswordPolicy;
use crate::policy::session::SessionPolicy;
use crate::store::{Store, StoreExt, Tx};
use crate::user::{User, UserId};

pub use audit_trail::MAX_AUDIT_PAGE;
pub use bootstrap::Bootstrapped;
pub use list_users::MAX_PAGE_SIZE;
pub use login::{Issued, LoginRequest};
pub use reset_sessions::MAX_BULK_RESET;
pub use throttle::{LoginThrottle, LoginThrottlePolicy};
pub use update_user::UserUpdate;
pub use users::NewUserRequest;

/// Every tunable the core reads; the server fills it from configuration.
#[derive(Debug, Clone, Default)]
pub struct CoreConfig {
    /// Password rule.
    pub password: PasswordPolicy,
    /// Session lifetimes.
    pub session: SessionPolicy,
    /// Lockout.
    pub lockout: LockoutPolicy,
    /// argon2id cost.
    pub hash: HashParams,
    /// Hashes running at once (0 = number of cores).
    pub hash_concurrency: usize,
    /// Login throttling; `None` when rate limits are off.
    pub login_throttle: Option<LoginThrottlePolicy>,
}

/// The domain core: the one entry point every front end calls.
#[derive(Clone)]
pub struct Core {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    hasher: PasswordHasher,
    lookups: Lookups,
    throttle: Option<LoginThrottle>,
    cfg: Arc<CoreConfig>,
}

impl Core {
    /// Build the core over a store and a clock.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, cfg: CoreConfig) -> CoreResult<Self> {
        let concurrency = match cfg.hash_concurrency {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        };
        let hasher = PasswordHasher::new(cfg.hash, concurrency)?;
        let lookups = Lookups::start(store.clone())?;
        let throttle = cfg.login_throttle.map(LoginThrottle::new);
        Ok(Core { store, clock, hasher, lookups, throttle, cfg: Arc::new(cfg) })
    }

    /// Forget throttling state that has fully recovered; the server calls this now and then.
    pub fn shrink_throttles(&self) {
        if let Some(t) = &self.throttle {
            t.shrink();
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &CoreConfig {
        &self.cfg
    }

    /// The current time from the core's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The password hasher (the benchmark measures its raw rate).
    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    /// Check the database answers (`/readyz`).
    pub async fn ready(&self) -> CoreResult<()> {
        self.blocking(|store| store.ping()).await
    }

    /// Run `f` against the store on the blocking pool.
    async fn blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref())).await.map_err(CoreError::internal)?
    }

    /// Run `f` in one write transaction and audit the outcome: on success the event joins
    /// the transaction; a refusal is recorded in a small transaction of its own (SPEC §3.6).
    async fn audited<R: Send + 'static>(
        &self,
        action: Action,
        ctx: &RequestContext,
        actor: Option<UserId>,
        target: Option<UserId>,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut dyn Tx) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        let event = NewAuditEvent {
            at: now,
            actor,
            target,
            action,
            front_end: ctx.front_end,
            outcome: "ok".into(),
            ip: ctx.ip.clone(),
        };
        let ok_event = event.clone();
        let result = self
            .blocking(move |store| {
                store.write(move |tx| {
                    let out = f(tx)?;
                    tx.insert_audit(&ok_event)?;
                    Ok(out)
                })
            })
            .await;
        match result {
            Err(e) if !matches!(e, CoreError::Internal(_)) => {
                let refused = NewAuditEvent { outcome: e.name().into(), ..event };
                self.record(refused).await?;
                Err(e)
            }
            other => other,
        }
    }

    /// Write one audit event in its own transaction.
    async fn record(&self, event: NewAuditEvent) -> CoreResult<()> {
        self.blocking(move |store| store.write(move |tx| tx.insert_audit(&event))).await
    }

    /// Audit a refusal that happened before any transaction (e.g. a restricted caller).
    async fn refuse<R>(
        &self,
        action: Action,
        caller: &Caller,
        target: Option<UserId>,
        e: CoreError,
    ) -> CoreResult<R> {
        self.record(NewAuditEvent {
            at: self.clock.now(),
            actor: Some(caller.user.id),
            target,
            action,
            front_end: caller.ctx.front_end,
            outcome: e.name().into(),
            ip: caller.ctx.ip.clone(),
        })
        .await?;
        Err(e)
    }
}

/// Load `id` and check that `actor` may do `op` to it (SPEC §3.2).
///
/// An actor whose level administers nobody is refused before the lookup, so a refusal says
/// nothing about whether the target exists.
pub(crate) fn load_target(tx: &mut dyn Tx, actor: &Subject, id: UserId, op: Operation) -> CoreResult<User> {
    let self_op =
        actor.id == id && matches!(op, Operation::Read | Operation::Update | Operation::ManageSessions);
    if !self_op {
        access::require_admin_level(actor)?;
    }
    let target = tx.user(id)?.ok_or(CoreError::NotFound)?;
    access::authorize(actor, &Subject::from(&target), op)?;
    Ok(target)
}
