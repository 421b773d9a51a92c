//! Slack's roles on Gatehouse levels (SPEC §6, team = network): an administrator or a regular
//! user of the target's own scope — `NetworkAdmin` / `NetworkUser` for a network-level user
//! (mailbox 0), `MailboxAdmin` / `MailboxUser` for a mailbox user.

use super::gate::UseCase;
use super::Core;
use crate::audit::{self, Action};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::{self, Operation};
use crate::policy::scope::Needs;
use crate::user::{AuthLevel, User, UserChanges, UserId};

/// A Slack role as Gatehouse gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamRole {
    /// `admin.users.setAdmin`.
    Admin,
    /// `admin.users.setRegular`.
    Regular,
}

impl TeamRole {
    /// The level this role is for `user`, by the scope it lives in.
    pub fn level_for(self, user: &User) -> AuthLevel {
        match (self, user.mailbox_id == 0) {
            (TeamRole::Admin, true) => AuthLevel::NetworkAdmin,
            (TeamRole::Admin, false) => AuthLevel::MailboxAdmin,
            (TeamRole::Regular, true) => AuthLevel::NetworkUser,
            (TeamRole::Regular, false) => AuthLevel::MailboxUser,
        }
    }
}

const SET_TEAM_ROLE: UseCase = UseCase::audited(Action::UserRole, Needs::Admin, Operation::SetTeamRole);

impl Core {
    /// Give `target` `role` in its own scope; the level must be one the caller may grant.
    /// A bot cannot be an administrator.
    pub async fn set_team_role(&self, caller: &Caller, target: UserId, role: TeamRole) -> CoreResult<User> {
        let gate = self.gate(caller, &SET_TEAM_ROLE, Some(target)).await?;
        let (check, now) = (gate.check(), gate.now());
        gate.commit(move |tx, audit| {
            let user = check.load(tx)?;
            if user.is_bot && role == TeamRole::Admin {
                return Err(CoreError::invalid("user_id", "a bot cannot be an administrator"));
            }
            let level = role.level_for(&user);
            access::may_grant(&check.actor, level)?;
            let changes =
                UserChanges { auth_level: Some(level), modified: Some(now), ..UserChanges::default() };
            let after = tx.update_user(target, &changes)?;
            audit.changed(audit::user_changes(&user, &after));
            Ok(after)
        })
        .await
    }
}
