//! The Web API methods: one core call each (SPEC §6), with Slack's errors for the refusals
//! each method documents.

use chrono::{DateTime, Utc};
use gatehouse_core::limits::WebApiTier;
use gatehouse_core::service::{Page, SessionCursor, TeamRole, MAX_SESSION_PAGE};
use gatehouse_core::session::{ResetScope, SessionId};
use gatehouse_core::session_settings::{duration_secs, SessionSettings};
use gatehouse_core::user::{Status, UserFilter, UserId};
use gatehouse_core::{Caller, CoreError};
use serde_json::{json, Map, Value};

use super::args::{parse_user_id, Args};
use super::error::SlackError;
use super::objects;
use crate::state::RestState;

macro_rules! web_methods {
    ($($variant:ident = $name:literal, $tier:ident, $docs:ident, $doc:literal;)*) => {
        /// Every method the Web API serves.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum WebMethod {
            $(#[doc = $doc] $variant,)*
        }

        impl WebMethod {
            /// Every method.
            pub const ALL: &'static [WebMethod] = &[$(WebMethod::$variant,)*];

            /// The method name in the URL.
            pub fn name(self) -> &'static str {
                match self {
                    $(WebMethod::$variant => $name,)*
                }
            }

            /// Slack's rate tier of the method (SPEC §6).
            pub fn tier(self) -> WebApiTier {
                match self {
                    $(WebMethod::$variant => WebApiTier::$tier,)*
                }
            }
        }

        /// The documentation of every method ([`super::docs`]), with the schemas it refers to.
        pub fn documented(
            mut paths: utoipa::openapi::path::PathsBuilder,
            schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
        ) -> utoipa::openapi::path::PathsBuilder {
            pastey::paste! {
                $(
                    paths = crate::routes::document::<super::docs::[<__path_ $docs>]>(paths, schemas);
                )*
            }
            paths
        }
    };
}

web_methods! {
    SessionReset = "admin.users.session.reset", Tier2, admin_users_session_reset, "Wipe a user's sessions, optionally only mobile or web (seed).";
    SessionResetBulk = "admin.users.session.resetBulk", Tier2, admin_users_session_reset_bulk, "The same for several users, all or nothing.";
    SessionList = "admin.users.session.list", Tier2, admin_users_session_list, "Live sessions: one user's, or every one the caller may see.";
    SessionInvalidate = "admin.users.session.invalidate", Tier2, admin_users_session_invalidate, "Revoke one session.";
    SessionGetSettings = "admin.users.session.getSettings", Tier4, admin_users_session_get_settings, "Users' session settings.";
    SessionSetSettings = "admin.users.session.setSettings", Tier4, admin_users_session_set_settings, "Set users' session lifetime and browser-quit hint.";
    SessionClearSettings = "admin.users.session.clearSettings", Tier4, admin_users_session_clear_settings, "Return users to the service's session defaults.";
    UsersList = "admin.users.list", Tier4, admin_users_list, "Users the caller may see, a page at a time.";
    UsersRemove = "admin.users.remove", Tier2, admin_users_remove, "Deactivate a user (Gatehouse: suspend).";
    UsersSetAdmin = "admin.users.setAdmin", Tier2, admin_users_set_admin, "Make a user an administrator of its network or mailbox.";
    UsersSetRegular = "admin.users.setRegular", Tier2, admin_users_set_regular, "Make a user a regular user of its network or mailbox.";
    UsersSetOwner = "admin.users.setOwner", Tier2, admin_users_set_owner, "Not supported: Gatehouse has one primary owner.";
    UsersSetExpiration = "admin.users.setExpiration", Tier2, admin_users_set_expiration, "Set when a user's account expires.";
    UsersGetExpiration = "admin.users.getExpiration", Tier4, admin_users_get_expiration, "When a user's account expires.";
    UserInfo = "users.info", Tier4, users_info, "One user.";
    UserLookupByEmail = "users.lookupByEmail", Tier3, users_lookup_by_email, "The user with an email address.";
    AuthTest = "auth.test", Special, auth_test, "Whom the token belongs to.";
    AuthRevoke = "auth.revoke", Tier3, auth_revoke, "End the calling token.";
}

impl WebMethod {
    /// The method a URL names, if any.
    pub fn parse(name: &str) -> Option<WebMethod> {
        WebMethod::ALL.iter().copied().find(|m| m.name() == name)
    }
}

/// Users one `admin.users.list` page holds when the request does not say (Slack: 100).
const DEFAULT_USERS_PAGE: usize = 100;

