//! OpenAPI descriptions of the Web API methods. They share one dispatcher, so the functions
//! here exist only to carry the documentation; a test checks one per [`super::methods::WebMethod`].
//! Every method takes its arguments as a form or as JSON and answers HTTP 200 with either its
//! typed success (`ok: true`) or [`SlackErrorAnswer`] (`ok: false`); [`SlackConsts`] pins `ok`
//! in each so that exactly one of the two matches an answer.
#![allow(dead_code)]

use serde::Serialize;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, Required};
use utoipa::{Modify, ToSchema};

/// `response_metadata`: the next page's cursor, warnings and error explanations.
#[derive(Serialize, ToSchema)]
pub struct ResponseMetadata {
    /// Cursor of the next page; empty on the last one.
    pub next_cursor: Option<String>,
    /// Warnings the transport earned (`missing_charset`, `superfluous_charset`).
    pub warnings: Option<Vec<String>>,
    /// Explanations, `[ERROR] …`.
    pub messages: Option<Vec<String>>,
}

/// A failed call: HTTP 200 (429 for `ratelimited`) with `ok: false`.
#[derive(Serialize, ToSchema)]
pub struct SlackErrorAnswer {
    /// Always false.
    pub ok: bool,
    /// The error code (`not_authed`, `invalid_auth`, `not_an_admin`, `user_not_found`, …).
    #[schema(example = "user_not_found")]
    pub error: String,
    /// Why, when the server can say.
    pub response_metadata: Option<ResponseMetadata>,
}

/// A call that answers only `ok: true`.
#[derive(Serialize, ToSchema)]
pub struct SlackOk {
    /// Always true.
    pub ok: bool,
    /// Comma-separated warnings.
    pub warning: Option<String>,
    /// Warnings.
    pub response_metadata: Option<ResponseMetadata>,
}

/// Where and on what a session started or was last used (Slack's `created` / `recent`), read
/// from its user agent, with Gatehouse's `at` and `user_agent`.
#[derive(Serialize, ToSchema)]
pub struct SessionDevice {
    /// Device class from the user agent (`pc`, `smartphone`, `mobilephone`, `appliance`, `crawler`, `misc`).
    pub device_hardware: Option<String>,
    /// Operating system.
    pub os: Option<String>,
    /// Operating system version.
    pub os_version: Option<String>,
    /// The client's product and version (`Slack/4.33.90`, `Chrome 120.0.0.0`).
    pub slack_client_version: Option<String>,
    /// Client address at login.
    pub ip: Option<String>,
    /// Unix time.
    pub at: i64,
    /// The user agent as sent (`created` only).
    pub user_agent: Option<String>,
}

/// A session as `admin.users.session.list` gives it.
#[derive(Serialize, ToSchema)]
pub struct SlackSession {
    /// Session id (a UUID; pass it to `admin.users.session.invalidate`).
    pub session_id: String,
    /// Owner, `W<id>`.
    #[schema(example = "W42")]
    pub user_id: String,
    /// Owner's network, `T<network>`.
    #[schema(example = "T1")]
    pub team_id: String,
    /// Login.
    pub created: SessionDevice,
    /// Last use, when after the login.
    pub recent: Option<SessionDevice>,
    /// `web`, `mobile`, `desktop` or `api`.
    pub client_type: String,
    /// Unix time the session ends at the latest.
    pub expires_at: i64,
}

/// `admin.users.session.list`.
#[derive(Serialize, ToSchema)]
pub struct SessionListAnswer {
    /// Always true.
    pub ok: bool,
    /// The sessions, oldest first.
    pub active_sessions: Vec<SlackSession>,
    /// `next_cursor`.
    pub response_metadata: ResponseMetadata,
}

/// One user's session settings.
#[derive(Serialize, ToSchema)]
pub struct SessionSetting {
    /// `W<id>`.
    pub user_id: String,
    /// Web and desktop clients keep the token in memory only.
    pub desktop_app_browser_quit: bool,
    /// Absolute session lifetime in seconds.
    pub duration: i64,
}

