//! ECGridOS handlers: decode, authenticate the `SessionID` through core, one core call, encode.

use gatehouse_core::secret::Password;
use gatehouse_core::service::{LoginRequest, UserUpdate};
use gatehouse_core::session::{ClientKind, ResetScope, SecretStyle};
use gatehouse_core::user::UserId;
use gatehouse_core::CoreError;

use super::types::{session_info, user_id_info, SessionFacts};
use crate::call::Call;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// The credential parameter of every authenticated ECGridOS operation.
const SESSION: &str = "SessionID";
/// The target user parameter.
const USER: &str = "UserID";

/// `Login(LoginName, Password) -> string`: an API-kind session named by a GUID.
pub fn login(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let request = LoginRequest {
            login: call.args.string("LoginName")?.to_string(),
            password: Password::new(call.args.string("Password")?),
            kind: ClientKind::Api,
            secret: SecretStyle::Guid,
            instance: None,
        };
        let issued = call.core().login(request, &call.ctx).await?;
        let secret = issued.secret.ok_or_else(|| CoreError::internal("login issued no session secret"))?;
        Ok(Value::Str(secret.expose().to_string()))
    })
}

/// `Logout(SessionID) -> int`: 1 once the session is revoked.
pub fn logout(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        call.core().logout(&caller).await?;
        Ok(Value::Int(1))
    })
}

/// `Version() -> string` (no authentication).
pub fn version(_call: Call) -> HandlerFuture {
    Box::pin(async move { Ok(Value::Str(super::version_string())) })
}

/// `WhoAmI(SessionID) -> SessionInfo`; allowed while a password change is required (SPEC §3.4).
pub fn who_am_i(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let open = call.core().own_sessions(&caller).await?;
        let facts = SessionFacts {
            session_id: call.args.string(SESSION)?.trim(),
            open_sessions: open.len(),
            timeout_minutes: call.core().config().session.idle.num_minutes(),
        };
        Ok(session_info(&caller.user, facts))
    })
}

/// `UserInfo(SessionID, UserID) -> UserIDInfo`.
pub fn user_info(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let user = call.core().get_user(&caller, UserId(call.args.int(USER)?)).await?;
        Ok(user_id_info(&user))
    })
}

/// `UserReset(SessionID, UserID) -> boolean`: revoke every session of the user (seed).
pub fn user_reset(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        call.core().reset_sessions(&caller, target, ResetScope::All).await?;
        Ok(Value::Bool(true))
    })
}

/// `UserPassword(SessionID, UserID, NewPassword) -> boolean`: an admin password set (seed).
pub fn user_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        let password = Password::new(call.args.string("NewPassword")?);
        call.core().set_password(&caller, target, password, false).await?;
        Ok(Value::Bool(true))
    })
}

/// `UserUpdate(SessionID, UserID, FirstName, LastName, Email) -> UserIDInfo` (seed): all three
/// fields are required; an empty element is an empty string.
pub fn user_update(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        let update = UserUpdate {
            email: Some(call.args.string("Email")?.to_string()),
            first_name: Some(call.args.string("FirstName")?.to_string()),
            last_name: Some(call.args.string("LastName")?.to_string()),
            ..UserUpdate::default()
        };
        let user = call.core().update_user(&caller, target, update).await?;
        Ok(user_id_info(&user))
    })
}