/// Run `method` for `caller`; returns the fields to add beside `"ok": true`.
pub async fn run(
    method: WebMethod,
    state: &RestState,
    caller: &Caller,
    args: &Args,
    base_url: &str,
) -> Result<Map<String, Value>, SlackError> {
    let core = &state.core;
    let now = core.now();
    let mut out = Map::new();
    match method {
        WebMethod::SessionReset => {
            let target = parse_user_id(args.required("user_id")?)?;
            core.reset_sessions(caller, target, reset_scope(args)?).await?;
        }
        WebMethod::SessionResetBulk => {
            let targets = user_ids(args)?;
            core.reset_sessions_bulk(caller, targets, reset_scope(args)?).await?;
        }
        WebMethod::SessionList => {
            let limit = limit(args, MAX_SESSION_PAGE, MAX_SESSION_PAGE)?;
            match (nonempty(args, "team_id")?, nonempty(args, "user_id")?) {
                (None, None) => {
                    let after = nonempty(args, "cursor")?.map(objects::parse_session_cursor).transpose()?;
                    let page = core.list_visible_sessions(caller, after, limit).await?;
                    let sessions: Vec<Value> =
                        page.sessions.iter().map(|(s, owner)| objects::session(s, owner)).collect();
                    let next = page.next.as_ref().map(objects::session_cursor).unwrap_or_default();
                    out.insert("active_sessions".into(), Value::Array(sessions));
                    out.insert("response_metadata".into(), json!({"next_cursor": next}));
                }
                (Some(_), None) => {
                    return Err(SlackError::Code("missing_user", Some("give user_id with team_id".into())))
                }
                (None, Some(_)) => {
                    return Err(SlackError::Code("missing_team", Some("give team_id with user_id".into())))
                }
                (Some(team), Some(user)) => {
                    let (team, target) = (objects::parse_team_id(team)?, parse_user_id(user)?);
                    let owner = in_team(state, caller, target, team).await?;
                    let after = nonempty(args, "cursor")?.map(objects::parse_session_cursor).transpose()?;
                    let sessions = core.list_sessions(caller, target).await?;
                    if sessions.is_empty() {
                        return Err(SlackError::Code("no_active_sessions", None));
                    }
                    let rest: Vec<_> = sessions
                        .iter()
                        .filter(|s| {
                            after.as_ref().is_none_or(|c| (s.created, &s.id.0) > (c.created, &c.id.0))
                        })
                        .collect();
                    let page: Vec<Value> =
                        rest.iter().take(limit).map(|s| objects::session(s, &owner)).collect();
                    let next = match rest.len() > limit {
                        true => objects::session_cursor(&SessionCursor {
                            created: rest[limit - 1].created,
                            id: rest[limit - 1].id.clone(),
                        }),
                        false => String::new(),
                    };
                    out.insert("active_sessions".into(), Value::Array(page));
                    out.insert("response_metadata".into(), json!({"next_cursor": next}));
                }
            }
        }
        WebMethod::SessionInvalidate => {
            let id = SessionId(args.required("session_id")?.to_string());
            let owner = nonempty(args, "user_id")?.map(parse_user_id).transpose()?;
            core.invalidate_session(caller, id, owner).await.map_err(|e| match e {
                CoreError::NotFound => {
                    SlackError::Code("session_not_found", Some("no such live session".into()))
                }
                CoreError::PrimaryOwnerProtected => SlackError::Code("cannot_invalidate_primary_owner", None),
                other => SlackError::Core(other),
            })?;
        }
        WebMethod::SessionGetSettings => {
            let targets = user_ids(args)?;
            let found = core.session_settings(caller, targets).await.map_err(bots_not_allowed)?;
            let default_life = core.config().session.max_life;
            let (mut applied, mut none) = (Vec::new(), Vec::new());
            for (id, settings) in found {
                if settings.duration.is_none() && settings.desktop_app_browser_quit.is_none() {
                    none.push(json!(objects::slack_user_id(id)));
                } else {
                    applied.push(json!({
                        "user_id": objects::slack_user_id(id),
                        "desktop_app_browser_quit": settings.desktop_app_browser_quit.unwrap_or(false),
                        "duration": settings.duration.unwrap_or(default_life).num_seconds(),
                    }));
                }
            }
            out.insert("session_settings".into(), Value::Array(applied));
            out.insert("no_settings_applied".into(), Value::Array(none));
        }
        WebMethod::SessionSetSettings => {
            let targets = user_ids(args)?;
            let duration = match nonempty(args, "duration")? {
                None => None,
                Some(raw) => Some(
                    raw.parse::<i64>()
                        .map_err(|_| SlackError::invalid_arguments("`duration` must be a number of seconds"))
                        .and_then(|n| duration_secs(n).map_err(SlackError::Core))?,
                ),
            };
            let quit = match nonempty(args, "desktop_app_browser_quit")? {
                None => None,
                Some(_) => Some(args.flag("desktop_app_browser_quit")?),
            };
            let change = SessionSettings { duration, desktop_app_browser_quit: quit, max_sessions: None };
            core.set_session_settings(caller, targets, change).await.map_err(|e| match e {
                CoreError::InvalidParameter { field, .. } if field == "settings" => {
                    SlackError::Code("at_least_one_session_setting_required", None)
                }
                other => bots_not_allowed(other),
            })?;
        }
        WebMethod::SessionClearSettings => {
            let targets = user_ids(args)?;
            core.clear_session_settings(caller, targets).await.map_err(bots_not_allowed)?;
        }
        WebMethod::UsersList => {
            let limit = limit(args, DEFAULT_USERS_PAGE, gatehouse_core::service::MAX_PAGE_SIZE as usize)?;
            let after = nonempty(args, "cursor")?.map(objects::parse_user_cursor).transpose()?;
            let network_id = nonempty(args, "team_id")?.map(objects::parse_team_id).transpose()?;
            let active = match nonempty(args, "is_active")? {
                None => true,
                Some(_) => args.flag("is_active")?,
            };
            if args.flag("only_guests")? {
                // Gatehouse has no guests.
                out.insert("users".into(), json!([]));
                out.insert("response_metadata".into(), json!({"next_cursor": ""}));
                return Ok(out);
            }
            let filter = UserFilter { network_id, active: Some(active), after, ..UserFilter::default() };
            let page = Page { number: Some(1), size: Some(limit as i64) };
            let users = core.list_users(caller, filter, page).await?;
            let next = match users.len() == limit {
                true => users.last().map(|u| objects::user_cursor(u.id)).unwrap_or_default(),
                false => String::new(),
            };
            let users: Vec<Value> = users.iter().map(|u| objects::admin_user(u, now)).collect();
            out.insert("users".into(), Value::Array(users));
            out.insert("response_metadata".into(), json!({"next_cursor": next}));
        }
        WebMethod::UsersRemove => {
            let target = team_target(state, caller, args).await?;
            core.set_status(caller, target, Status::Suspended).await.map_err(|e| match e {
                CoreError::InvalidParameter { field, .. } if field == "status" => {
                    SlackError::Code("user_already_deleted", None)
                }
                other => modify_user(other),
            })?;
        }
        WebMethod::UsersSetAdmin | WebMethod::UsersSetRegular => {
            let target = team_target(state, caller, args).await?;
            let role = if method == WebMethod::UsersSetAdmin { TeamRole::Admin } else { TeamRole::Regular };
            core.set_team_role(caller, target, role).await.map_err(|e| match e {
                CoreError::InvalidParameter { field, .. } if field == "user_id" => {
                    SlackError::Code("invalid_role_for_user", Some("a bot cannot be an administrator".into()))
                }
                other => modify_user(other),
            })?;
        }
        WebMethod::UsersSetOwner => {
            team_target(state, caller, args).await?;
            return Err(SlackError::Code(
                "not_supported",
                Some("Gatehouse has one owner, the primary owner; use setAdmin".into()),
            ));
        }
        WebMethod::UsersSetExpiration => {
            let target = parse_user_id(args.required("user_id")?)?;
            if let Some(team) = nonempty(args, "team_id")? {
                in_team(state, caller, target, objects::parse_team_id(team)?).await?;
            }
            let at = args
                .required("expiration_ts")?
                .parse::<i64>()
                .ok()
                .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
                .ok_or_else(|| {
                    SlackError::Code(
                        "failed_to_validate_expiration",
                        Some("`expiration_ts` is not a time".into()),
                    )
                })?;
            match core.set_expiration(caller, target, Some(at)).await {
                Ok(_) => {}
                Err(CoreError::InvalidParameter { field, reason }) if field == "expirationTs" => {
                    return Err(SlackError::Code("failed_to_validate_expiration", Some(reason)))
                }
                Err(CoreError::AccountInactive) => {
                    let user = core.get_user(caller, target).await?;
                    let code = match user.status {
                        Status::Terminated => "user_is_already_deleted",
                        _ => "user_is_deactivated",
                    };
                    return Err(SlackError::Code(code, None));
                }
                Err(other) => return Err(modify_user(other)),
            }
        }
        WebMethod::UsersGetExpiration => {
            let target = parse_user_id(args.required("user_id")?)?;
            let user = core.get_user(caller, target).await?;
            out.insert("user_id".into(), json!(objects::slack_user_id(user.id)));
            out.insert("expiration_ts".into(), json!(user.expires_at.map_or(0, |t| t.timestamp())));
        }
        WebMethod::UserInfo => {
            let target = parse_user_id(args.required("user")?)?;
            let user = core.get_user(caller, target).await?;
            out.insert("user".into(), objects::user(&user, now));
        }
        WebMethod::UserLookupByEmail => {
            let email = args.required("email")?;
            let user = core.lookup_user_by_email(caller, email).await.map_err(|e| match e {
                CoreError::NotFound => SlackError::Code("users_not_found", None),
                other => SlackError::Core(other),
            })?;
            out.insert("user".into(), objects::user(&user, now));
        }
        WebMethod::AuthTest => {
            let user = &caller.user;
            out.insert("url".into(), json!(base_url));
            out.insert("team".into(), json!(format!("Network {}", user.network_id)));
            out.insert("user".into(), json!(user.login));
            out.insert("team_id".into(), json!(objects::team_id(user.network_id)));
            out.insert("user_id".into(), json!(objects::slack_user_id(user.id)));
            out.insert("is_enterprise_install".into(), json!(false));
            if user.is_bot {
                out.insert("bot_id".into(), json!(format!("B{}", user.id)));
            }
        }
        WebMethod::AuthRevoke => {
            let test = args.flag("test")?;
            if !test {
                core.revoke_credential(caller).await?;
            }
            out.insert("revoked".into(), json!(!test));
        }
    }
    Ok(out)
}