/// `admin.users.session.getSettings`.
#[derive(Serialize, ToSchema)]
pub struct GetSettingsAnswer {
    /// Always true.
    pub ok: bool,
    /// Users with settings of their own.
    pub session_settings: Vec<SessionSetting>,
    /// Users on the service's defaults.
    pub no_settings_applied: Vec<String>,
}

/// A user as `admin.users.list` gives it.
#[derive(Serialize, ToSchema)]
pub struct SlackAdminUser {
    /// `W<id>`.
    pub id: String,
    /// Email address.
    pub email: String,
    /// Given and family name.
    pub full_name: String,
    /// Login.
    pub username: String,
    /// May authenticate (not suspended, terminated or expired).
    pub is_active: bool,
    /// Administers someone.
    pub is_admin: bool,
    /// Root or the primary owner.
    pub is_owner: bool,
    /// The primary owner.
    pub is_primary_owner: bool,
    /// Always false (no guests).
    pub is_restricted: bool,
    /// Always false (no guests).
    pub is_ultra_restricted: bool,
    /// Bot user.
    pub is_bot: bool,
    /// Always false.
    pub has_2fa: bool,
    /// Always false.
    pub has_sso: bool,
    /// Unix time of creation.
    pub date_created: i64,
    /// Unix time the account expires, 0 for never.
    pub expiration_ts: i64,
    /// `admin`, `primary_owner`.
    pub roles: Vec<String>,
    /// The user's network, `T<network>`.
    pub workspaces: Vec<String>,
    /// Gatehouse level.
    pub auth_level: String,
    /// Gatehouse status.
    pub status: String,
}

/// `admin.users.list`.
#[derive(Serialize, ToSchema)]
pub struct UsersListAnswer {
    /// Always true.
    pub ok: bool,
    /// The users, by id.
    pub users: Vec<SlackAdminUser>,
    /// `next_cursor`.
    pub response_metadata: ResponseMetadata,
}

/// A user's profile in Slack's user object.
#[derive(Serialize, ToSchema)]
pub struct SlackProfile {
    /// Email address.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Given and family name.
    pub real_name: String,
    /// Login.
    pub display_name: String,
    /// Job title ("" when unset).
    pub title: String,
    /// Phone number ("" when unset).
    pub phone: String,
}

/// Slack's user object (`users.info`, `users.lookupByEmail`).
#[derive(Serialize, ToSchema)]
pub struct SlackUser {
    /// `W<id>`.
    pub id: String,
    /// `T<network>`.
    pub team_id: String,
    /// Login.
    pub name: String,
    /// Terminated.
    pub deleted: bool,
    /// Given and family name.
    pub real_name: String,
    /// Profile.
    pub profile: SlackProfile,
    /// IANA time zone (a Windows id is given as the zone CLDR maps it to); absent when unset.
    pub tz: Option<String>,
    /// The time zone's current offset from UTC in seconds; absent when unset.
    pub tz_offset: Option<i32>,
    /// BCP 47 locale; absent when unset.
    pub locale: Option<String>,
    /// Administers someone.
    pub is_admin: bool,
    /// Root or the primary owner.
    pub is_owner: bool,
    /// The primary owner.
    pub is_primary_owner: bool,
    /// Always false.
    pub is_restricted: bool,
    /// Always false.
    pub is_ultra_restricted: bool,
    /// Bot user.
    pub is_bot: bool,
    /// May authenticate.
    pub is_active: bool,
    /// Unix time of the last change.
    pub updated: i64,
    /// Always false.
    pub has_2fa: bool,
    /// Unix time the account expires, 0 for never.
    pub expiration_ts: i64,
    /// Gatehouse level.
    pub auth_level: String,
    /// Gatehouse status.
    pub status: String,
}

/// `users.info`, `users.lookupByEmail`.
#[derive(Serialize, ToSchema)]
pub struct UserAnswer {
    /// Always true.
    pub ok: bool,
    /// The user.
    pub user: SlackUser,
}

/// `admin.users.getExpiration`.
#[derive(Serialize, ToSchema)]
pub struct GetExpirationAnswer {
    /// Always true.
    pub ok: bool,
    /// `W<id>`.
    pub user_id: String,
    /// Unix time the account expires, 0 for never.
    pub expiration_ts: i64,
}

