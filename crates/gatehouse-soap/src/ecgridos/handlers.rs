//! ECGridOS session and seed operations: decode, authenticate the `SessionID` through core, one
//! core call, encode. `UserUpdate` and `UserPassword` have a handler per contract form.

use gatehouse_core::profile::{CellCarrier, ProfileUpdate};
use gatehouse_core::secret::Password;
use gatehouse_core::service::{LoginRequest, RecoveryRequest, SecurityChange, UserUpdate};
use gatehouse_core::session::{ClientKind, ResetScope, SecretStyle};
use gatehouse_core::user::{AuthLevel, User, UserId};
use gatehouse_core::{Caller, CoreError};

use super::types::{session_info, user_id_info, SessionFacts};
use crate::args::Args;
use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// The credential parameter of every authenticated ECGridOS operation.
pub(super) const SESSION: &str = "SessionID";
/// The target user parameter.
pub(super) const USER: &str = "UserID";
/// The string the vendor's `UserUpdate` sends to keep a value.
const KEEP: &str = "[Default]";

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
        let ip = match &caller.via {
            gatehouse_core::caller::Via::Session(s) => s.ip.clone(),
            _ => caller.ctx.ip.clone(),
        };
        let facts = SessionFacts {
            session_id: call.args.string(SESSION)?.trim(),
            session_event_id: 0,
            open_sessions: open.len(),
            timeout_minutes: call.core().config().session.idle.num_minutes(),
            ip,
        };
        Ok(session_info(&caller.user, facts))
    })
}

/// `users` as `UserIDInfo`s, with their live sessions.
pub(super) async fn infos(call: &Call, caller: &Caller, users: &[User]) -> SoapResult<Vec<Value>> {
    let ids = users.iter().map(|u| u.id).collect();
    let open = call.core().open_session_counts(caller, ids).await?;
    let now = call.core().now();
    Ok(users.iter().zip(open).map(|(u, n)| user_id_info(u, now, n)).collect())
}

/// `user` as one `UserIDInfo`.
pub(super) async fn info(call: &Call, caller: &Caller, user: &User) -> SoapResult<Value> {
    let mut one = infos(call, caller, std::slice::from_ref(user)).await?;
    one.pop().ok_or_else(|| CoreError::internal("no UserIDInfo for one user").into())
}

/// `UserInfo(SessionID, UserID) -> UserIDInfo`.
pub fn user_info(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let user = call.core().get_user(&caller, UserId(call.args.int(USER)?)).await?;
        info(&call, &caller, &user).await
    })
}

/// `UserReset(SessionID, UserID) -> boolean`: revoke every session of the user and clear its
/// lockout, which satisfies both readings of the operation (SPEC §3.5).
pub fn user_reset(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        call.core().reset_sessions(&caller, target, ResetScope::All).await?;
        Ok(Value::Bool(true))
    })
}

/// The seeds' `UserPassword(SessionID, UserID, NewPassword) -> boolean`: an admin password set.
pub fn user_password_seed(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        let password = Password::new(call.args.string("NewPassword")?);
        call.core().set_password(&caller, target, password, false).await?;
        Ok(Value::Bool(true))
    })
}

/// The vendor's `UserPassword(SessionID, UserID, CurrentRecoveryAnswer, Password,
/// RecoveryQuestion, RecoveryAnswer) -> boolean`: an administrative set of the password and/or
/// the recovery question and answer. `CurrentRecoveryAnswer` is deprecated and, since the
/// caller administers the target, not processed (as the vendor documents).
pub fn user_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        let given = |name: &str| -> SoapResult<Option<String>> {
            Ok(call.args.opt_string(name)?.filter(|s| !s.is_empty()).map(str::to_string))
        };
        let recovery = RecoveryRequest::pair(given("RecoveryQuestion")?, given("RecoveryAnswer")?)?;
        let change =
            SecurityChange { password: given("Password")?.map(Password::new), temporary: false, recovery };
        call.core().set_security(&caller, target, change).await?;
        Ok(Value::Bool(true))
    })
}

/// The seeds' `UserUpdate(SessionID, UserID, FirstName, LastName, Email) -> UserIDInfo`: all
/// three fields are required; an empty element is an empty string.
pub fn user_update_seed(call: Call) -> HandlerFuture {
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
        info(&call, &caller, &user).await
    })
}

/// The vendor's `UserUpdate(SessionID, UserID, FirstName, LastName, Company, EMail, Phone,
/// CellPhone, CellCarrier, AuthLevel) -> boolean`: a string `[Default]` (or a missing element)
/// and an enum `NoChange` keep the stored value; an `AuthLevel` above the caller's is refused.
pub fn user_update(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let target = UserId(call.args.int(USER)?);
        let a = &call.args;
        let update = UserUpdate {
            first_name: kept(a, "FirstName")?,
            last_name: kept(a, "LastName")?,
            email: kept(a, "EMail")?,
            profile: ProfileUpdate {
                company: kept(a, "Company")?,
                phone: kept(a, "Phone")?,
                cell_phone: kept(a, "CellPhone")?,
                cell_carrier: carrier(a.opt_enumeration("CellCarrier")?)?,
                ..ProfileUpdate::default()
            },
            auth_level: level(a.opt_enumeration("AuthLevel")?)?,
            ..UserUpdate::default()
        };
        call.core().update_user(&caller, target, update).await?;
        Ok(Value::Bool(true))
    })
}

/// A string the vendor's update sends: `None` (keep) when absent or `[Default]`.
pub(super) fn kept(args: &Args, name: &str) -> SoapResult<Option<String>> {
    Ok(args.opt_string(name)?.filter(|s| s.trim() != KEEP).map(str::to_string))
}

/// An ECGridOS `CellCarrier` value: `NoChange` (or absent) keeps, `Undefined` clears.
pub(super) fn carrier(value: Option<&str>) -> SoapResult<Option<Option<CellCarrier>>> {
    match value {
        None | Some("NoChange") => Ok(None),
        Some(name) => Ok(Some(CellCarrier::parse(name)?)),
    }
}

/// An ECGridOS `AuthLevel` value: `NoChange` (or absent) keeps.
pub(super) fn level(value: Option<&str>) -> SoapResult<Option<AuthLevel>> {
    match value {
        None | Some("NoChange") => Ok(None),
        Some(name) => Ok(Some(name.parse()?)),
    }
}
