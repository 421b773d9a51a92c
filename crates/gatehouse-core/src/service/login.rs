//! Password login (SPEC §3.3, §3.5): lockout, timing-equalised failures, rehash, session creation.

use chrono::{DateTime, Utc};

use super::Core;
use crate::audit::{Action, NewAuditEvent};
use crate::caller::RequestContext;
use crate::error::{CoreError, CoreResult};
use crate::secret::{BearerSecret, Password};
use crate::session::{ClientKind, NewSession, SecretStyle, Session, SessionId};
use crate::store::StoreExt;
use crate::user::{Login, User, UserChanges};

/// A login attempt as a front end decoded it.
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// Login name or email address.
    pub login: String,
    /// Password.
    pub password: Password,
    /// Kind of client logging in.
    pub kind: ClientKind,
    /// Opaque secret the front end hands out, if any.
    pub secret: SecretStyle,
}

/// A new session and what the client needs to use it.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The session.
    pub session: Session,
    /// The opaque secret, for SOAP-style front ends.
    pub secret: Option<BearerSecret>,
    /// The user, as stored after the login.
    pub user: User,
    /// The session is restricted until the password is changed (SPEC §3.4).
    pub password_change_required: bool,
    /// When a token issued now for this session stops working.
    pub token_expires_at: DateTime<Utc>,
}

