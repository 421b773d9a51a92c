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

/// `instanceName` must name this server's instance (SPEC §5.3, `GATEHOUSE_ARCHER_INSTANCE`),
/// compared ignoring ASCII case and surrounding spaces (lenient in what we accept, SPEC §5.1).
/// A wrong name is an `InvalidParameter` refused before any password is checked: the request is
/// addressed to another instance, so it is no login attempt on this one and is not audited.
fn check_instance(call: &Call) -> SoapResult<()> {
    let sent = call.args.string("instanceName")?.trim();
    if sent.eq_ignore_ascii_case(call.state.archer_instance.trim()) {
        return Ok(());
    }
    let shown: String = sent.chars().take(64).collect();
    Err(CoreError::invalid("instanceName", format!("`{shown}` is not an instance of this server")).into())
}

/// `CreateUserSessionFromInstance` / `CreateUserSession(userName, instanceName, password) ->
/// string`: an API-kind session named by 32 alphanumeric characters.
pub fn create_user_session(call: Call) -> HandlerFuture {
    Box::pin(async move {
        check_instance(&call)?;
        let request = LoginRequest {
            login: call.args.string("userName")?.to_string(),
            password: Password::new(call.args.string("password")?),
            kind: ClientKind::Api,
            secret: SecretStyle::Alnum32,
        };
        let issued = call.core().login(request, &call.ctx).await?;
        let secret = issued.secret.ok_or_else(|| CoreError::internal("login issued no session secret"))?;
        Ok(Value::Str(secret.expose().to_string()))
    })
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
