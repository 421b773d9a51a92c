//! Archer handlers: decode, authenticate the `sessionToken` through core, one core call, encode.

use gatehouse_core::secret::Password;
use gatehouse_core::service::LoginRequest;
use gatehouse_core::session::{ClientKind, SecretStyle};
use gatehouse_core::user::UserId;
use gatehouse_core::CoreError;

use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// The credential parameter of every authenticated Archer operation.
const TOKEN: &str = "sessionToken";

/// `CreateUserSessionFromInstance` / `CreateUserSession(userName, instanceName, password) ->
/// string`: an API-kind session named by 32 alphanumeric characters.
pub fn create_user_session(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let login = call.args.string("userName")?.to_string();
        login_session(&call, login).await
    })
}

/// Log `login` in with the call's `password` and `instanceName`, as every Archer session
/// method does: an API-kind session named by 32 alphanumeric characters.
pub(super) async fn login_session(call: &Call, login: String) -> SoapResult<Value> {
    let request = LoginRequest {
        login,
        password: Password::new(call.args.string("password")?),
        kind: ClientKind::Api,
        secret: SecretStyle::Alnum32,
        // Checked by the core, which audits a login addressed to another instance.
        instance: Some(call.args.string("instanceName")?.to_string()),
    };
    let issued = call.core().login(request, &call.ctx).await?;
    let secret = issued.secret.ok_or_else(|| CoreError::internal("login issued no session secret"))?;
    Ok(Value::Str(secret.expose().to_string()))
}

/// `TerminateSession(sessionToken) -> int`: 1 once the session is revoked.
pub fn terminate_session(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        call.core().logout(&caller).await?;
        Ok(Value::Int(1))
    })
}

/// `LookupUserId(sessionToken, userName) -> int`.
pub fn lookup_user_id(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let id = call.core().lookup_user_id(&caller, call.args.string("userName")?).await?;
        Ok(Value::Int(id.0))
    })
}

/// `ForcePasswordChange(sessionToken, userId, forcePasswordChange) -> int` (seed): 1 when set.
pub fn force_password_change(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let target = UserId(call.args.int("userId")?);
        let force = call.args.bool("forcePasswordChange")?;
        call.core().force_password_change(&caller, target, force).await?;
        Ok(Value::Int(1))
    })
}