/// `auth.test`.
#[derive(Serialize, ToSchema)]
pub struct AuthTestAnswer {
    /// Always true.
    pub ok: bool,
    /// The service URL.
    pub url: String,
    /// `Network <n>`.
    pub team: String,
    /// The caller's login.
    pub user: String,
    /// `T<network>`.
    pub team_id: String,
    /// `W<id>`.
    pub user_id: String,
    /// `B<id>` for a bot.
    pub bot_id: Option<String>,
    /// Always false.
    pub is_enterprise_install: bool,
    /// Warnings.
    pub warning: Option<String>,
    /// Warnings.
    pub response_metadata: Option<ResponseMetadata>,
}

/// `auth.revoke`.
#[derive(Serialize, ToSchema)]
pub struct AuthRevokeAnswer {
    /// Always true.
    pub ok: bool,
    /// False in `test` mode.
    pub revoked: bool,
}

/// Every success schema, whose `ok` is pinned to true.
const SUCCESS: &[&str] = &[
    "SlackOk",
    "SessionListAnswer",
    "GetSettingsAnswer",
    "UsersListAnswer",
    "UserAnswer",
    "GetExpirationAnswer",
    "AuthTestAnswer",
    "AuthRevokeAnswer",
];

/// Pins `ok` to `true` in the success schemas and to `false` in [`SlackErrorAnswer`], and marks
/// every method's body required: a client always posts one (an empty form is a body).
pub struct SlackConsts;

impl Modify for SlackConsts {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (_, item) in openapi.paths.paths.iter_mut().filter(|(p, _)| p.starts_with("/api/")) {
            if let Some(body) = item.post.as_mut().and_then(|op| op.request_body.as_mut()) {
                body.required = Some(Required::True);
            }
        }
        let Some(components) = openapi.components.as_mut() else { return };
        let pinned = |value: bool| {
            RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .enum_values(Some([value]))
                    .description(Some(if value { "Always true." } else { "Always false." }))
                    .build(),
            ))
        };
        for (name, schema) in components.schemas.iter_mut() {
            let value = match name.as_str() {
                "SlackErrorAnswer" => false,
                n if SUCCESS.contains(&n) => true,
                _ => continue,
            };
            if let RefOr::T(Schema::Object(object)) = schema {
                object.properties.insert("ok".into(), pinned(value));
            }
        }
    }
}

macro_rules! answer {
    ($name:ident, $ok:ident) => {
        /// The success of this method, or `ok: false` with `error`.
        #[derive(Serialize, ToSchema)]
        #[serde(untagged)]
        // Only its schema is used: no value of it is ever built.
        #[allow(clippy::large_enum_variant)]
        pub enum $name {
            /// `ok: true`.
            Ok($ok),
            /// `ok: false`.
            Error(SlackErrorAnswer),
        }
    };
}

answer!(OkOrError, SlackOk);
answer!(SessionListOrError, SessionListAnswer);
answer!(GetSettingsOrError, GetSettingsAnswer);
answer!(UsersListOrError, UsersListAnswer);
answer!(UserOrError, UserAnswer);
answer!(GetExpirationOrError, GetExpirationAnswer);
answer!(AuthTestOrError, AuthTestAnswer);
answer!(AuthRevokeOrError, AuthRevokeAnswer);

macro_rules! method {
    ($fn:ident, $path:literal, $op:literal, $args:ident, $answer:ident, $summary:literal) => {
        #[doc = $summary]
        #[utoipa::path(post, path = $path, tag = "webapi", operation_id = $op,
            // The same arguments are accepted as JSON (and multipart, text/plain, query string);
            // documenting a second content type makes openapi-python-client emit a module that
            // does not import (`Unset`), so the document names the form Slack's clients send.
            request_body(content = $args, content_type = "application/x-www-form-urlencoded",
                description = "The arguments as a form; a JSON object with the same fields is accepted too"),
            responses(
                (status = 200, description = "The method's answer, or `ok: false` with `error`", body = $answer),
                (status = 429, description = "`ratelimited`, with Retry-After", body = SlackErrorAnswer),
            ),
            security(("bearer" = [])))]
        pub fn $fn() {}
    };
}

