//! ECGridOS passwords and API keys (SPEC §5.2): `GeneratePassword`, `GenerateAPIKey` (a GUID,
//! the form the vendor's .NET client accepts) and `UserGetAPIKey`, which answers a documented
//! fault: keys are stored only hashed.

use gatehouse_core::apikey::KeyForm;
use gatehouse_core::user::UserId;

use super::handlers::{SESSION, USER};
use crate::call::Call;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// `GeneratePassword(SessionID, Length) -> string`: a random password that meets the rules.
pub fn generate_password(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let length = call.args.int("Length")?;
        let length = u32::try_from(length).unwrap_or(0);
        let password = call.core().generate_password(&caller, Some(length)).await?;
        Ok(Value::Str(password.expose().to_string()))
    })
}

/// `GenerateAPIKey(SessionID, UserID) -> string`: a new GUID key; the user's earlier keys stop
/// working at once.
pub fn generate_api_key(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let key = call.core().generate_api_key(&caller, UserId(call.args.int(USER)?), KeyForm::Guid).await?;
        Ok(Value::Str(key.expose().to_string()))
    })
}

/// `UserGetAPIKey(SessionID, UserID) -> string`: after authorization, a fault telling the
/// caller to generate a new key (keys are stored only as hashes).
pub fn user_get_api_key(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        match call.core().reveal_api_key(&caller, UserId(call.args.int(USER)?)).await? {}
    })
}
