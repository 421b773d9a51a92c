//! List users the caller may read (REST `POST /v2/users/list`, `POST /v2/users/by-name`; Archer
//! user lists; ECGridOS `UserList[Ex]`, `UserListLockedOut[Ex]`).

use super::gate::{Gate, UseCase};
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::{self, Operation};
use crate::policy::scope::Needs;
use crate::user::{User, UserFilter};

/// Most users one page returns (SPEC §4.2).
pub const MAX_PAGE_SIZE: i64 = 500;

/// Users one page returns when the request does not say (SPEC §4.2).
pub const DEFAULT_PAGE_SIZE: i64 = 25;

/// A page of a listing as a client asks for it: 1-based page number and page size, each
/// defaulted when absent (SPEC §4.2: page 1, 25 a page, at most 500).
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: Option<i64>,
    /// Rows a page.
    pub size: Option<i64>,
}

impl Page {
    /// `(offset, limit)` of this page, or why it is not one.
    pub fn window(self) -> CoreResult<(i64, i64)> {
        let size = self.size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(CoreError::invalid(
                "recordsPerPage",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        let number = self.number.unwrap_or(1);
        if number < 1 {
            return Err(CoreError::invalid("pageNo", "must be at least 1"));
        }
        Ok((number.saturating_sub(1).saturating_mul(size), size))
    }
}

const LIST_USERS: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// One page of users matching `filter`, restricted to the caller and the users it
    /// administers; `page` overrides the filter's offset and limit.
    pub async fn list_users(&self, caller: &Caller, filter: UserFilter, page: Page) -> CoreResult<Vec<User>> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        let mut filter = readable(&gate, filter);
        (filter.offset, filter.limit) = gate.step(page.window()).await?;
        gate.read(move |tx| tx.list_users(&filter)).await
    }

    /// How many users match `filter` among those the caller may read (its page ignored).
    pub async fn count_users(&self, caller: &Caller, filter: UserFilter) -> CoreResult<i64> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        let filter = readable(&gate, filter);
        gate.read(move |tx| tx.count_matching_users(&filter)).await
    }

    /// Every user matching `filter` that the caller may read, by id, not paged. A network the
    /// filter names is an explicit scope (ECGridOS `…Ex`): one outside the caller's reach is
    /// `AccessDenied` (`NotAnAdmin` for a level that administers nobody), and a mailbox of 0
    /// (or none) then means every mailbox of that network.
    pub async fn all_users(&self, caller: &Caller, filter: UserFilter) -> CoreResult<Vec<User>> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        all_in(&gate, filter).await
    }

    /// Every user the caller may read that is locked out now, by id (ECGridOS
    /// `UserListLockedOut`; with a network, `UserListLockedOutEx` under the explicit-scope rule
    /// of [`Core::all_users`]).
    pub async fn list_locked_out(
        &self,
        caller: &Caller,
        network_id: Option<i64>,
        mailbox_id: Option<i64>,
    ) -> CoreResult<Vec<User>> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        let filter =
            UserFilter { network_id, mailbox_id, locked_at: Some(gate.now()), ..UserFilter::default() };
        all_in(&gate, filter).await
    }
}

/// Every user matching `filter` that the gate's caller may read, after the explicit-scope check.
async fn all_in(gate: &Gate<'_>, mut filter: UserFilter) -> CoreResult<Vec<User>> {
    if let Some(network) = filter.network_id {
        gate.step(access::require_scope(&gate.check().actor, network, filter.mailbox_id)).await?;
        filter.mailbox_id = filter.mailbox_id.filter(|&m| m != 0);
    }
    let mut filter = readable(gate, filter);
    (filter.offset, filter.limit) = (0, i64::MAX);
    gate.read(move |tx| tx.list_users(&filter)).await
}

/// `filter` narrowed to the users the caller may read, its texts trimmed (an empty name
/// filters nothing) and the login text lower-cased as logins are stored.
fn readable(gate: &Gate<'_>, mut filter: UserFilter) -> UserFilter {
    filter.visible = gate.visibility();
    filter.login = filter.login.map(|l| l.trim().to_lowercase());
    filter.name = filter.name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    filter
}
