//! Who is calling, through which credential and front end.

use crate::access::{Arrival, Seen};
use crate::audit::FrontEnd;
use crate::policy::access::Subject;
use crate::secret::BearerSecret;
use crate::session::{Session, SessionId};
use crate::user::User;

/// Where a request came from; recorded in audit events and logs.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// Front end that decoded the request.
    pub front_end: FrontEnd,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// Request id for log correlation.
    pub request_id: String,
    /// Where the core notes the user this request authenticated as (for the access log).
    pub seen: Seen,
}

/// Longest user agent kept in a context (and so in audit rows and logs).
pub const MAX_USER_AGENT_CHARS: usize = 256;

impl RequestContext {
    /// A context for an HTTP request, from what any front end's transport knows of it.
    pub fn from_http(
        front_end: FrontEnd,
        peer: Option<std::net::IpAddr>,
        user_agent: Option<&str>,
        request_id: String,
    ) -> Self {
        RequestContext {
            front_end,
            ip: peer.map(|ip| ip.to_string()),
            user_agent: user_agent.map(|ua| ua.chars().take(MAX_USER_AGENT_CHARS).collect()),
            request_id,
            seen: Seen::default(),
        }
    }

    /// This context with what the server noted on arrival: the client's address (after
    /// trusted proxies) replaces the peer's, and the core's notes reach the access log.
    pub fn arrived(mut self, arrival: Option<&Arrival>) -> Self {
        if let Some(a) = arrival {
            if let Some(client) = a.client {
                self.ip = Some(client.to_string());
            }
            self.seen = a.seen.clone();
        }
        self
    }

    /// A context for the command line.
    pub fn cli() -> Self {
        RequestContext {
            front_end: FrontEnd::Cli,
            ip: None,
            user_agent: None,
            request_id: "cli".into(),
            seen: Seen::default(),
        }
    }
}

/// A raw credential as a front end found it; the core decides what it resolves to.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A session named by its public id (from a verified REST JWT).
    SessionId(SessionId),
    /// An opaque session secret (ECGridOS `SessionID`, Archer `sessionToken`).
    SessionSecret(BearerSecret),
    /// An API key (`X-API-Key`, or in place of a session secret).
    ApiKey(BearerSecret),
    /// A GUID outside `X-API-Key`: an ECGridOS session secret, else a GUID API key; the
    /// session is looked up first.
    SessionSecretOrApiKey(BearerSecret),
}

/// What authenticated the caller.
#[derive(Debug, Clone)]
pub enum Via {
    /// A live session.
    Session(Session),
    /// An API key.
    ApiKey(i64),
    /// The local command line, acting as the given user.
    Cli,
}

/// What a caller's credential lets it do, decided once at authentication (SPEC §3.2, §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Whatever the caller's level allows.
    Full,
    /// Only change its own password, read its session and log out (force password change).
    PasswordChangeOnly,
    /// Only act on itself: a bot's API key performs no administrative operation.
    OwnOnly,
}

impl Scope {
    /// The scope of `user` authenticated through `via`.
    pub fn of(user: &User, via: &Via) -> Scope {
        match via {
            Via::Cli => Scope::Full,
            _ if user.is_bot => Scope::OwnOnly,
            _ if user.force_password_change => Scope::PasswordChangeOnly,
            _ => Scope::Full,
        }
    }
}

/// An authenticated caller: the user as loaded for this request and how it got in.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user, read fresh for this request.
    pub user: User,
    /// The credential that authenticated it.
    pub via: Via,
    /// What the credential lets it do.
    pub scope: Scope,
    /// Request context.
    pub ctx: RequestContext,
}

impl Caller {
    /// The policy facts about the caller.
    pub fn subject(&self) -> Subject {
        Subject::from(&self.user)
    }

    /// The caller's session, when it authenticated with one.
    pub fn session(&self) -> Option<&Session> {
        match &self.via {
            Via::Session(s) => Some(s),
            _ => None,
        }
    }

    /// True while the user must change its password first (SPEC §3.4).
    pub fn is_restricted(&self) -> bool {
        self.scope == Scope::PasswordChangeOnly
    }
}
