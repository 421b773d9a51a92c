//! Archer Access Control user methods and domain sessions (SPEC §5.3): decode, authenticate the
//! `sessionToken`, one core call (the core applies the one access policy of SPEC §3.2: writes
//! need "administers target", reads "may read", and out-of-scope users are not found), encode.

use gatehouse_core::secret::Password;
use gatehouse_core::service::{Page, UserUpdate, MAX_PAGE_SIZE};
use gatehouse_core::user::{domain_login, domain_prefix, Status, UserFilter, UserId};
use gatehouse_core::{Caller, CoreError};

use super::xml_doc;
use crate::call::Call;
use crate::fault::SoapResult;
use crate::operation::HandlerFuture;
use crate::schema::Value;

const TOKEN: &str = "sessionToken";

/// `CreateDomainUserSessionFromInstance(userName, instanceName, password, usersDomain)`: log
/// in as `DOMAIN\userName`.
pub fn create_domain_user_session(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let login = domain_login(call.args.string("usersDomain")?, call.args.string("userName")?)?;
        super::handlers::login_session(&call, login.as_str().to_string()).await
    })
}

/// `LookupDomainUserId(username, usersDomain) -> int`.
pub fn lookup_domain_user_id(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let login = domain_login(call.args.string("usersDomain")?, call.args.string("userName")?)?;
        let id = call.core().lookup_user_id(&caller, login.as_str()).await?;
        Ok(Value::Int(id.0))
    })
}

/// `DoesDomainUserExist(userName, usersDomain) -> boolean`.
pub fn does_domain_user_exist(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let login = domain_login(call.args.string("usersDomain")?, call.args.string("userName")?)?;
        exists(call.core().lookup_user_id(&caller, login.as_str()).await)
    })
}

/// `DoesUserExist(userName) -> boolean`: false for a user the caller may not read.
pub fn does_user_exist(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        exists(call.core().lookup_user_id(&caller, call.args.string("userName")?).await)
    })
}

fn exists(found: Result<UserId, CoreError>) -> SoapResult<Value> {
    match found {
        Ok(_) => Ok(Value::Bool(true)),
        Err(CoreError::NotFound) => Ok(Value::Bool(false)),
        Err(e) => Err(e.into()),
    }
}

/// `LookupUserName(userId) -> string`.
pub fn lookup_user_name(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let user = call.core().get_user(&caller, UserId(call.args.int("userId")?)).await?;
        Ok(Value::Str(user.login))
    })
}

/// `GetUser(userId) -> string`: the users document with one user.
pub fn get_user(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let user = call.core().get_user(&caller, UserId(call.args.int("userId")?)).await?;
        Ok(Value::Str(xml_doc::account(&user, call.core().now())?))
    })
}

/// `GetUserDefaultEMail(userId) -> string`.
pub fn get_user_default_email(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let user = call.core().get_user(&caller, UserId(call.args.int("userId")?)).await?;
        Ok(Value::Str(user.email))
    })
}

/// `SetUserDefaultEmail(userId, email) -> int` 1.
pub fn set_user_default_email(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let update =
            UserUpdate { email: Some(call.args.string("email")?.to_string()), ..UserUpdate::default() };
        call.core().update_user(&caller, UserId(call.args.int("userId")?), update).await?;
        Ok(Value::Int(1))
    })
}

/// `GetUserList() -> string`: every user the caller may read.
pub fn get_user_list(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        all_users(&call, &caller, UserFilter::default()).await
    })
}

/// `GetUserListCount() -> int`.
pub fn get_user_list_count(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        Ok(Value::Int(call.core().count_users(&caller, UserFilter::default()).await?))
    })
}

/// `GetUserListPaginated(pageSize, page) -> string`.
pub fn get_user_list_paginated(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        page_of_users(&call, &caller, UserFilter::default()).await
    })
}

/// `GetDomainUserList(usersDomain) -> string`.
pub fn get_domain_user_list(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let filter = domain_filter(&call)?;
        all_users(&call, &caller, filter).await
    })
}

