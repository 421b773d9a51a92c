//! The Web API methods: one core call each (SPEC §6).

use gatehouse_core::session::{ResetScope, Session, SessionId};
use gatehouse_core::Caller;
use serde_json::{json, Map, Value};

use super::args::{parse_user_id, Args};
use super::error::SlackError;
use crate::state::RestState;

/// Every method the Web API serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebMethod {
    /// `admin.users.session.reset` (seed): wipe a user's sessions, optionally only mobile or web.
    SessionReset,
    /// `admin.users.session.resetBulk`: the same for several users.
    SessionResetBulk,
    /// `admin.users.session.list`: a user's live sessions.
    SessionList,
    /// `admin.users.session.invalidate`: revoke one session.
    SessionInvalidate,
    /// `auth.test`: who the token belongs to.
    AuthTest,
}

impl WebMethod {
    /// Every method.
    pub const ALL: [WebMethod; 5] = [
        WebMethod::SessionReset,
        WebMethod::SessionResetBulk,
        WebMethod::SessionList,
        WebMethod::SessionInvalidate,
        WebMethod::AuthTest,
    ];

    /// The method name in the URL.
    pub fn name(self) -> &'static str {
        match self {
            WebMethod::SessionReset => "admin.users.session.reset",
            WebMethod::SessionResetBulk => "admin.users.session.resetBulk",
            WebMethod::SessionList => "admin.users.session.list",
            WebMethod::SessionInvalidate => "admin.users.session.invalidate",
            WebMethod::AuthTest => "auth.test",
        }
    }

    /// The method a URL names, if any.
    pub fn parse(name: &str) -> Option<WebMethod> {
        WebMethod::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Run `method` for `caller`; returns the fields to add beside `"ok": true`.
pub async fn run(
    method: WebMethod,
    state: &RestState,
    caller: &Caller,
    args: &Args,
    base_url: &str,
) -> Result<Map<String, Value>, SlackError> {
    let core = &state.core;
    let mut out = Map::new();
    match method {
        WebMethod::SessionReset => {
            let target = parse_user_id(args.required("user_id")?)?;
            let scope = ResetScope::from_flags(args.flag("mobile_only")?, args.flag("web_only")?);
            core.reset_sessions(caller, target, scope).await?;
        }
        WebMethod::SessionResetBulk => {
            let raw = args.list("user_ids");
            if raw.is_empty() {
                return Err(SlackError::invalid_arguments("missing required field: user_ids"));
            }
            let targets = raw.iter().map(|id| parse_user_id(id)).collect::<Result<Vec<_>, _>>()?;
            let scope = ResetScope::from_flags(args.flag("mobile_only")?, args.flag("web_only")?);
            core.reset_sessions_bulk(caller, targets, scope).await?;
        }
        WebMethod::SessionList => {
            let target = match args.str("user_id")? {
                Some(raw) if !raw.is_empty() => parse_user_id(raw)?,
                _ => caller.user.id,
            };
            let limit = match args.str("limit")? {
                None | Some("") => 100,
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| SlackError::invalid_arguments("`limit` must be 1 to 1000"))?,
            };
            let skip = match args.str("cursor")? {
                None | Some("") => 0,
                Some(c) => {
                    c.parse::<usize>().map_err(|_| SlackError::invalid_arguments("`cursor` is not valid"))?
                }
            };
            let sessions = core.list_sessions(caller, target).await?;
            let next = if sessions.len() > skip + limit { (skip + limit).to_string() } else { String::new() };
            let page: Vec<Value> = sessions.iter().skip(skip).take(limit).map(session_json).collect();
            out.insert("active_sessions".into(), Value::Array(page));
            out.insert("response_metadata".into(), json!({"next_cursor": next}));
        }
        WebMethod::SessionInvalidate => {
            let id = SessionId(args.required("session_id")?.to_string());
            core.invalidate_session(caller, id).await.map_err(|e| match e {
                gatehouse_core::CoreError::NotFound => {
                    SlackError::Code("invalid_session", Some("no such session".into()))
                }
                other => SlackError::Core(other),
            })?;
        }
        WebMethod::AuthTest => {
            let user = &caller.user;
            out.insert("url".into(), json!(base_url));
            out.insert("team".into(), json!(format!("Network {}", user.network_id)));
            out.insert("user".into(), json!(user.login));
            out.insert("team_id".into(), json!(format!("T{}", user.network_id)));
            out.insert("user_id".into(), json!(format!("W{}", user.id)));
            out.insert("is_enterprise_install".into(), json!(false));
            if user.is_bot {
                out.insert("bot_id".into(), json!(format!("B{}", user.id)));
            }
        }
    }
    Ok(out)
}

fn session_json(s: &Session) -> Value {
    json!({
        "user_id": format!("W{}", s.user_id),
        "session_id": s.id.0,
        "client_type": s.kind.as_str(),
        "created": {"ip": s.ip, "user_agent": s.user_agent, "at": s.created.timestamp()},
        "recent": {"at": s.last_seen.timestamp()},
        "expires_at": s.expires_at.timestamp(),
    })
}
