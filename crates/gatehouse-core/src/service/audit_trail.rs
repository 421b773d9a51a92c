//! Read the audit trail (REST `GET /v2/audit`): only events about users the caller may read.

use super::Core;
use crate::audit::{AuditEvent, AuditFilter};
use crate::caller::Caller;
use crate::error::CoreResult;
use crate::policy::access;
use crate::store::StoreExt;
use crate::user::AuthLevel;

/// Most events one read returns.
pub const MAX_AUDIT_PAGE: i64 = 500;

impl Core {
    /// Audit events matching `filter`, newest first, limited to what the caller may read.
    pub async fn audit_trail(&self, caller: &Caller, mut filter: AuditFilter) -> CoreResult<Vec<AuditEvent>> {
        caller.require_unrestricted()?;
        let actor = caller.subject();
        filter.visible = (actor.level != AuthLevel::Root).then(|| access::visibility(&actor));
        filter.limit = filter.limit.clamp(1, MAX_AUDIT_PAGE);
        self.blocking(move |s| s.read(move |tx| tx.list_audit(&filter))).await
    }
}
