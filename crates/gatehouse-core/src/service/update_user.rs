//! Update a user's name, email, profile and login (ECGridOS `UserUpdate`, Archer `UpdateUserEx`
//! and `UpdateUserName`, REST `PUT /v2/users`).

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::naming::with_domain;
use crate::policy::access::{self, Operation, Subject};
use crate::policy::scope::Needs;
use crate::profile::ProfileUpdate;
use crate::user::{person_name, AuthLevel, Email, Login, User, UserChanges, UserId};

/// The fields an update may change; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    /// New email.
    pub email: Option<String>,
    /// New given name.
    pub first_name: Option<String>,
    /// New family name.
    pub last_name: Option<String>,
    /// Profile fields to change.
    pub profile: ProfileUpdate,
    /// A new login: administrative only, never on oneself (SPEC §3.2 lets a user change its
    /// name and email, not its login).
    pub login: Option<LoginChange>,
    /// A new level (ECGridOS `UserUpdate`'s `AuthLevel`): when it differs from the stored one,
    /// authorized as a role change, so never above the caller's own nor on oneself.
    pub auth_level: Option<AuthLevel>,
}

/// How an update renames a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginChange {
    /// To this login (Archer `UpdateUserName`).
    To(String),
    /// Into this domain, or out of any when `None`, keeping the name (Archer `UpdateUserEx`'s
    /// `userDomain`).
    Domain(Option<String>),
}

impl UserUpdate {
    /// Validate the name and email into store changes; the profile and the login are merged
    /// with the stored ones in the transaction.
    fn into_changes(
        self,
    ) -> CoreResult<(UserChanges, ProfileUpdate, Option<LoginChange>, Option<AuthLevel>)> {
        let changes = UserChanges {
            email: self.email.map(|e| Email::parse(&e).map(|e| e.as_str().to_string())).transpose()?,
            first_name: self.first_name.map(|n| person_name("firstName", &n)).transpose()?,
            last_name: self.last_name.map(|n| person_name("lastName", &n)).transpose()?,
            ..UserChanges::default()
        };
        if let Some(LoginChange::To(login)) = &self.login {
            Login::parse(login)?;
        }
        Ok((changes, self.profile, self.login, self.auth_level))
    }
}

const UPDATE_USER: UseCase = UseCase::audited(Action::UserUpdate, Needs::Own, Operation::Update);
const RENAME_USER: UseCase = UseCase::audited(Action::UserUpdate, Needs::Admin, Operation::Rename);

impl Core {
    /// Apply `update` to `target` and return the stored user.
    pub async fn update_user(&self, caller: &Caller, target: UserId, update: UserUpdate) -> CoreResult<User> {
        self.update(caller, target, update).await.map(|(user, _)| user)
    }

    /// Rename `target` to `login`; false when that is already its login (Archer
    /// `UpdateUserName` answers 0 then). A taken login, or one that looks like a taken one, is
    /// a `Conflict`.
    pub async fn rename_user(&self, caller: &Caller, target: UserId, login: &str) -> CoreResult<bool> {
        let update = UserUpdate { login: Some(LoginChange::To(login.to_string())), ..UserUpdate::default() };
        self.update(caller, target, update).await.map(|(_, renamed)| renamed)
    }

    async fn update(&self, caller: &Caller, target: UserId, update: UserUpdate) -> CoreResult<(User, bool)> {
        let uc = if update.login.is_some() { &RENAME_USER } else { &UPDATE_USER };
        let gate = self.gate(caller, uc, Some(target)).await?;
        let (changes, profile, login, level) = gate.step(update.into_changes()).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            let auth_level = level.filter(|l| *l != user.auth_level);
            if let Some(level) = auth_level {
                access::authorize(&check.actor, &Subject::from(&user), Operation::SetRole(level))?;
            }
            let profile = match profile.is_empty() {
                true => None,
                false => Some(profile.apply(&user.profile)?),
            };
            let login = new_login(&user, login)?;
            let renamed = login.is_some();
            let changes = UserChanges { modified: Some(now), profile, login, auth_level, ..changes };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok((after, renamed))
        })
        .await
    }
}

/// The login `change` gives `user`, when it differs from the current one.
fn new_login(user: &User, change: Option<LoginChange>) -> CoreResult<Option<Login>> {
    let login = match change {
        None => return Ok(None),
        Some(LoginChange::To(login)) => Login::parse(&login)?,
        Some(LoginChange::Domain(domain)) => with_domain(&user.login, domain.as_deref())?,
    };
    Ok(Some(login).filter(|l| l.as_str() != user.login))
}
