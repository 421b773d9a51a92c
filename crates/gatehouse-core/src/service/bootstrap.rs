//! First start: the primary owner and service-wide secrets (SPEC §7).

use super::users::insert_user;
use super::Core;
use crate::audit::Action;
use crate::caller::RequestContext;
use crate::error::{CoreError, CoreResult};
use crate::secret::{BearerSecret, Password};
use crate::store::StoreExt;
use crate::user::{AuthLevel, Email, Login, NewUser, Status, User};

/// What bootstrap did.
#[derive(Debug)]
pub enum Bootstrapped {
    /// The database already had users.
    AlreadyDone,
    /// Created the primary owner with the configured password.
    Created(User),
    /// Created `admin` with this generated password, to be printed once; it must be changed.
    CreatedWithPassword(User, Password),
}

impl Core {
    /// Create the primary owner (Root, network 1, mailbox 0) on an empty database.
    ///
    /// Without a configured login and password: login `admin`, a random password, and force
    /// password change set.
    pub async fn bootstrap(
        &self,
        login: Option<String>,
        password: Option<Password>,
    ) -> CoreResult<Bootstrapped> {
        let count = self.blocking(|s| s.read(|tx| tx.count_users())).await?;
        if count > 0 {
            return Ok(Bootstrapped::AlreadyDone);
        }
        let (login, password, generated) = match (login, password) {
            (Some(l), Some(p)) => {
                self.cfg.password.check(p.expose()).map_err(CoreError::WeakPassword)?;
                (l, p, false)
            }
            (None, None) => {
                let random = BearerSecret::random_alnum("", 20);
                (String::from("admin"), Password::new(format!("{}-aA1", random.expose())), true)
            }
            _ => {
                return Err(CoreError::invalid(
                    "GATEHOUSE_BOOTSTRAP_LOGIN",
                    "set both GATEHOUSE_BOOTSTRAP_LOGIN and GATEHOUSE_BOOTSTRAP_PASSWORD, or neither",
                ))
            }
        };
        let hash = self.hasher.hash(&password).await?;
        let now = self.clock.now();
        let login = Login::parse(&login)?;
        let email = Email::parse(&format!("{}@localhost.localdomain", login.as_str()))
            .or_else(|_| Email::parse("owner@localhost.localdomain"))?;
        let new = NewUser {
            login,
            email,
            first_name: "Primary".into(),
            last_name: "Owner".into(),
            network_id: 1,
            mailbox_id: 0,
            auth_level: AuthLevel::Root,
            status: Status::Active,
            password_hash: Some(hash),
            force_password_change: generated,
            is_bot: false,
            is_primary_owner: true,
            profile: Default::default(),
            recovery: None,
            now,
        };
        let gate = self.attempt(Some(Action::UserCreate), &RequestContext::cli(), None, None);
        let user = gate
            .commit(move |tx, audit| {
                // Another instance may have bootstrapped meanwhile.
                if tx.count_users()? > 0 {
                    audit.skip();
                    return Ok(None);
                }
                insert_user(tx, audit, &new).map(Some)
            })
            .await;
        let user = match user {
            // Another instance inserted the owner between our count and our insert.
            Err(CoreError::Conflict(_)) => None,
            other => other?,
        };
        Ok(match user {
            None => Bootstrapped::AlreadyDone,
            Some(u) if generated => Bootstrapped::CreatedWithPassword(u, password),
            Some(u) => Bootstrapped::Created(u),
        })
    }

    /// A service-wide secret stored in the database, generated on first use so every instance shares it.
    pub async fn shared_secret(&self, name: &'static str) -> CoreResult<String> {
        let candidate = BearerSecret::random_alnum("", 64);
        self.blocking(move |s| s.write(move |tx| tx.setting_or_insert(name, candidate.expose()))).await
    }
}
