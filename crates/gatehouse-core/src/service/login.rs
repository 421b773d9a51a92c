//! Password login (SPEC §3.3, §3.5): exact lockout, timing-equalised failures, rehash, and a
//! session stored only if nothing changed since the password was checked.

use chrono::{DateTime, Utc};

use super::{password_check, Core};
use crate::audit::Action;
use crate::caller::RequestContext;
use crate::error::{CoreError, CoreResult};
use crate::limits::Limited;
use crate::policy::lockout::LockoutKey;
use crate::policy::session::SessionPolicy;
use crate::secret::{BearerSecret, Password};
use crate::session::{ClientKind, NewSession, SecretStyle, Session, SessionId};
use crate::store::Tx;
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
    /// The instance the client addressed (Archer `instanceName`), when the front end has one:
    /// it must name this one ([`CoreConfig::instance_name`](super::CoreConfig)), ignoring case.
    pub instance: Option<String>,
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
    /// False when the user's policy asks its web and desktop clients to keep the token in
    /// memory only (Slack `desktop_app_browser_quit`; a server cannot see the app quit).
    pub persistent: bool,
}

impl Core {
    /// Log in with a password and open a session.
    ///
    /// Every attempt is counted against its account before the password is checked (login
    /// name and email of a user share one account; an unknown name is its own), so the lock
    /// is exact under concurrency and across instances and reveals nothing. The session is
    /// stored only if the user's status, password and session generation are still those
    /// checked (SPEC §3.5).
    pub async fn login(&self, req: LoginRequest, ctx: &RequestContext) -> CoreResult<Issued> {
        let gate = self.attempt(Some(Action::Login), ctx, None, None);
        gate.note(|audit| audit.note("clientKind", req.kind.as_str()));
        let now = gate.now();
        // Before any lookup or hashing: a flood costs the server nothing but this check.
        if let Some(ip) = &ctx.ip {
            self.limit(Limited::LoginPerAddress, ip)?;
        }
        if let Some(sent) = req.instance.as_deref().map(str::trim) {
            if !sent.eq_ignore_ascii_case(self.cfg.instance_name.trim()) {
                let shown: String = sent.chars().take(64).collect();
                let e = CoreError::invalid(
                    "instanceName",
                    format!("`{shown}` is not an instance of this server"),
                );
                return gate.refuse(e).await;
            }
        }
        let (lockout, limits, name) = (self.cfg.lockout, self.limits.clone(), req.login.clone());
        let (key, found) = gate
            .write(move |tx, audit| {
                let found = find_login_user(tx, &name)?;
                let key = match &found {
                    Some((user, _)) => {
                        audit.by(user.id);
                        LockoutKey::User(user.id)
                    }
                    None => LockoutKey::Name(BearerSecret::new(normalised(&name)).hash()),
                };
                if let Some(limits) = &limits {
                    limits.check(Limited::LoginPerAccount, &key)?;
                }
                password_check::begin(tx, &lockout, &key, now)?;
                Ok((key, found))
            })
            .await?;
        let verified = match &found {
            Some((_, hash)) => gate.work(self.hasher.verify(&req.password, hash)).await?,
            // Unknown login, bot, or no password: spend a verification so timing matches.
            None => {
                gate.work(self.hasher.verify_dummy(&req.password)).await?;
                false
            }
        };
        let Some((checked, hash)) = found.filter(|_| verified) else {
            let refusal = gate
                .commit(move |tx, audit| {
                    let e = password_check::failed(tx, &lockout, &key, now, CoreError::InvalidCredentials)?;
                    audit.records(&e);
                    Ok(e)
                })
                .await?;
            return Err(refusal);
        };
        let rehash = match self.hasher.needs_rehash(&hash) {
            true => Some(gate.work(self.hasher.hash(&req.password)).await?),
            false => None,
        };
        let (mut new_session, secret) = self.new_session(&checked, req.kind, req.secret, ctx, now, None);
        let (max_sessions, policy) = (self.cfg.max_sessions_per_user, self.cfg.session);
        let outcome = gate
            .commit(move |tx, audit| {
                let refusal = match password_check::passed(tx, &lockout, &key, now)? {
                    Err(locked) => Some(locked),
                    Ok(()) => match changed_since_checked(tx, &checked, &hash, now)? {
                        None => at_most_sessions(tx, &checked, max_sessions, &policy, now)?,
                        changed => changed,
                    },
                };
                if let Some(e) = refusal {
                    audit.records(&e);
                    return Ok(Err(e));
                }
                let changes =
                    UserChanges { password_hash: rehash, last_login: Some(now), ..UserChanges::default() };
                let user = tx.update_user(checked.id, &changes)?;
                new_session.join_generation(&user.session_epochs);
                tx.insert_session(&new_session)?;
                audit.in_session(&new_session.session.id);
                Ok(Ok((user, new_session.session)))
            })
            .await?;
        let (user, session) = outcome?;
        ctx.seen.note(user.id);
        Ok(Issued {
            persistent: user.session_settings.persistent_for(session.kind),
            token_expires_at: self.cfg.session.token_expiry(&session, now),
            password_change_required: user.force_password_change,
            session,
            secret,
            user,
        })
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
            expires_at: expires_at
                .unwrap_or(now + user.session_settings.duration.unwrap_or(self.cfg.session.max_life)),
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

/// The user a login name or email address names, if exactly one, with its password hash;
/// `None` also for a bot or a user without a password (one statement for a login name).
fn find_login_user(tx: &mut dyn Tx, login: &str) -> CoreResult<Option<(User, String)>> {
    let Ok(normalised) = Login::parse(login) else {
        return Ok(None);
    };
    let email = login.trim();
    let found = match tx.user_by_login_with_hash(&normalised)? {
        Some(found) => Some(found),
        None if email.contains('@') => match tx.users_by_email(email)?.as_slice() {
            [user] => Some((user.clone(), tx.password_hash(user.id)?)),
            _ => None,
        },
        None => None,
    };
    Ok(match found {
        Some((user, Some(hash))) if !user.is_bot => Some((user, hash)),
        _ => None,
    })
}

/// A name that is no user's, as its lockout counters are keyed.
fn normalised(name: &str) -> String {
    Login::parse(name).map(|l| l.as_str().to_string()).unwrap_or_else(|_| name.trim().to_lowercase())
}

/// Why a login checked against `checked` and `hash` may not open a session now: the user was
/// suspended or terminated, its password set, or its sessions reset since the check.
fn changed_since_checked(
    tx: &mut dyn Tx,
    checked: &User,
    hash: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<CoreError>> {
    let current = tx.user_for_update(checked.id)?.ok_or(CoreError::InvalidCredentials)?;
    if !current.may_authenticate(now) {
        return Ok(Some(CoreError::AccountInactive));
    }
    let same_password = tx.password_hash(checked.id)?.as_deref() == Some(hash);
    if !same_password || current.session_epochs != checked.session_epochs {
        return Ok(Some(CoreError::InvalidCredentials));
    }
    Ok(None)
}

/// `TooManySessions` when `user` already holds the most live sessions its policy (or the
/// service's default) allows. Runs after [`changed_since_checked`] locked the user's row, so
/// concurrent logins of one user count one after another (SPEC §3.5).
fn at_most_sessions(
    tx: &mut dyn Tx,
    user: &User,
    default_max: Option<u32>,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
) -> CoreResult<Option<CoreError>> {
    let Some(max) = user.session_settings.max_sessions.or(default_max) else {
        return Ok(None);
    };
    let live = tx
        .live_sessions(user.id, now)?
        .iter()
        .filter(|s| policy.check(s, &user.session_epochs, now).is_ok())
        .count();
    Ok((live >= max as usize).then_some(CoreError::TooManySessions { max }))
}
