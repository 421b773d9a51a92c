//! List users the caller may read (REST `POST /v2/users/list`, `POST /v2/users/by-name`).

use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access;
use crate::store::StoreExt;
use crate::user::{User, UserFilter};

/// Most users one page returns (SPEC §4.2).
pub const MAX_PAGE_SIZE: i64 = 500;

impl Core {
    /// One page of users matching `filter`, restricted to the caller and the users it administers.
    pub async fn list_users(&self, caller: &Caller, mut filter: UserFilter) -> CoreResult<Vec<User>> {
        caller.require_unrestricted()?;
        if !(1..=MAX_PAGE_SIZE).contains(&filter.limit) {
            return Err(CoreError::invalid(
                "recordsPerPage",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        if filter.offset < 0 {
            return Err(CoreError::invalid("pageNo", "must be at least 1"));
        }
        filter.visible = access::visibility(&caller.subject());
        filter.login = filter.login.map(|l| l.trim().to_lowercase());
        self.blocking(move |s| s.read(move |tx| tx.list_users(&filter))).await
    }
}
