//! The rest of ECGrid REST v2's user family: generated passwords, moving a user to another
//! network or mailbox, and SMS (SPEC §4.2, §5.2).

use actix_web::web;
use gatehouse_core::user::UserId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::user_dto::UserIdInfo;
use crate::envelope::{Envelope, ErrorEnvelope, StringEnvelope, UserEnvelope};
use crate::error::RestResult;
use crate::extract::Authenticated;
use crate::json::JsonBody;
use crate::state::RestState;

/// How long a generated password should be.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratePasswordBody {
    /// Characters: default 13 (or the password rule's minimum, when longer); from that minimum
    /// (8 unless configured) to 128.
    #[schema(minimum = 4, maximum = 128)]
    pub length: Option<u32>,
}

/// Where to move a user; an absent field keeps its value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetNetworkMailboxBody {
    /// The user.
    pub user_id: i64,
    /// The destination network (default: the user's).
    pub network_id: Option<i64>,
    /// The destination mailbox, 0 for the network level (default: the user's).
    pub mailbox_id: Option<i64>,
}

/// A text message to a user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendSmsBody {
    /// The user; it must have a cell phone number.
    pub user_id: i64,
    /// The text, 1 to 160 characters.
    #[schema(min_length = 1, max_length = 160, pattern = r"\S")]
    pub message: String,
}

/// Generate a random password that meets the password rule (ECGridOS `GeneratePassword`).
#[utoipa::path(
    post,
    path = "/v2/users/generate-password",
    operation_id = "generatePassword", tag = "users", request_body = GeneratePasswordBody,
    responses(
        (status = 200, description = "The password: one lowercase and one uppercase letter, one digit and one other character at random places, the rest from all four kinds; no look-alikes (0, O, 1, l, I) and no whitespace", body = StringEnvelope),
        (status = 400, description = "InvalidParameter: length below the password rule's minimum or above 128", body = ErrorEnvelope),
        (status = 403, description = "AccountInactive or PasswordChangeRequired", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn generate_password(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<GeneratePasswordBody>,
) -> RestResult<Envelope<String>> {
    let password = state.core.generate_password(&caller, body.into_inner().length).await?;
    Ok(Envelope::ok(password.expose().to_string()))
}

/// Move a user to another network and mailbox (ECGridOS `UserSetNetworkMailbox`): the caller
/// must administer the user and reach the destination. Its sessions keep working.
#[utoipa::path(
    post,
    path = "/v2/users/set-network-mailbox",
    operation_id = "setNetworkMailbox", tag = "users", request_body = SetNetworkMailboxBody,
    responses(
        (status = 200, description = "The moved user", body = UserEnvelope),
        (status = 403, description = "AccessDenied (also a destination outside the caller's reach), AccountInactive or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound (also a user outside the caller's scope)", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn set_network_mailbox(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<SetNetworkMailboxBody>,
) -> RestResult<Envelope<UserIdInfo>> {
    let b = body.into_inner();
    let target = UserId(b.user_id);
    let (network_id, mailbox_id) = match (b.network_id, b.mailbox_id) {
        (Some(network), Some(mailbox)) => (network, mailbox),
        (network, mailbox) => {
            let user = state.core.get_user(&caller, target).await?;
            (network.unwrap_or(user.network_id), mailbox.unwrap_or(user.mailbox_id))
        }
    };
    let user = state.core.move_user(&caller, target, network_id, mailbox_id).await?;
    Ok(Envelope::ok(UserIdInfo::new(&user, state.core.now())))
}

/// Send a user a text message (ECGridOS `UserSendSMS`). Gatehouse has no SMS gateway: a
/// request the caller may make, with a valid message to a user with a cell phone, is answered
/// `501 NotSupported`.
#[utoipa::path(
    post,
    path = "/v2/users/send-sms",
    operation_id = "sendSms", tag = "users", request_body = SendSmsBody,
    responses(
        (status = 400, description = "InvalidParameter: an empty message, one over 160 characters, or a user without a cell phone", body = ErrorEnvelope),
        (status = 403, description = "AccessDenied, AccountInactive or PasswordChangeRequired", body = ErrorEnvelope),
        (status = 404, description = "ObjectNotFound (also a user outside the caller's scope)", body = ErrorEnvelope),
        (status = 501, description = "NotSupported: no SMS gateway is configured", body = ErrorEnvelope),
    ),
    security(("bearer" = []), ("apiKey" = [])))]
pub async fn send_sms(
    state: web::Data<RestState>,
    caller: Authenticated,
    body: JsonBody<SendSmsBody>,
) -> RestResult<Envelope<bool>> {
    let b = body.into_inner();
    state.core.send_sms(&caller, UserId(b.user_id), &b.message).await?;
    Ok(Envelope::ok(true))
}
