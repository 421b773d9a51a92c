//! Who may administer whom (SPEC §3.2): one policy for every front end.

use crate::error::CoreError;
use crate::user::{AuthLevel, User, UserId, Visibility};

/// How far an actor's level reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every user (Root, TechOps, NetOps).
    Global,
    /// Users of the actor's network.
    Network,
    /// Users of the actor's network and mailbox.
    Mailbox,
    /// Administers nobody.
    Nobody,
}

/// The reach of a level.
pub fn reach(level: AuthLevel) -> Reach {
    match level {
        AuthLevel::Root | AuthLevel::TechOps | AuthLevel::NetOps => Reach::Global,
        AuthLevel::NetworkAdmin => Reach::Network,
        AuthLevel::MailboxAdmin => Reach::Mailbox,
        AuthLevel::NetworkUser | AuthLevel::MailboxUser | AuthLevel::TPUser | AuthLevel::General => {
            Reach::Nobody
        }
    }
}

/// The facts about a user that the policy needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// User id.
    pub id: UserId,
    /// Level.
    pub level: AuthLevel,
    /// Network.
    pub network_id: i64,
    /// Mailbox.
    pub mailbox_id: i64,
    /// Bootstrap owner.
    pub is_primary_owner: bool,
}

impl From<&User> for Subject {
    fn from(u: &User) -> Self {
        Subject {
            id: u.id,
            level: u.auth_level,
            network_id: u.network_id,
            mailbox_id: u.mailbox_id,
            is_primary_owner: u.is_primary_owner,
        }
    }
}

/// The relation between an actor and another user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The actor administers the target.
    Administers,
    /// The target is in scope but not administrable (level too high, or primary owner).
    InScopeDenied,
    /// The target is outside the actor's scope: reported as not found.
    OutOfScope,
}

/// True when `(network, mailbox)` is inside the actor's reach.
pub fn in_scope(actor: &Subject, network_id: i64, mailbox_id: i64) -> bool {
    match reach(actor.level) {
        Reach::Global => true,
        Reach::Network => network_id == actor.network_id,
        Reach::Mailbox => network_id == actor.network_id && mailbox_id == actor.mailbox_id,
        Reach::Nobody => false,
    }
}

/// How `actor` relates to a different user `target`.
pub fn access(actor: &Subject, target: &Subject) -> Access {
    if !in_scope(actor, target.network_id, target.mailbox_id) {
        return Access::OutOfScope;
    }
    let level_ok = actor.level == AuthLevel::Root || target.level.is_below(actor.level);
    if level_ok && !target.is_primary_owner {
        Access::Administers
    } else {
        Access::InScopeDenied
    }
}

/// What an actor wants to do to a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Read the user.
    Read,
    /// Change name and email.
    Update,
    /// Change the login (never one's own: SPEC §3.2 lets a user change its name and email).
    Rename,
    /// Revoke sessions (all or by kind), list or revoke one.
    ManageSessions,
    /// Set or clear force password change.
    ForcePasswordChange,
    /// Set the password without knowing the old one.
    SetPassword,
    /// Change the level to the given one.
    SetRole(AuthLevel),
    /// Change status (suspend, activate).
    SetStatus,
    /// Terminate the account.
    Terminate,
    /// Generate a new API key.
    GenerateApiKey,
    /// Set or clear the per-user session policy (SPEC §3.5).
    SetSessionPolicy,
    /// Set or clear the account expiry (SPEC §3.1).
    SetExpiry,
    /// Make an administrator or a regular user of the target's own scope (Slack roles, SPEC §6);
    /// the level it then gets must also be one the actor may grant ([`may_grant`]).
    SetTeamRole,
}

impl Operation {
    /// Operations an actor may do to itself without administering anyone (SPEC §3.2).
    pub fn allowed_on_self(self) -> bool {
        matches!(self, Operation::Read | Operation::Update | Operation::ManageSessions)
    }
}

/// Decide whether `actor` may do `op` to `target`.
///
/// Errors: `NotAnAdmin` when the actor's level administers nobody, `NotFound` when the target is
/// out of scope (no existence leak), `PrimaryOwnerProtected` when the target is the primary owner,
/// `AccessDenied` when in scope but not administrable, or when an administrative operation
/// targets the actor itself.
pub fn authorize(actor: &Subject, target: &Subject, op: Operation) -> Result<(), CoreError> {
    if actor.id == target.id && op.allowed_on_self() {
        return Ok(());
    }
    require_admin_level(actor)?;
    if actor.id == target.id {
        // Self is self for every level, Root included (SPEC §3.2): the administrative paths
        // refuse oneself, except the primary owner generating its own key.
        return match op {
            Operation::GenerateApiKey if actor.is_primary_owner => Ok(()),
            _ => Err(CoreError::AccessDenied),
        };
    }
    match access(actor, target) {
        Access::OutOfScope => return Err(CoreError::NotFound),
        Access::InScopeDenied if target.is_primary_owner => return Err(CoreError::PrimaryOwnerProtected),
        Access::InScopeDenied => return Err(CoreError::AccessDenied),
        Access::Administers => {}
    }
    match op {
        Operation::SetPassword if actor.level.rank() < AuthLevel::NetworkAdmin.rank() => {
            Err(CoreError::AccessDenied)
        }
        Operation::SetRole(level) => may_grant(actor, level),
        _ => Ok(()),
    }
}

/// Refuse an actor whose level administers nobody, before any target lookup.
pub fn require_admin_level(actor: &Subject) -> Result<(), CoreError> {
    if reach(actor.level) == Reach::Nobody {
        Err(CoreError::NotAnAdmin)
    } else {
        Ok(())
    }
}

/// A level may be given only when strictly below the actor's (Root may grant Root).
pub fn may_grant(actor: &Subject, level: AuthLevel) -> Result<(), CoreError> {
    if actor.level == AuthLevel::Root || level.is_below(actor.level) {
        Ok(())
    } else {
        Err(CoreError::AccessDenied)
    }
}

/// May `actor` create a user at `level` in `(network, mailbox)`?
pub fn may_create(
    actor: &Subject,
    level: AuthLevel,
    network_id: i64,
    mailbox_id: i64,
) -> Result<(), CoreError> {
    require_admin_level(actor)?;
    if !in_scope(actor, network_id, mailbox_id) {
        return Err(CoreError::AccessDenied);
    }
    may_grant(actor, level)
}

/// True when `actor` may read `target`: itself, or a user it administers — the rule
/// [`visibility`] applies in SQL, for one user.
pub fn may_read(actor: &Subject, target: &Subject) -> bool {
    actor.id == target.id || access(actor, target) == Access::Administers
}

/// The users `actor` may read: itself plus the users it administers.
pub fn visibility(actor: &Subject) -> Visibility {
    let levels = match reach(actor.level) {
        Reach::Nobody => Vec::new(),
        _ => AuthLevel::ALL
            .iter()
            .copied()
            .filter(|l| actor.level == AuthLevel::Root || l.is_below(actor.level))
            .collect(),
    };
    let (network_id, mailbox_id) = match reach(actor.level) {
        Reach::Global | Reach::Nobody => (None, None),
        Reach::Network => (Some(actor.network_id), None),
        Reach::Mailbox => (Some(actor.network_id), Some(actor.mailbox_id)),
    };
    let unattributed = reach(actor.level) == Reach::Global;
    Visibility { itself: Some(actor.id), network_id, mailbox_id, levels, unattributed }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