macro_rules! args {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[$meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Serialize, ToSchema)]
        pub struct $name {
            /// Token, if not sent as `Authorization: Bearer`.
            pub token: Option<String>,
            $($(#[$meta])* pub $field: $ty,)*
        }
    };
}

args!(
    /// Arguments of `admin.users.session.reset`.
    SessionResetArgs {
        /// The user: `W123`, `U123` or `123`.
        #[schema(example = "W12345678")]
        user_id: String,
        /// Only expire mobile sessions (default false).
        mobile_only: Option<bool>,
        /// Only expire web sessions (default false).
        web_only: Option<bool>,
    }
);
args!(
    /// Arguments of `admin.users.session.resetBulk`.
    SessionResetBulkArgs {
        /// Comma-separated user ids (or a JSON array), at most 1000.
        #[schema(example = "W1,W2")]
        user_ids: String,
        /// Only expire mobile sessions.
        mobile_only: Option<bool>,
        /// Only expire web sessions.
        web_only: Option<bool>,
    }
);
args!(
    /// Arguments of `admin.users.session.list`: without `team_id` and `user_id`, every session
    /// the caller may see; with both, that user's.
    SessionListArgs {
        /// The user (`W<id>`), with `team_id`.
        user_id: Option<String>,
        /// The user's network (`T<network>`), with `user_id`.
        team_id: Option<String>,
        /// Page size, 1 to 1000 (default 1000).
        limit: Option<u32>,
        /// `next_cursor` of the previous page.
        cursor: Option<String>,
    }
);
args!(
    /// Arguments of `admin.users.session.invalidate`.
    SessionInvalidateArgs {
        /// The session to revoke (from `admin.users.session.list`).
        session_id: String,
        /// Its owner; a session of another user is `session_not_found`.
        user_id: Option<String>,
        /// Ignored (the owner's network).
        team_id: Option<String>,
    }
);
args!(
    /// Arguments of `admin.users.session.getSettings` and `clearSettings`.
    UserIdsArgs {
        /// Comma-separated user ids (or a JSON array), at most 1000.
        #[schema(example = "W1,W2")]
        user_ids: String,
    }
);
args!(
    /// Arguments of `admin.users.session.setSettings`.
    SetSettingsArgs {
        /// Comma-separated user ids (or a JSON array), at most 1000.
        #[schema(example = "W1,W2")]
        user_ids: String,
        /// Absolute session lifetime in seconds, 28800 to 315569520.
        duration: Option<i64>,
        /// Web and desktop clients should keep the token in memory only.
        desktop_app_browser_quit: Option<bool>,
    }
);
args!(
    /// Arguments of `admin.users.list`.
    UsersListArgs {
        /// Only users of this network (`T<network>`).
        team_id: Option<String>,
        /// `next_cursor` of the previous page.
        cursor: Option<String>,
        /// Page size, 1 to 500 (default 100).
        limit: Option<u32>,
        /// Only active users (default true), or only deactivated ones (false).
        is_active: Option<bool>,
        /// Only guests: Gatehouse has none, so the list is empty.
        only_guests: Option<bool>,
    }
);
args!(
    /// Arguments of `admin.users.remove`, `setAdmin`, `setRegular` and `setOwner`.
    TeamUserArgs {
        /// The user's network (`T<network>`).
        team_id: String,
        /// The user (`W<id>`).
        user_id: String,
    }
);
args!(
    /// Arguments of `admin.users.setExpiration`.
    SetExpirationArgs {
        /// The user (`W<id>`).
        user_id: String,
        /// Unix time the account expires, in the future.
        expiration_ts: i64,
        /// The user's network, if given.
        team_id: Option<String>,
    }
);
args!(
    /// Arguments of `admin.users.getExpiration`.
    GetExpirationArgs {
        /// The user (`W<id>`).
        user_id: String,
    }
);
args!(
    /// Arguments of `users.info`.
    UsersInfoArgs {
        /// The user (`W<id>`).
        user: String,
    }
);
args!(
    /// Arguments of `users.lookupByEmail`.
    LookupByEmailArgs {
        /// The address.
        email: String,
    }
);
args!(
    /// Arguments of `auth.test`.
    AuthTestArgs {}
);
args!(
    /// Arguments of `auth.revoke`.
    AuthRevokeArgs {
        /// Only pretend: the token keeps working.
        test: Option<bool>,
    }
);

