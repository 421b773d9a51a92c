//! Resolve a credential to a [`Caller`] on every request (SPEC §3.5): no cache, so a
//! revocation on any instance is seen by the very next request.

use super::Core;
use crate::caller::{Caller, Credential, RequestContext, Via};
use crate::error::{CoreError, CoreResult, SessionProblem};
use crate::session::Session;
use crate::store::StoreExt;
use crate::user::User;

enum Resolved {
    Session(Session, User),
    ApiKey(i64, User),
}

impl Core {
    /// Authenticate a credential; fails with `SessionInvalid`, `ApiKeyInvalid` or `AccountInactive`.
    pub async fn authenticate(&self, credential: Credential, ctx: RequestContext) -> CoreResult<Caller> {
        let now = self.clock.now();
        let policy = self.cfg.session;
        let resolved = self
            .blocking(move |s| {
                s.read(move |tx| match credential {
                    Credential::SessionId(id) => session_user(tx.session_with_user(&id)?),
                    Credential::SessionSecret(secret) => {
                        session_user(tx.session_with_user_by_secret(&secret.hash())?)
                    }
                    Credential::ApiKey(key) => {
                        let (key, user) =
                            tx.api_key_with_user(&key.hash())?.ok_or(CoreError::ApiKeyInvalid)?;
                        // A closed account says so, even though closing it revoked the key.
                        if !user.status.may_authenticate() {
                            return Err(CoreError::AccountInactive);
                        }
                        if key.revoked_at.is_some() {
                            return Err(CoreError::ApiKeyInvalid);
                        }
                        Ok(Resolved::ApiKey(key.id, user))
                    }
                })
            })
            .await?;
        let (user, via) = match resolved {
            Resolved::Session(session, user) => {
                // A closed account says so, even though closing it revoked the session.
                if !user.status.may_authenticate() {
                    return Err(CoreError::AccountInactive);
                }
                policy.check(&session, &user.session_epochs, now).map_err(CoreError::SessionInvalid)?;
                if policy.needs_touch(&session, now) {
                    let id = session.id.clone();
                    self.blocking(move |s| s.write(move |tx| tx.touch_session(&id, now))).await?;
                }
                (user, Via::Session(session))
            }
            Resolved::ApiKey(id, user) => (user, Via::ApiKey(id)),
        };
        if !user.status.may_authenticate() {
            return Err(CoreError::AccountInactive);
        }
        Ok(Caller { user, via, ctx })
    }
}

fn session_user(found: Option<(Session, User)>) -> CoreResult<Resolved> {
    let (session, user) = found.ok_or(CoreError::SessionInvalid(SessionProblem::Unknown))?;
    Ok(Resolved::Session(session, user))
}