/// `GetDomainUserListCount(usersDomain) -> int`.
pub fn get_domain_user_list_count(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let filter = domain_filter(&call)?;
        Ok(Value::Int(call.core().count_users(&caller, filter).await?))
    })
}

/// `GetDomainUserListPaginated(usersDomain, pageSize, page) -> string`.
pub fn get_domain_user_list_paginated(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let filter = domain_filter(&call)?;
        page_of_users(&call, &caller, filter).await
    })
}

/// `LookupUserByFirstName(keyword) -> string`: first names starting with the keyword.
pub fn lookup_user_by_first_name(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let filter = UserFilter {
            first_name_prefix: Some(call.args.string("keyword")?.trim().to_string()),
            ..UserFilter::default()
        };
        all_users(&call, &caller, filter).await
    })
}

/// `LookupUserByLastName(keyword) -> string`: last names starting with the keyword.
pub fn lookup_user_by_last_name(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let filter = UserFilter {
            last_name_prefix: Some(call.args.string("keyword")?.trim().to_string()),
            ..UserFilter::default()
        };
        all_users(&call, &caller, filter).await
    })
}

/// `UpdateUserAccountStatus(userId, accountStatus) -> int` 1: 1 Active (also lifts a lock),
/// 2 Inactive (Suspended), 3 Locked until an administrator lifts it; 2 and 3 end the user's
/// sessions and API keys.
pub fn update_user_account_status(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let target = UserId(call.args.int("userId")?);
        match call.args.int("accountStatus")? {
            1 => call.core().set_status(&caller, target, Status::Active).await?,
            2 => call.core().set_status(&caller, target, Status::Suspended).await?,
            3 => call.core().lock_user(&caller, target).await?,
            _ => {
                let reason = "must be 1 (Active), 2 (Inactive) or 3 (Locked)";
                return Err(CoreError::invalid("accountStatus", reason).into());
            }
        };
        Ok(Value::Int(1))
    })
}

/// `ChangePassword(userId, password) -> int` 1: an administrative set, no old password.
pub fn change_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        let password = Password::new(call.args.string("password")?);
        call.core().set_password(&caller, UserId(call.args.int("userId")?), password, false).await?;
        Ok(Value::Int(1))
    })
}

/// `DeleteUser(userId) -> int` 1: terminate the user.
pub fn delete_user(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(TOKEN).await?;
        call.core().terminate(&caller, UserId(call.args.int("userId")?)).await?;
        Ok(Value::Int(1))
    })
}

fn domain_filter(call: &Call) -> SoapResult<UserFilter> {
    Ok(UserFilter {
        login_prefix: Some(domain_prefix(call.args.string("usersDomain")?)?),
        ..UserFilter::default()
    })
}

/// Every matching user, page by page at the core's largest page.
async fn all_users(call: &Call, caller: &Caller, filter: UserFilter) -> SoapResult<Value> {
    let mut users = Vec::new();
    for number in 1.. {
        let page = Page { number: Some(number), size: Some(MAX_PAGE_SIZE) };
        let batch = call.core().list_users(caller, filter.clone(), page).await?;
        let last = (batch.len() as i64) < MAX_PAGE_SIZE;
        users.extend(batch);
        if last {
            break;
        }
    }
    Ok(Value::Str(xml_doc::users(&users, 1, call.core().now())?))
}

/// The page `page` (1-based) of `pageSize` matching users.
async fn page_of_users(call: &Call, caller: &Caller, filter: UserFilter) -> SoapResult<Value> {
    let (size, number) = (call.args.int("pageSize")?, call.args.int("page")?);
    let page = Page { number: Some(number), size: Some(size) };
    let users = call.core().list_users(caller, filter, page).await?;
    let first = number.saturating_sub(1).saturating_mul(size).saturating_add(1);
    Ok(Value::Str(xml_doc::users(&users, first, call.core().now())?))
}
