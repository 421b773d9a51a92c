//! What the server's access log and metrics learn about one request (SPEC §7), without HTTP:
//! the server notes the client's address on [`Arrival`], the core notes the user the request
//! authenticated as in its [`Seen`] slot, and the front end answers with [`Served`]: the
//! operation and outcome in its own terms (REST `errorCode`, SOAP fault code and detail code,
//! Slack `error`).

use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

use crate::user::UserId;

/// The user a request authenticated (or logged in) as, once the core knows it.
#[derive(Debug, Clone, Default)]
pub struct Seen(Arc<OnceLock<UserId>>);

impl Seen {
    /// Note `user` (the first note stands).
    pub fn note(&self, user: UserId) {
        let _ = self.0.set(user);
    }

    /// The user noted, if any.
    pub fn user(&self) -> Option<UserId> {
        self.0.get().copied()
    }
}

/// What the server knows of a request before a front end reads it.
#[derive(Debug, Clone, Default)]
pub struct Arrival {
    /// The client's address: the peer, or the first address before the trusted proxies in
    /// `X-Forwarded-For`.
    pub client: Option<IpAddr>,
    /// Where the core notes the authenticated user.
    pub seen: Seen,
}

/// How a front end served a request, in its own terms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Served {
    /// The front end (`rest`, `slack`, `soap11`, `soap12`, `http-post`, `archer`); `None`:
    /// the server's own (by path).
    pub front_end: Option<&'static str>,
    /// The operation (SOAP `UserReset (SOAP 1.1)`, Web API `admin.users.session.reset`);
    /// `None`: the server names it (REST: method and route template).
    pub operation: Option<String>,
    /// `ok`, or the refusal in the front end's terms; `None`: by the HTTP status.
    pub outcome: Option<String>,
}

impl Served {
    /// A refusal, before the operation is known.
    pub fn refused(outcome: impl Into<String>) -> Self {
        Served { outcome: Some(outcome.into()), ..Served::default() }
    }

    /// The same answer, known to be `operation` of `front_end`.
    pub fn as_operation(self, front_end: &'static str, operation: impl Into<String>) -> Self {
        Served { front_end: Some(front_end), operation: Some(operation.into()), ..self }
    }
}
