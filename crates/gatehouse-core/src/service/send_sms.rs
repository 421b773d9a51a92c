//! Send a user a text message (ECGridOS `UserSendSMS`, REST `POST /v2/users/send-sms`): checked
//! in full, then refused, as no SMS gateway can be configured (SPEC §5.2).

use super::gate::UseCase;
use super::Core;
use crate::caller::Caller;
use crate::error::{CoreError, CoreResult};
use crate::policy::access::Operation;
use crate::policy::scope::Needs;
use crate::user::UserId;

/// Longest text message, in characters (one SMS).
pub const MAX_SMS_CHARS: usize = 160;

/// Authorized as an update of the target; nothing is stored, so nothing is audited.
const SEND_SMS: UseCase = UseCase::read(Needs::Own, Operation::Update);

impl Core {
    /// Check that the caller may message `target` (as an update of it), that `text` is 1 to
    /// 160 characters and that the target has a cell phone; then answer `NotSupported`, since
    /// the service has no SMS gateway. A client thus learns every mistake of its own first.
    pub async fn send_sms(&self, caller: &Caller, target: UserId, text: &str) -> CoreResult<()> {
        let gate = self.gate(caller, &SEND_SMS, Some(target)).await?;
        let check = gate.check();
        let user = gate.read(move |tx| check.load(tx)).await?;
        if text.trim().is_empty() || text.chars().count() > MAX_SMS_CHARS {
            let reason = format!("must be 1 to {MAX_SMS_CHARS} characters");
            return gate.refuse(CoreError::invalid("text", reason)).await;
        }
        if user.profile.cell_phone.as_deref().is_none_or(|phone| phone.trim().is_empty()) {
            return gate.refuse(CoreError::invalid("cellPhone", "the user has no cell phone number")).await;
        }
        gate.refuse(CoreError::NotSupported("no SMS gateway is configured")).await
    }
}
