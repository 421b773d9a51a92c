//! ECGridOS user lists and scope operations (SPEC §5.2): `UserList[Ex]`,
//! `UserListLockedOut[Ex]`, `UserSetNetworkMailbox`, `UserResetAll` and `UserSendSMS`.
//! The core decides scope: a list without a network is the caller's scope; one naming a
//! network (`…Ex`) is refused outside the caller's reach (mailbox 0: every mailbox of it).

use chrono::Duration;
use gatehouse_core::user::{User, UserFilter, UserId};
use gatehouse_core::Caller;

use super::handlers::{infos, SESSION, USER};
use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

async fn list(call: &Call, caller: &Caller, users: Vec<User>) -> SoapResult<Value> {
    Ok(Value::List(infos(call, caller, &users).await?))
}

/// The `Name` filter: login, first or last name containing it, ignoring case; empty: all.
fn name(call: &Call) -> SoapResult<Option<String>> {
    Ok(call.args.opt_string("Name")?.map(str::to_string))
}

/// `UserList(SessionID, Name) -> ArrayOfUserIDInfo`: the users of the caller's scope.
pub fn user_list(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let filter = UserFilter { name: name(&call)?, ..UserFilter::default() };
        let users = call.core().all_users(&caller, filter).await?;
        list(&call, &caller, users).await
    })
}

/// `UserListEx(SessionID, NetworkID, MailboxID, Name) -> ArrayOfUserIDInfo`.
pub fn user_list_ex(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let filter = UserFilter {
            network_id: Some(call.args.int("NetworkID")?),
            mailbox_id: Some(call.args.int("MailboxID")?),
            name: name(&call)?,
            ..UserFilter::default()
        };
        let users = call.core().all_users(&caller, filter).await?;
        list(&call, &caller, users).await
    })
}

/// `UserListLockedOut(SessionID) -> ArrayOfUserIDInfo`: locked users of the caller's scope.
pub fn user_list_locked_out(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let users = call.core().list_locked_out(&caller, None, None).await?;
        list(&call, &caller, users).await
    })
}

/// `UserListLockedOutEx(SessionID, NetworkID, MailboxID) -> ArrayOfUserIDInfo`.
pub fn user_list_locked_out_ex(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let (network, mailbox) = (call.args.int("NetworkID")?, call.args.int("MailboxID")?);
        let users = call.core().list_locked_out(&caller, Some(network), Some(mailbox)).await?;
        list(&call, &caller, users).await
    })
}

/// `UserSetNetworkMailbox(SessionID, UserID, NetworkID, MailboxID) -> boolean`: the caller must
/// administer the user and reach the destination.
pub fn user_set_network_mailbox(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let (network, mailbox) = (call.args.int("NetworkID")?, call.args.int("MailboxID")?);
        call.core().move_user(&caller, UserId(call.args.int(USER)?), network, mailbox).await?;
        Ok(Value::Bool(true))
    })
}

/// `UserResetAll(SessionID, TimeOutMinutes) -> short` (v3.2, Root): clear every lockout that
/// began more than `TimeOutMinutes` ago; answers how many.
pub fn user_reset_all(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let minutes = call.args.int("TimeOutMinutes")?;
        let cleared = call.core().reset_all_lockouts(&caller, Duration::minutes(minutes)).await?;
        Ok(Value::Int(i64::from(cleared.min(i16::MAX as u32))))
    })
}

/// `UserSendSMS(SessionID, UserID, Text) -> boolean`: after authorization and validation, the
/// documented fault "no SMS gateway is configured" (Server).
pub fn user_send_sms(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let text = call.args.opt_string("Text")?.unwrap_or_default();
        call.core().send_sms(&caller, UserId(call.args.int(USER)?), text).await?;
        Ok(Value::Bool(true))
    })
}
