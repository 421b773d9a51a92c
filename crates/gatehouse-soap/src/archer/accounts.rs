//! Archer account methods that create and change users (SPEC §5.3): `CreateUserEx`,
//! `CreateUserExWithPassword`, `UpdateUserEx` and `UpdateUserName`. The core generates the
//! user name, validates the profile and applies the one access policy (create: the new level
//! below the caller's; update and rename: administers the user).

use gatehouse_core::profile::ProfileUpdate;
use gatehouse_core::secret::Password;
use gatehouse_core::service::{LoginChange, NewLogin, NewUserRequest, UserUpdate};
use gatehouse_core::user::UserId;

use crate::args::Args;
use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

const TOKEN: &str = "sessionToken";

/// The profile fields an Archer call carries (`companyName` is the company); an absent
/// element keeps a field, an empty one clears it.
fn profile(args: &Args) -> SoapResult<ProfileUpdate> {
    let text = |name: &str| -> SoapResult<Option<String>> { Ok(args.opt_string(name)?.map(str::to_string)) };
    Ok(ProfileUpdate {
        middle_name: text("middleName")?,
        title: text("title")?,
        company: text("companyName")?,
        address: text("address")?,
        time_zone: text("timeZone")?,
        locale: text("locale")?,
        ..ProfileUpdate::default()
    })
}

/// `userDomain`: absent keeps the login's domain, empty removes it, a name moves it there.
fn domain(args: &Args) -> SoapResult<Option<Option<String>>> {
    Ok(args.opt_string("userDomain")?.map(|d| Some(d.trim().to_string()).filter(|d| !d.is_empty())))
}

/// `CreateUserEx(firstName, middleName, lastName, companyName, title, securityParameter,
/// address, userDomain, timeZone, locale) -> int`: a user without a password, which cannot log
/// in until `ChangePassword` sets one.
pub fn create_user_ex(call: Call) -> HandlerFuture {
    Box::pin(async move { create(call, None).await })
}

/// `CreateUserExWithPassword(…the same…, password) -> int`.
pub fn create_user_ex_with_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let password = Password::new(call.args.string("password")?);
        create(call, Some(password)).await
    })
}

/// Create the user the call describes, named from its names (Archer generates user names;
/// `UpdateUserName` renames). `securityParameter` is accepted and not used: Gatehouse has one
/// password and lockout policy.
async fn create(call: Call, password: Option<Password>) -> SoapResult<Value> {
    let caller = call.caller(TOKEN).await?;
    let request = NewUserRequest {
        login: NewLogin::FromNames { domain: domain(&call.args)?.flatten() },
        password_later: password.is_none(),
        password,
        email: None,
        first_name: call.args.string("firstName")?.to_string(),
        last_name: call.args.string("lastName")?.to_string(),
        network_id: None,
        mailbox_id: None,
        auth_level: None,
        is_bot: false,
        profile: profile(&call.args)?,
        recovery: None,
    };
    let user = call.core().create_user(&caller, request).await?;
    Ok(Value::Int(user.id.0))
}

/// `UpdateUserEx(userId, firstName, middleName, lastName, companyName, title,
/// securityParameter, address, userDomain, timeZone, locale) -> int` 1: every element sent is
/// set (an empty one clears), every element left out is kept; `userDomain` moves the login into
/// that domain, or out of its domain when empty.
pub fn update_user_ex(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let name =
            |n: &str| -> SoapResult<Option<String>> { Ok(call.args.opt_string(n)?.map(str::to_string)) };
        let update = UserUpdate {
            first_name: name("firstName")?,
            last_name: name("lastName")?,
            profile: profile(&call.args)?,
            login: domain(&call.args)?.map(LoginChange::Domain),
            ..UserUpdate::default()
        };
        call.core().update_user(&caller, UserId(call.args.int("userId")?), update).await?;
        Ok(Value::Int(1))
    })
}

/// `UpdateUserName(userId, userName) -> int`: 1 when renamed, 0 when that is already its
/// name; a name in use (or one that looks like it) is refused.
pub fn update_user_name(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let target = UserId(call.args.int("userId")?);
        let renamed = call.core().rename_user(&caller, target, call.args.string("userName")?).await?;
        Ok(Value::Int(i64::from(renamed)))
    })
}
