//! Read and create users.

use super::gate::{AuditDraft, UseCase};
use super::security::RecoveryRequest;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::{Caller, RequestContext};
use crate::error::{CoreError, CoreResult};
use crate::naming::{generated_login, GENERATED_NAME_TRIES};
use crate::policy::access::{self, Operation, Subject};
use crate::policy::scope::Needs;
use crate::profile::ProfileUpdate;
use crate::secret::Password;
use crate::store::{StoreExt, Tx};
use crate::user::{person_name, AuthLevel, Email, Login, NewUser, Status, User, UserId};

/// How a new user's login is chosen.
#[derive(Debug, Clone)]
pub enum NewLogin {
    /// This name.
    Given(String),
    /// Generated from the person's names, numbered when taken, under `domain` when one is
    /// given (Archer `CreateUserEx`; renamed later with `UpdateUserName`).
    FromNames {
        /// The domain of a domain user.
        domain: Option<String>,
    },
}

/// A user to create, as a front end decoded it.
#[derive(Debug, Clone)]
pub struct NewUserRequest {
    /// Login name, given or generated.
    pub login: NewLogin,
    /// Password (not for bots).
    pub password: Option<Password>,
    /// Created without a password (Archer `CreateUserEx`): the user cannot log in until an
    /// administrator sets one.
    pub password_later: bool,
    /// Email address (`None`: none yet, as Archer creates users).
    pub email: Option<String>,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Network (defaults to the actor's).
    pub network_id: Option<i64>,
    /// Mailbox (defaults to the actor's).
    pub mailbox_id: Option<i64>,
    /// Level (defaults to `MailboxUser`).
    pub auth_level: Option<AuthLevel>,
    /// Bot account (API keys only).
    pub is_bot: bool,
    /// Optional profile fields.
    pub profile: ProfileUpdate,
    /// A recovery question and answer (ECGridOS `UserAdd`).
    pub recovery: Option<RecoveryRequest>,
}

const GET_USER: UseCase = UseCase::read(Needs::Own, Operation::Read);
const CREATE_USER: UseCase = UseCase::audited(Action::UserCreate, Needs::Admin, Operation::Read);

impl Core {
    /// Read a user the caller may read.
    pub async fn get_user(&self, caller: &Caller, id: UserId) -> CoreResult<User> {
        let gate = self.gate(caller, &GET_USER, Some(id)).await?;
        let check = gate.check();
        gate.read(move |tx| check.load(tx)).await
    }

    /// The caller's own record as read when this request authenticated: the same rule as
    /// reading oneself with [`Core::get_user`], without a second read of the same row.
    pub async fn own_user(&self, caller: &Caller) -> CoreResult<User> {
        self.gate(caller, &GET_USER, Some(caller.user.id)).await?;
        Ok(caller.user.clone())
    }

    /// Create a user below the caller's level, inside its scope.
    pub async fn create_user(&self, caller: &Caller, req: NewUserRequest) -> CoreResult<User> {
        let gate = self.gate(caller, &CREATE_USER, None).await?;
        let (new, login) = gate.work(self.validate_new_user(Some(gate.check().actor), req)).await?;
        gate.commit(move |tx, audit| insert_new(tx, audit, new, &login)).await
    }

    /// Create a user as the local operator (`gatehouse users create`): whoever can run the
    /// binary against the database is trusted, so no actor and no scope check.
    pub async fn provision_user(&self, req: NewUserRequest, ctx: &RequestContext) -> CoreResult<User> {
        let gate = self.attempt(Some(Action::UserCreate), ctx, None, None);
        let (new, login) = gate.work(self.validate_new_user(None, req)).await?;
        gate.commit(move |tx, audit| insert_new(tx, audit, new, &login)).await
    }

    /// Count of live sessions of all users (the `/metrics` gauge).
    pub async fn live_session_count(&self) -> CoreResult<i64> {
        let now = self.clock.now();
        self.blocking(move |s| s.read(move |tx| tx.count_live_sessions(now))).await
    }

    /// The validated user (its login the first candidate) and how its login is chosen.
    async fn validate_new_user(
        &self,
        actor: Option<Subject>,
        req: NewUserRequest,
    ) -> CoreResult<(NewUser, NewLogin)> {
        let level = req.auth_level.unwrap_or(AuthLevel::MailboxUser);
        let network_id = req.network_id.or(actor.map(|a| a.network_id)).unwrap_or(1);
        let mailbox_id = req.mailbox_id.or(actor.map(|a| a.mailbox_id)).unwrap_or(0);
        if let Some(actor) = &actor {
            access::may_create(actor, level, network_id, mailbox_id)?;
        }
        let first_name = person_name("firstName", &req.first_name)?;
        let last_name = person_name("lastName", &req.last_name)?;
        let login = match &req.login {
            NewLogin::Given(name) => Login::parse(name)?,
            NewLogin::FromNames { domain } => generated_login(&first_name, &last_name, domain.as_deref(), 0)?,
        };
        let email = match req.email.as_deref() {
            Some(email) => Email::parse(email)?,
            None => Email::none(),
        };
        let password_hash = match (req.is_bot, req.password) {
            (true, Some(_)) => return Err(CoreError::invalid("password", "bot users have no password")),
            (true, None) => None,
            (false, None) if req.password_later => None,
            (false, None) => return Err(CoreError::invalid("password", "is required")),
            (false, Some(pw)) => {
                self.cfg.password.check(pw.expose()).map_err(CoreError::WeakPassword)?;
                Some(self.hasher.hash(&pw).await?)
            }
        };
        let new = NewUser {
            login,
            email,
            first_name,
            last_name,
            network_id,
            mailbox_id,
            auth_level: level,
            status: Status::Active,
            password_hash,
            force_password_change: false,
            is_bot: req.is_bot,
            is_primary_owner: false,
            profile: req.profile.apply(&Default::default())?,
            recovery: match req.recovery {
                Some(r) => Some(self.recovery(r).await?),
                None => None,
            },
            now: self.clock.now(),
        };
        Ok((new, req.login))
    }
}

/// Insert `new` under the login `how` chooses: a given name once, a generated one under the
/// next number while the last was taken.
fn insert_new(tx: &mut dyn Tx, audit: &mut AuditDraft, mut new: NewUser, how: &NewLogin) -> CoreResult<User> {
    let NewLogin::FromNames { domain } = how else { return insert_user(tx, audit, &new) };
    for n in 1..=GENERATED_NAME_TRIES {
        match insert_user(tx, audit, &new) {
            Err(CoreError::Conflict(_)) => {
                new.login = generated_login(&new.first_name, &new.last_name, domain.as_deref(), n)?
            }
            other => return other,
        }
    }
    Err(CoreError::Conflict(format!("no free user name after {GENERATED_NAME_TRIES} tries")))
}

/// Insert `new`; the event of its creation names the new user (SPEC §3.6).
pub(crate) fn insert_user(tx: &mut dyn Tx, audit: &mut AuditDraft, new: &NewUser) -> CoreResult<User> {
    let user = tx.insert_user(new)?;
    audit.concerns(user.id);
    audit.changed(audit::user_created(&user));
    Ok(user)
}
