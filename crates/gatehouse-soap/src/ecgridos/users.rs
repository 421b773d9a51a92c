//! ECGridOS user operations of the vendor's WSDL (SPEC §5.2): decode, authenticate the
//! `SessionID`, one core call (the core applies the one access policy), encode.

use gatehouse_core::profile::ProfileUpdate;
use gatehouse_core::secret::Password;
use gatehouse_core::service::{NewLogin, NewUserRequest, RecoveryRequest};
use gatehouse_core::session_settings::SessionSettings;
use gatehouse_core::user::{Status, UserId};

use super::handlers::{carrier, info, level, SESSION, USER};
use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// `ChangePassword(SessionID, OldPassword, NewPassword) -> boolean`: the caller's own password,
/// with the current one; the caller's other sessions end (SPEC §3.3).
pub fn change_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let old = Password::new(call.args.string("OldPassword")?);
        let new = Password::new(call.args.string("NewPassword")?);
        call.core().change_own_password(&caller, old, new).await?;
        Ok(Value::Bool(true))
    })
}

/// `UserAdd(SessionID, MailboxID, LoginName, Password, RecoveryQuestion, RecoveryAnswer,
/// FirstName, LastName, Company, EMail, Phone, CellPhone, CellCarrier, AuthLevel) -> int`: a
/// user in the caller's network.
pub fn user_add(call: Call) -> HandlerFuture {
    Box::pin(async move { add(call, false).await })
}

/// `UserAddEx(SessionID, NetworkID, MailboxID, …as UserAdd…) -> int`: a user in the given
/// network and mailbox, which must be in the caller's reach.
pub fn user_add_ex(call: Call) -> HandlerFuture {
    Box::pin(async move { add(call, true).await })
}

async fn add(call: Call, ex: bool) -> SoapResult<Value> {
    let caller = call.caller(SESSION).await?;
    let a = &call.args;
    let text = |name: &str| -> SoapResult<Option<String>> { Ok(a.opt_string(name)?.map(str::to_string)) };
    let recovery = RecoveryRequest::pair(text("RecoveryQuestion")?, text("RecoveryAnswer")?)?;
    // UserAdd: the core puts a user without a network in the caller's.
    let network_id = if ex { Some(a.int("NetworkID")?) } else { None };
    let request = NewUserRequest {
        login: NewLogin::Given(a.string("LoginName")?.to_string()),
        password: Some(Password::new(a.string("Password")?)),
        password_later: false,
        email: Some(a.string("EMail")?.to_string()),
        first_name: text("FirstName")?.unwrap_or_default(),
        last_name: text("LastName")?.unwrap_or_default(),
        network_id,
        mailbox_id: Some(a.int("MailboxID")?),
        auth_level: level(a.opt_enumeration("AuthLevel")?)?,
        is_bot: false,
        profile: ProfileUpdate {
            company: text("Company")?,
            phone: text("Phone")?,
            cell_phone: text("CellPhone")?,
            cell_carrier: carrier(a.opt_enumeration("CellCarrier")?)?,
            ..ProfileUpdate::default()
        },
        recovery,
    };
    let user = call.core().create_user(&caller, request).await?;
    Ok(Value::Int(user.id.0))
}

/// `UserInfobyLogin(SessionID, LoginName) -> UserIDInfo`: the user with exactly that login (any
/// case) among those the caller may read.
pub fn user_info_by_login(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let id = call.core().lookup_user_id(&caller, call.args.string("LoginName")?).await?;
        let user = call.core().get_user(&caller, id).await?;
        info(&call, &caller, &user).await
    })
}

async fn set_status(call: Call, status: Status) -> SoapResult<Value> {
    let caller = call.caller(SESSION).await?;
    call.core().set_status(&caller, UserId(call.args.int(USER)?), status).await?;
    Ok(Value::Bool(true))
}

/// `UserActivate(SessionID, UserID) -> boolean`: status Active (a lockout is lifted too).
pub fn user_activate(call: Call) -> HandlerFuture {
    Box::pin(async move { set_status(call, Status::Active).await })
}

/// `UserSuspend(SessionID, UserID) -> boolean`: its sessions and API keys end.
pub fn user_suspend(call: Call) -> HandlerFuture {
    Box::pin(async move { set_status(call, Status::Suspended).await })
}

/// `UserTerminate(SessionID, UserID) -> boolean`: terminated for good; sessions and keys end.
pub fn user_terminate(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        call.core().terminate(&caller, UserId(call.args.int(USER)?)).await?;
        Ok(Value::Bool(true))
    })
}

/// `UserSetAuthLevel(SessionID, UserID, AuthLevel) -> boolean`: as a role change (the new level
/// below the caller's own; `NoChange` changes nothing).
pub fn user_set_auth_level(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        if let Some(level) = level(Some(call.args.enumeration("AuthLevel")?))? {
            call.core().set_role(&caller, target, level).await?;
        }
        Ok(Value::Bool(true))
    })
}

/// `UserSetMaxSessions(SessionID, UserID, MaxSessions) -> boolean`: the user's own limit of
/// live sessions; a login beyond it is refused.
pub fn user_set_max_sessions(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        // A negative short is no count at all: the core refuses it as it refuses 0.
        let max = u32::try_from(call.args.int("MaxSessions")?).unwrap_or(0);
        let change = SessionSettings { max_sessions: Some(max), ..SessionSettings::default() };
        call.core().set_session_settings(&caller, vec![UserId(call.args.int(USER)?)], change).await?;
        Ok(Value::Bool(true))
    })
}
