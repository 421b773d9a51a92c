//! Read the audit trail (REST `GET /v2/audit`): only events about users the caller may read,
//! whatever its level (SPEC §3.6).

use super::gate::UseCase;
use super::Core;
use crate::audit::{AuditEvent, AuditFilter};
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;

/// Most events one read returns.
pub const MAX_AUDIT_PAGE: i64 = 500;

/// Events one read returns when the request does not say.
pub const DEFAULT_AUDIT_PAGE: i64 = 100;

const AUDIT_TRAIL: UseCase = UseCase::read(Needs::Own, Operation::Read);

impl Core {
    /// Audit events matching `filter`, newest first, limited to what the caller may read.
    pub async fn audit_trail(&self, caller: &Caller, mut filter: AuditFilter) -> CoreResult<Vec<AuditEvent>> {
        let gate = self.gate(caller, &AUDIT_TRAIL, None).await?;
        filter.visible = Some(gate.visibility());
        if !(0..=MAX_AUDIT_PAGE).contains(&filter.limit) {
            return Err(CoreError::invalid(
                "limit",
                format!("must be 0 (the default, 100) to {MAX_AUDIT_PAGE}"),
            ));
        }
        if filter.limit == 0 {
            filter.limit = DEFAULT_AUDIT_PAGE;
        }
        gate.read(move |tx| tx.list_audit(&filter)).await
    }
}
