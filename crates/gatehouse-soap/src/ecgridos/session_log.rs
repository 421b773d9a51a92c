//! ECGridOS session logs (SPEC §5.2): `SessionLogCurrent`, `SessionLog` and `SessionLogEx`,
//! each session as `SessionLogInfo` with the audited calls made in it as `SessionEvents`.

use gatehouse_core::audit::{Action, AuditEvent};
use gatehouse_core::audit::{Change, Value as DetailValue};
use gatehouse_core::service::{SessionLog, SessionState};
use gatehouse_core::user::UserId;

use super::handlers::{SESSION, USER};
use crate::call::Call;
use crate::fault::RetCode;
use crate::operation::HandlerFuture;
use crate::schema::Value;

/// `SessionLogCurrent(SessionID) -> SessionLogInfo`: the caller's own session.
pub fn session_log_current(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let mut log = infos(call.core().current_session_log(&caller).await?);
        log.pop().ok_or_else(|| gatehouse_core::CoreError::internal("no current session entry").into())
    })
}

/// `SessionLog(SessionID, MaxRecords) -> ArrayOfSessionLogInfo`: the caller's sessions, newest
/// first.
pub fn session_log(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let max = call.args.int("MaxRecords")?;
        let log = call.core().session_log(&caller, caller.user.id, None, None, max).await?;
        Ok(Value::List(infos(log)))
    })
}

/// `SessionLogEx(SessionID, UserID, StartTime, EndTime, MaxRecords) -> ArrayOfSessionLogInfo`:
/// the user's sessions started in `[StartTime, EndTime)`, newest first.
pub fn session_log_ex(call: Call) -> HandlerFuture {
    Box::pin(async move {
        let caller = call.caller(SESSION).await?;
        let (start, end) = (call.args.datetime("StartTime")?, call.args.datetime("EndTime")?);
        let (target, max) = (UserId(call.args.int(USER)?), call.args.int("MaxRecords")?);
        let log = call.core().session_log(&caller, target, Some(start), Some(end), max).await?;
        Ok(Value::List(infos(log)))
    })
}

/// Each session of `log` as `SessionLogInfo`.
fn infos(log: SessionLog) -> Vec<Value> {
    let user = &log.user;
    log.sessions
        .into_iter()
        .map(|entry| {
            let status = match entry.state {
                SessionState::Open => "Open",
                SessionState::Closed => "Closed",
                SessionState::Expired => "Expired",
            };
            Value::Object(vec![
                ("SessionID", Value::Str(entry.session.id.0.clone())),
                ("StartTime", Value::DateTime(entry.session.created)),
                ("EndTime", Value::opt_time(entry.ended)),
                ("Expires", Value::DateTime(entry.session.expires_at)),
                ("NetworkID", Value::Int(user.network_id)),
                ("MailboxID", Value::Int(user.mailbox_id)),
                ("UserID", Value::Int(user.id.0)),
                ("Status", Value::Enum(status)),
                ("Version", Value::Str(super::ECGRIDOS_VERSION.into())),
                ("Events", Value::List(entry.events.iter().map(event).collect())),
            ])
        })
        .collect()
}

/// One audited call as `SessionEvents`. The audit trail records no durations, so
/// `Milliseconds` is 0; `Comment` names the action, its outcome and the front end.
fn event(e: &AuditEvent) -> Value {
    let ev = &e.event;
    let comment = format!("{} {} via {}", ev.action.as_str(), ev.outcome.as_str(), ev.front_end.as_str());
    Value::Object(vec![
        ("APICall", Value::Enum(api_call(e))),
        ("Date", Value::DateTime(ev.at)),
        ("Milliseconds", Value::Int(0)),
        ("ip", Value::Str(ev.ip.clone().unwrap_or_default())),
        ("ReturnCode", Value::Enum(RetCode::of(ev.outcome).as_str())),
        ("Comment", Value::Str(comment)),
    ])
}

/// The ECGridOS call an audit action is: its own operation where it has one, the nearest
/// where it has none (a token refresh logs in again; revoking one session logs it out).
fn api_call(e: &AuditEvent) -> &'static str {
    match e.event.action {
        Action::Login | Action::SessionRefresh => "Login",
        Action::Logout | Action::SessionRevoke => "Logout",
        Action::SessionReset => "UserReset",
        Action::PasswordSet => "UserPassword",
        Action::PasswordChange => "ChangePassword",
        Action::PasswordForceChange | Action::UserUpdate => "UserUpdate",
        Action::UserCreate => "UserAdd",
        Action::UserRole => "UserSetAuthLevel",
        Action::UserStatus if activated(e) => "UserActivate",
        Action::UserStatus => "UserSuspend",
        Action::UserTerminate => "UserTerminate",
        Action::ApiKeyGenerate => "GenerateAPIKey",
    }
}

/// True when a status event set the status to Active.
fn activated(e: &AuditEvent) -> bool {
    matches!(e.event.detail.get("changes"), Some(DetailValue::Changes(changes))
        if changes.iter().any(|Change { field, values }| field == "status"
            && matches!(values, Some((_, DetailValue::Text(new))) if new == "Active")))
}
