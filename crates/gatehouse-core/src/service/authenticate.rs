//! Resolve a credential to a [`Caller`] on every request (SPEC §3.5): no cache, so a
//! revocation on any instance is seen by the very next request. Concurrent requests share
//! their database reads ([`crate::lookups`]).

use super::Core;
use crate::caller::{Caller, Credential, RequestContext, Scope, Via};
use crate::error::{CoreError, CoreResult, SessionProblem};
use crate::lookups::{Found, Lookup};
use crate::store::StoreExt;

impl Core {
    /// Authenticate a credential; fails with `SessionInvalid`, `ApiKeyInvalid` or `AccountInactive`.
    pub async fn authenticate(&self, credential: Credential, ctx: RequestContext) -> CoreResult<Caller> {
        let (lookup, unknown) = match credential {
            Credential::SessionId(id) => {
                (Lookup::Session(id), CoreError::SessionInvalid(SessionProblem::Unknown))
            }
            Credential::SessionSecret(secret) => {
                (Lookup::SessionSecret(secret.hash()), CoreError::SessionInvalid(SessionProblem::Unknown))
            }
            Credential::ApiKey(key) => (Lookup::ApiKey(key.hash()), CoreError::ApiKeyInvalid),
            Credential::SessionSecretOrApiKey(secret) => (
                Lookup::SessionSecretOrApiKey(secret.hash()),
                CoreError::SessionInvalid(SessionProblem::Unknown),
            ),
        };
        let found = self.lookups.find(lookup).await?.ok_or(unknown)?;
        // Read after the lookup: a session that expires while its request waits is refused.
        let now = self.clock.now();
        let policy = self.cfg.session;
        let (Found::Session(_, owner) | Found::ApiKey(_, owner)) = &found;
        // A closed account says so, even though closing it revoked its sessions and keys.
        if !owner.may_authenticate(now) {
            return Err(CoreError::AccountInactive);
        }
        let (user, via) = match found {
            Found::Session(session, user) => {
                policy.check(&session, &user.session_epochs, now).map_err(CoreError::SessionInvalid)?;
                if policy.needs_touch(&session, now) {
                    let id = session.id.clone();
                    self.blocking(move |s| s.write(move |tx| tx.touch_session(&id, now))).await?;
                }
                (user, Via::Session(session))
            }
            Found::ApiKey(key, user) => {
                if key.revoked_at.is_some() {
                    return Err(CoreError::ApiKeyInvalid);
                }
                (user, Via::ApiKey(key.id))
            }
        };
        let scope = Scope::of(&user, &via);
        ctx.seen.note(user.id);
        Ok(Caller { user, via, scope, ctx })
    }
}
