//! Sessions and the kinds of client that hold them (SPEC §3.5).

use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;
use crate::user::UserId;

/// Public session id (a UUID); not a credential on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionId(pub String);

impl SessionId {
    /// A new random id.
    pub fn generate() -> Self {
        SessionId(uuid::Uuid::new_v4().to_string())
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of client holds a session; the Web API resets by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum ClientKind {
    /// Browser.
    Web,
    /// Phone or tablet app.
    Mobile,
    /// Desktop app.
    Desktop,
    /// Programmatic client (SOAP integrations log in as this).
    Api,
}

impl ClientKind {
    /// Every kind.
    pub const ALL: &'static [ClientKind] = <ClientKind as strum::VariantArray>::VARIANTS;

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl FromStr for ClientKind {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClientKind::ALL.iter().copied().find(|k| k.as_str() == s).ok_or_else(|| {
            CoreError::invalid("clientType", format!("unknown client type `{s}` (web, mobile, desktop, api)"))
        })
    }
}

/// Which sessions a reset revokes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetScope {
    /// Every session of the user.
    All,
    /// Only sessions of these kinds.
    Kinds(Vec<ClientKind>),
}

impl ResetScope {
    /// The Web API flags (SPEC §6): mobile only, web only, both, or neither (= all).
    pub fn from_flags(mobile_only: bool, web_only: bool) -> Self {
        match (mobile_only, web_only) {
            (false, false) => ResetScope::All,
            (true, false) => ResetScope::Kinds(vec![ClientKind::Mobile]),
            (false, true) => ResetScope::Kinds(vec![ClientKind::Web]),
            (true, true) => ResetScope::Kinds(vec![ClientKind::Mobile, ClientKind::Web]),
        }
    }

    /// True for a reset of every session.
    pub fn is_full(&self) -> bool {
        matches!(self, ResetScope::All)
    }

    /// True when the scope covers sessions of `kind`.
    pub fn covers(&self, kind: ClientKind) -> bool {
        match self {
            ResetScope::All => true,
            ResetScope::Kinds(kinds) => kinds.contains(&kind),
        }
    }
}

/// Per client kind, the generation a user's sessions must carry to be live. A reset bumps the
/// generations it covers, which revokes every older session of those kinds in one row write
/// however many sessions there are (SPEC §8: a reset of 10k sessions costs what one does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionEpochs {
    /// Browser sessions.
    pub web: i64,
    /// Phone and tablet sessions.
    pub mobile: i64,
    /// Desktop app sessions.
    pub desktop: i64,
    /// Programmatic (SOAP, API) sessions.
    pub api: i64,
}

impl SessionEpochs {
    /// The generation of `kind`.
    pub fn of(&self, kind: ClientKind) -> i64 {
        match kind {
            ClientKind::Web => self.web,
            ClientKind::Mobile => self.mobile,
            ClientKind::Desktop => self.desktop,
            ClientKind::Api => self.api,
        }
    }
}

/// A server-side session record.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Public id (JWT `sid`).
    pub id: SessionId,
    /// Owner.
    pub user_id: UserId,
    /// Client kind.
    pub kind: ClientKind,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Last use, written at most about once a minute.
    pub last_seen: DateTime<Utc>,
    /// Absolute end of life.
    pub expires_at: DateTime<Utc>,
    /// Set when this session alone was revoked (logout, refresh, revoke by id).
    pub revoked_at: Option<DateTime<Utc>>,
    /// The owner's [`SessionEpochs`] generation for this kind when the session was opened.
    pub epoch: i64,
    /// Client address at creation.
    pub ip: Option<String>,
    /// Client user agent at creation.
    pub user_agent: Option<String>,
}

impl Session {
    /// True when revoked alone or by a reset of its kind since it was opened.
    pub fn is_revoked(&self, epochs: &SessionEpochs) -> bool {
        self.revoked_at.is_some() || self.epoch < epochs.of(self.kind)
    }
}

/// Everything needed to insert a session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The session record.
    pub session: Session,
    /// SHA-256 of the opaque bearer secret (SOAP `SessionID`, Archer token), if any.
    pub secret_hash: Option<String>,
}

impl NewSession {
    /// Join the owner's current generation of this session's kind, as read by the transaction
    /// that inserts it: a reset that committed first then revokes nothing this session needs,
    /// and is never undone by it.
    pub fn join_generation(&mut self, owner_epochs: &SessionEpochs) {
        self.session.epoch = owner_epochs.of(self.session.kind);
    }
}

/// Which opaque secret, if any, a new session carries besides its JWT id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretStyle {
    /// REST: the session is named by a signed JWT; no extra secret.
    None,
    /// ECGridOS: a GUID string.
    Guid,
    /// Archer: 32 alphanumeric characters.
    Alnum32,
}
