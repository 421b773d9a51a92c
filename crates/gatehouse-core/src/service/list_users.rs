//! List users the caller may read (REST `POST /v2/users/list`, `POST /v2/users/by-name`).

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
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
    pub async fn list_users(
        &self,
        caller: &Caller,
        mut filter: UserFilter,
        page: Page,
    ) -> CoreResult<Vec<User>> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        (filter.offset, filter.limit) = gate.step(page.window()).await?;
        filter.visible = gate.visibility();
        filter.login = filter.login.map(|l| l.trim().to_lowercase());
        gate.read(move |tx| tx.list_users(&filter)).await
    }
}

impl Core {
    /// How many users match `filter` among those the caller may read (its page ignored).
    pub async fn count_users(&self, caller: &Caller, mut filter: UserFilter) -> CoreResult<i64> {
        let gate = self.gate(caller, &LIST_USERS, None).await?;
        filter.visible = gate.visibility();
        filter.login = filter.login.map(|l| l.trim().to_lowercase());
        gate.read(move |tx| tx.count_matching_users(&filter)).await
    }
}
