//! Exchange a session's token for a new one; the old session stops working (SPEC §4.2).
//! A refused refresh (rotated, logged out, expired) is audited like any refusal.

use super::login::Issued;
use super::Core;
use crate::audit::Action;
use crate::caller::RequestContext;
use crate::error::{CoreError, CoreResult, SessionProblem};
use crate::session::{SecretStyle, SessionId};

impl Core {
    /// Replace session `old` by a new one of the same kind that keeps the original absolute expiry.
    pub async fn refresh(&self, old: SessionId, ctx: &RequestContext) -> CoreResult<Issued> {
        let gate = self.attempt(Some(Action::SessionRefresh), ctx, None, None);
        gate.note(|audit| audit.in_session(&old));
        let (now, policy) = (gate.now(), self.cfg.session);
        let lookup = old.clone();
        let (session, user) = gate
            .read(move |tx| {
                tx.session_with_user(&lookup)?.ok_or(CoreError::SessionInvalid(SessionProblem::Unknown))
            })
            .await?;
        gate.by(user.id);
        ctx.seen.note(user.id);
        gate.step(policy.check(&session, &user.session_epochs, now).map_err(CoreError::SessionInvalid))
            .await?;
        let (mut new, _) =
            self.new_session(&user, session.kind, SecretStyle::None, ctx, now, Some(session.expires_at));
        let uid = user.id;
        let fresh = gate
            .commit(move |tx, audit| {
                // Re-check inside the transaction: a concurrent refresh or reset must win once only.
                let current = tx.user(uid)?.ok_or(CoreError::SessionInvalid(SessionProblem::Unknown))?;
                if !current.may_authenticate(now) {
                    return Err(CoreError::AccountInactive);
                }
                if session.is_revoked(&current.session_epochs) || !tx.revoke_session(&old, now)? {
                    return Err(CoreError::SessionInvalid(SessionProblem::Revoked));
                }
                new.join_generation(&current.session_epochs);
                tx.insert_session(&new)?;
                audit.note("newSession", new.session.id.0.as_str());
                Ok(new.session)
            })
            .await?;
        Ok(Issued {
            persistent: user.session_settings.persistent_for(fresh.kind),
            token_expires_at: policy.token_expiry(&fresh, now),
            password_change_required: user.force_password_change,
            session: fresh,
            secret: None,
            user,
        })
    }
}
