//! One service per use case, all methods of [`Core`]. Each reads the clock once, runs its
//! checks and changes in one transaction on the blocking pool, and audits the outcome.

mod all_sessions;
mod audit_draft;
mod audit_trail;
mod authenticate;
mod bootstrap;
mod break_glass;
mod change_own_password;
mod expiration;
mod force_password_change;
mod gate;
mod generate_password;
mod list_users;
mod login;
mod logout;
mod lookup_email;
mod lookup_user;
mod move_user;
mod open_sessions;
mod own_sessions;
mod password_check;
mod refresh;
mod reset_all_lockouts;
mod reset_sessions;
mod reveal_api_key;
mod security;
mod send_sms;
mod session_log;
mod session_settings;
mod sessions;
mod set_password;
mod set_role;
mod status;
mod team_role;
mod update_user;
mod users;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::error::{CoreError, CoreResult};
use crate::hasher::{HashParams, PasswordHasher};
use crate::limits::{Limits, LimitsPolicy};
use crate::lookups::Lookups;
use crate::policy::access::{self, Operation, Subject};
use crate::policy::lockout::LockoutPolicy;
use crate::policy::password::PasswordPolicy;
use crate::policy::session::SessionPolicy;
use crate::store::{Store, Tx};
use crate::user::{User, UserId};

pub use all_sessions::{SessionCursor, SessionPage, MAX_SESSION_PAGE};
pub use audit_trail::MAX_AUDIT_PAGE;
pub use bootstrap::Bootstrapped;
pub use list_users::{Page, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
pub use login::{Issued, LoginRequest};
pub use reset_sessions::MAX_BULK_RESET;
pub use reveal_api_key::KEYS_ARE_HASHED;
pub use security::{RecoveryRequest, SecurityChange, MAX_QUESTION_CHARS};
pub use send_sms::MAX_SMS_CHARS;
pub use session_log::{SessionLog, SessionLogEntry, SessionState, MAX_EVENTS_PER_SESSION, MAX_SESSION_LOG};
pub use team_role::TeamRole;
pub use update_user::{LoginChange, UserUpdate};
pub use users::{NewLogin, NewUserRequest};

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
    /// Rate limits; `None` when they are off.
    pub limits: Option<LimitsPolicy>,
    /// Most live sessions a user may hold when its own policy does not say (`None`: unlimited).
    pub max_sessions_per_user: Option<u32>,
    /// This instance's name, which logins naming an instance must name (Archer `instanceName`).
    pub instance_name: String,
}

/// The domain core: the one entry point every front end calls.
#[derive(Clone)]
pub struct Core {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    hasher: PasswordHasher,
    lookups: Lookups,
    limits: Option<Limits>,
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
        let limits = cfg.limits.map(|policy| Limits::new(policy, clock.clone()));
        Ok(Core { store, clock, hasher, lookups, limits, cfg: Arc::new(cfg) })
    }

    /// The rate limits table, when rate limits are on (the Web API counts its calls here).
    pub fn limits(&self) -> Option<&Limits> {
        self.limits.as_ref()
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

    /// Run `f` against the store on the blocking pool, inside the request's tracing span so
    /// store log lines keep the request id.
    async fn blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Store) -> CoreResult<R> + Send + 'static,
    ) -> CoreResult<R> {
        let store = self.store.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| f(store.as_ref())))
            .await
            .map_err(CoreError::internal)?
    }
}

/// Load `id` and check that `actor` may do `op` to it (SPEC §3.2).
///
/// An actor whose level administers nobody is refused before the lookup, so a refusal says
/// nothing about whether the target exists.
pub(crate) fn load_target(tx: &mut dyn Tx, actor: &Subject, id: UserId, op: Operation) -> CoreResult<User> {
    if !(actor.id == id && op.allowed_on_self()) {
        access::require_admin_level(actor)?;
    }
    let target = tx.user(id)?.ok_or(CoreError::NotFound)?;
    access::authorize(actor, &Subject::from(&target), op)?;
    Ok(target)
}