method!(
    admin_users_session_reset,
    "/api/admin.users.session.reset",
    "adminUsersSessionReset",
    SessionResetArgs,
    OkOrError,
    "Wipe a user's sessions on all devices, or only mobile or only web ones (seed)."
);
method!(
    admin_users_session_reset_bulk,
    "/api/admin.users.session.resetBulk",
    "adminUsersSessionResetBulk",
    SessionResetBulkArgs,
    OkOrError,
    "Wipe the sessions of several users, all or nothing."
);
method!(
    admin_users_session_list,
    "/api/admin.users.session.list",
    "adminUsersSessionList",
    SessionListArgs,
    SessionListOrError,
    "List live sessions: every one the caller may see, or one user's."
);
method!(
    admin_users_session_invalidate,
    "/api/admin.users.session.invalidate",
    "adminUsersSessionInvalidate",
    SessionInvalidateArgs,
    OkOrError,
    "Revoke one session (`session_not_found` for an unknown id)."
);
method!(
    admin_users_session_get_settings,
    "/api/admin.users.session.getSettings",
    "adminUsersSessionGetSettings",
    UserIdsArgs,
    GetSettingsOrError,
    "Users' session settings."
);
method!(
    admin_users_session_set_settings,
    "/api/admin.users.session.setSettings",
    "adminUsersSessionSetSettings",
    SetSettingsArgs,
    OkOrError,
    "Set users' session lifetime (live sessions too) and browser-quit hint."
);
method!(
    admin_users_session_clear_settings,
    "/api/admin.users.session.clearSettings",
    "adminUsersSessionClearSettings",
    UserIdsArgs,
    OkOrError,
    "Return users to the service's session defaults."
);
method!(
    admin_users_list,
    "/api/admin.users.list",
    "adminUsersList",
    UsersListArgs,
    UsersListOrError,
    "Users the caller may see, by id, a page at a time."
);
method!(
    admin_users_remove,
    "/api/admin.users.remove",
    "adminUsersRemove",
    TeamUserArgs,
    OkOrError,
    "Deactivate a user: Gatehouse suspends it (sessions and keys revoked)."
);
method!(
    admin_users_set_admin,
    "/api/admin.users.setAdmin",
    "adminUsersSetAdmin",
    TeamUserArgs,
    OkOrError,
    "Make a user NetworkAdmin (network-level user) or MailboxAdmin (mailbox user)."
);
method!(
    admin_users_set_regular,
    "/api/admin.users.setRegular",
    "adminUsersSetRegular",
    TeamUserArgs,
    OkOrError,
    "Make a user NetworkUser (network-level user) or MailboxUser (mailbox user)."
);
method!(
    admin_users_set_owner,
    "/api/admin.users.setOwner",
    "adminUsersSetOwner",
    TeamUserArgs,
    OkOrError,
    "Answers `not_supported`: Gatehouse has one owner, the primary owner."
);
method!(
    admin_users_set_expiration,
    "/api/admin.users.setExpiration",
    "adminUsersSetExpiration",
    SetExpirationArgs,
    OkOrError,
    "Set when a user's account expires; from then on it cannot authenticate."
);
method!(
    admin_users_get_expiration,
    "/api/admin.users.getExpiration",
    "adminUsersGetExpiration",
    GetExpirationArgs,
    GetExpirationOrError,
    "When a user's account expires."
);
method!(
    users_info,
    "/api/users.info",
    "usersInfo",
    UsersInfoArgs,
    UserOrError,
    "One user the caller may see."
);
method!(
    users_lookup_by_email,
    "/api/users.lookupByEmail",
    "usersLookupByEmail",
    LookupByEmailArgs,
    UserOrError,
    "The user with an email address (`users_not_found` when none the caller may see)."
);
method!(
    auth_test,
    "/api/auth.test",
    "authTest",
    AuthTestArgs,
    AuthTestOrError,
    "Say whom the token belongs to."
);
method!(
    auth_revoke,
    "/api/auth.revoke",
    "authRevoke",
    AuthRevokeArgs,
    AuthRevokeOrError,
    "End the calling token (its session, or its API key); `test` only pretends."
);