impl Core {
    /// Log in with a password and open a session.
    pub async fn login(&self, req: LoginRequest, ctx: &RequestContext) -> CoreResult<Issued> {
        let now = self.clock.now();
        if let Some(throttle) = &self.throttle {
            // Before any lookup or hashing: a flood costs the server nothing but this check.
            if let Err(e) = throttle.check(ctx.ip.as_deref(), &req.login) {
                self.record(login_event(ctx, None, now, e.name())).await?;
                return Err(e);
            }
        }
        let Some((user, hash)) = self.find_login_user(&req.login).await? else {
            // Unknown login, bot, or no password: spend a verification so timing matches.
            self.hasher.verify_dummy(&req.password).await?;
            let actor = None;
            self.record(login_event(ctx, actor, now, CoreError::InvalidCredentials.name())).await?;
            return Err(CoreError::InvalidCredentials);
        };
        if user.is_locked(now) {
            let until = user.locked_until.unwrap_or(now);
            self.hasher.verify_dummy(&req.password).await?; // same timing as any other refusal
            let retry_after = u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1);
            let e = CoreError::AccountLocked { until, retry_after };
            return self.login_refused(&user, ctx, now, e).await;
        }
        if !self.hasher.verify(&req.password, &hash).await? {
            return self.login_failed(&user, ctx, now).await;
        }
        if !user.status.may_authenticate() {
            return self.login_refused(&user, ctx, now, CoreError::AccountInactive).await;
        }
        let rehash =
            if self.hasher.needs_rehash(&hash) { Some(self.hasher.hash(&req.password).await?) } else { None };
        let (mut new_session, secret) = self.new_session(&user, req.kind, req.secret, ctx, now, None);
        let event = login_event(ctx, Some(user.id), now, "ok");
        let id = user.id;
        let (user, session) = self
            .blocking(move |s| {
                s.write(move |tx| {
                    let changes = UserChanges {
                        password_hash: rehash,
                        failed_logins: Some(0),
                        locked_until: Some(None),
                        last_login: Some(now),
                        ..UserChanges::default()
                    };
                    let user = tx.update_user(id, &changes)?;
                    // Read with this transaction's row write.
                    new_session.join_generation(&user.session_epochs);
                    tx.insert_session(&new_session)?;
                    tx.insert_audit(&event)?;
                    Ok((user, new_session.session))
                })
            })
            .await?;
        Ok(Issued {
            token_expires_at: self.cfg.session.token_expiry(&session, now),
            password_change_required: user.force_password_change,
            session,
            secret,
            user,
        })
    }

    /// The user a login name or email address names, if exactly one, with its password hash;
    /// `None` also for a bot or a user without a password. One trip to the blocking pool, and
    /// one statement for a login name.
    async fn find_login_user(&self, login: &str) -> CoreResult<Option<(User, String)>> {
        let Ok(normalised) = Login::parse(login) else {
            return Ok(None);
        };
        let email = login.trim().to_string();
        self.blocking(move |s| {
            s.read(move |tx| {
                let found = match tx.user_by_login_with_hash(&normalised)? {
                    Some(found) => Some(found),
                    None if email.contains('@') => match tx.users_by_email(&email)?.as_slice() {
                        [user] => Some((user.clone(), tx.password_hash(user.id)?)),
                        _ => None,
                    },
                    None => None,
                };
                Ok(match found {
                    Some((user, Some(hash))) if !user.is_bot => Some((user, hash)),
                    _ => None,
                })
            })
        })
        .await
    }

    /// Count a wrong password and lock at the threshold; the failure that locks answers
    /// `AccountLocked`, the others `InvalidCredentials`.
    async fn login_failed(
        &self,
        user: &User,
        ctx: &RequestContext,
        now: DateTime<Utc>,
    ) -> CoreResult<Issued> {
        let lockout = self.cfg.lockout;
        let id = user.id;
        let ctx = ctx.clone();
        let error = self
            .blocking(move |s| {
                s.write(move |tx| {
                    let current = tx.user_for_update(id)?.ok_or(CoreError::NotFound)?;
                    let after = lockout.after_failure(current.failed_logins, current.locked_until, now);
                    let changes = UserChanges {
                        failed_logins: Some(after.failed_logins),
                        locked_until: after.locked_until.map(Some),
                        ..UserChanges::default()
                    };
                    tx.update_user(id, &changes)?;
                    let error = match after.locked_until {
                        Some(until) => CoreError::AccountLocked {
                            until,
                            retry_after: u64::try_from((until - now).num_seconds()).unwrap_or(1).max(1),
                        },
                        None => CoreError::InvalidCredentials,
                    };
                    tx.insert_audit(&login_event(&ctx, Some(id), now, error.name()))?;
                    Ok(error)
                })
            })
            .await?;
        Err(error)
    }

    async fn login_refused(
        &self,
        user: &User,
        ctx: &RequestContext,
        now: DateTime<Utc>,
        e: CoreError,
    ) -> CoreResult<Issued> {
        self.record(login_event(ctx, Some(user.id), now, e.name())).await?;
        Err(e)
    }

    /// A session record for `user`, with an opaque secret when the front end wants one.
    pub(crate) fn new_session(
        &self,
        user: &User,
        kind: ClientKind,
        style: SecretStyle,
        ctx: &RequestContext,
        now: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> (NewSession, Option<BearerSecret>) {
        let secret = match style {
            SecretStyle::None => None,
            SecretStyle::Guid => Some(BearerSecret::random_guid()),
            SecretStyle::Alnum32 => Some(BearerSecret::random_alnum("", 32)),
        };
        let session = Session {
            id: SessionId::generate(),
            user_id: user.id,
            kind,
            created: now,
            last_seen: now,
            expires_at: expires_at.unwrap_or(now + self.cfg.session.max_life),
            revoked_at: None,
            // As last read; the inserting transaction joins the generation current then.
            epoch: user.session_epochs.of(kind),
            ip: ctx.ip.clone(),
            user_agent: ctx.user_agent.clone(),
        };
        let new = NewSession { session, secret_hash: secret.as_ref().map(BearerSecret::hash) };
        (new, secret)
    }
}

fn login_event(
    ctx: &RequestContext,
    actor: Option<crate::user::UserId>,
    now: DateTime<Utc>,
    outcome: &str,
) -> NewAuditEvent {
    NewAuditEvent {
        at: now,
        actor,
        target: actor,
        action: Action::Login,
        front_end: ctx.front_end,
        outcome: outcome.into(),
        ip: ctx.ip.clone(),
    }
}