/// An argument that is present and not empty.
fn nonempty<'a>(args: &'a Args, name: &str) -> Result<Option<&'a str>, SlackError> {
    Ok(args.str(name)?.filter(|s| !s.is_empty()))
}

fn reset_scope(args: &Args) -> Result<ResetScope, SlackError> {
    Ok(ResetScope::from_flags(args.flag("mobile_only")?, args.flag("web_only")?))
}

fn user_ids(args: &Args) -> Result<Vec<UserId>, SlackError> {
    let raw = args.list("user_ids");
    if raw.is_empty() {
        return Err(SlackError::invalid_arguments("missing required field: user_ids"));
    }
    raw.iter().map(|id| parse_user_id(id)).collect()
}

/// `limit`: 1 to `max`, `default` when absent.
fn limit(args: &Args, default: usize, max: usize) -> Result<usize, SlackError> {
    match nonempty(args, "limit")? {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| SlackError::invalid_arguments(format!("`limit` must be 1 to {max}"))),
    }
}

/// The user `user_id` names, which must be in the team `team_id` names (both required).
async fn team_target(state: &RestState, caller: &Caller, args: &Args) -> Result<UserId, SlackError> {
    let team = objects::parse_team_id(args.required("team_id")?)?;
    let target = parse_user_id(args.required("user_id")?)?;
    in_team(state, caller, target, team).await.map_err(|e| match e {
        SlackError::Core(core) => modify_user(core),
        other => other,
    })?;
    Ok(target)
}

/// Read `target` (as the caller may) and check it belongs to network `team`.
async fn in_team(
    state: &RestState,
    caller: &Caller,
    target: UserId,
    team: i64,
) -> Result<gatehouse_core::user::User, SlackError> {
    let user = state.core.get_user(caller, target).await?;
    if user.network_id != team {
        return Err(SlackError::Code("user_not_found", Some(format!("the user is not in team T{team}"))));
    }
    Ok(user)
}

/// The session-settings methods' name for a bot target.
fn bots_not_allowed(e: CoreError) -> SlackError {
    match e {
        CoreError::BotHasNoSessions => SlackError::Code("bots_not_allowed", Some(e.to_string())),
        other => SlackError::Core(other),
    }
}

/// The `admin.users.*` methods' name for the primary owner as target.
fn modify_user(e: CoreError) -> SlackError {
    match e {
        CoreError::PrimaryOwnerProtected => {
            SlackError::Code("cannot_modify_primary_owner", Some(e.to_string()))
        }
        other => SlackError::Core(other),
    }
}
