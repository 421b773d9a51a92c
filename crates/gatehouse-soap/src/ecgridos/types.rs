//! ECGridOS schema types (SPEC §5.2) in both contracts, and the encoders that fill them. Each
//! complex type lists the vendor's fields ("v4.1 Build 472", element for element) and, where
//! the seeds differ, the seeds' fields; an encoder fills every field either contract names and
//! the writer takes those of the answer's contract, in its order.

use chrono::{DateTime, Utc};
use gatehouse_core::user::{AuthLevel, Status, User};

use crate::schema::{ComplexType, EnumType, Field, Value, XsdType};

/// `AuthLevel` (ECGridOS lists `NoChange` first; it means "keep" in update requests).
pub static AUTH_LEVEL: EnumType = EnumType {
    name: "AuthLevel",
    values: &[
        "NoChange",
        "Root",
        "TechOps",
        "NetOps",
        "NetworkAdmin",
        "NetworkUser",
        "MailboxAdmin",
        "MailboxUser",
        "TPUser",
        "General",
    ],
};

/// `Status`.
pub static STATUS: EnumType = EnumType {
    name: "Status",
    values: &["Development", "Active", "Preproduction", "Suspended", "Terminated"],
};

/// `CellCarrier` (`NoChange` keeps in updates, `Undefined` is none).
pub static CELL_CARRIER: EnumType = EnumType {
    name: "CellCarrier",
    values: &[
        "NoChange",
        "Undefined",
        "ATTCingular",
        "Verizon",
        "TMobile",
        "SprintPCS",
        "Nextel",
        "Alltel",
        "VirginMobile",
        "ATTPreCingular",
        "ATT",
        "BoostMobile",
        "USCellular",
        "MetroPCS",
        "Powertel",
    ],
};

/// `SessionStatus` of a session log entry.
pub static SESSION_STATUS: EnumType =
    EnumType { name: "SessionStatus", values: &["Open", "Closed", "Expired"] };

/// `RetCode`: what a call in a session log returned (the fault table's meanings).
pub static RET_CODE: EnumType = EnumType {
    name: "RetCode",
    values: &[
        "Unknown",
        "Success",
        "SessionTimeout",
        "AccessDenied",
        "NotFound",
        "InvalidID",
        "Duplicate",
        "IDExistsOnNetwork",
        "InvalidDataType",
        "InvalidDataLength",
        "DataError",
        "SQLError",
        "InternalError",
    ],
};

/// `APICall`: the user, session and key calls of the vendor's enumeration, in its order (the
/// vendor lists 341 values, the rest of them for parcels, networks and mailboxes, which a
/// session log here never holds).
pub static API_CALL: EnumType = EnumType {
    name: "APICall",
    values: &[
        "GenerateAPIKey",
        "Login",
        "Logout",
        "ChangePassword",
        "WhoAmI",
        "UserAdd",
        "UserAddEx",
        "UserInfo",
        "UserUpdate",
        "UserActivate",
        "UserSuspend",
        "UserTerminate",
        "UserReset",
        "UserList",
        "UserListEx",
        "UserPassword",
        "SessionLog",
        "SessionLogEx",
        "SessionLogCurrent",
        "KeySave",
        "KeyGet",
        "KeyList",
        "KeyRemove",
        "UserSetNetworkMailbox",
        "UserSetAuthLevel",
        "UserListLockedOut",
        "UserListLockedOutEx",
        "UserResetAll",
        "SetLocalTime",
        "TerminateAPIKey",
        "GeneratePassword",
        "UserSendSMS",
        "UserGetAPIKey",
        "UserInfoByLogin",
        "StatusList",
        "UserSetMaxSessions",
        "KeySaveMinutes",
    ],
};

const fn field(name: &'static str, ty: XsdType) -> Field {
    Field { name, ty, nillable: false }
}

use XsdType::{Boolean, DateTime as Time, Enum, Float, Int, Short, String as Str};

/// `UserIDInfo`: the vendor's 20 fields; the seeds' 10 (`Login`, `Email`).
pub static USER_ID_INFO: ComplexType = ComplexType {
    name: "UserIDInfo",
    fields: &[
        field("UserID", Int),
        field("LoginName", Str),
        field("RecoveryQuestion", Str),
        field("FirstName", Str),
        field("LastName", Str),
        field("Company", Str),
        field("EMail", Str),
        field("Phone", Str),
        field("CellPhone", Str),
        field("CellCarrier", Enum(&CELL_CARRIER)),
        field("TimeZoneOffset", Short),
        field("NetworkID", Int),
        field("MailboxID", Int),
        field("AuthLevel", Enum(&AUTH_LEVEL)),
        field("Created", Time),
        field("Modified", Time),
        field("LastLogin", Time),
        field("Status", Enum(&STATUS)),
        field("LockedOut", Boolean),
        field("OpenSessions", Short),
    ],
    seed_fields: Some(&[
        field("UserID", Int),
        field("Login", Str),
        field("Email", Str),
        field("FirstName", Str),
        field("LastName", Str),
        field("NetworkID", Int),
        field("MailboxID", Int),
        field("AuthLevel", Enum(&AUTH_LEVEL)),
        field("Status", Enum(&STATUS)),
        field("Created", Time),
    ]),
};

/// `SessionInfo`, the answer of `WhoAmI`: the vendor's 18 fields; the seeds' 13 (Gatehouse's
/// first description, `ECGridOSVersion` last).
pub static SESSION_INFO: ComplexType = ComplexType {
    name: "SessionInfo",
    fields: &[
        field("ECGridOSVersion", Str),
        field("SessionID", Str),
        field("SessionEventID", Int),
        field("UserID", Int),
        field("LoginName", Str),
        field("FirstName", Str),
        field("LastName", Str),
        field("Company", Str),
        field("EMail", Str),
        field("Phone", Str),
        field("TimeZoneOffset", Float),
        field("AuthLevel", Enum(&AUTH_LEVEL)),
        field("LastLogin", Time),
        field("OpenSessions", Short),
        field("TimeOut", Short),
        field("NetworkID", Int),
        field("MailboxID", Int),
        field("ip", Str),
    ],
    seed_fields: Some(&[
        field("SessionID", Str),
        field("UserID", Int),
        field("LoginName", Str),
        field("FirstName", Str),
        field("LastName", Str),
        field("EMail", Str),
        field("AuthLevel", Enum(&AUTH_LEVEL)),
        Field { name: "LastLogin", ty: Time, nillable: true },
        field("OpenSessions", Int),
        field("TimeOut", Int),
        field("NetworkID", Int),
        field("MailboxID", Int),
        field("ECGridOSVersion", Str),
    ]),
};

/// `SessionEvents`: one call made in a session.
pub static SESSION_EVENTS: ComplexType = ComplexType {
    name: "SessionEvents",
    fields: &[
        field("APICall", Enum(&API_CALL)),
        field("Date", Time),
        field("Milliseconds", Int),
        field("ip", Str),
        field("ReturnCode", Enum(&RET_CODE)),
        field("Comment", Str),
    ],
    seed_fields: None,
};

/// `SessionLogInfo`: one session, with the calls it made.
pub static SESSION_LOG_INFO: ComplexType = ComplexType {
    name: "SessionLogInfo",
    fields: &[
        field("SessionID", Str),
        field("StartTime", Time),
        field("EndTime", Time),
        field("Expires", Time),
        field("NetworkID", Int),
        field("MailboxID", Int),
        field("UserID", Int),
        field("Status", Enum(&SESSION_STATUS)),
        field("Version", Str),
        field("Events", XsdType::ArrayOf(&SESSION_EVENTS)),
    ],
    seed_fields: None,
};

/// The wire value of a level.
pub fn auth_level(level: AuthLevel) -> Value {
    Value::Enum(level.as_str())
}

/// The wire value of a status.
pub fn status(status: Status) -> Value {
    Value::Enum(status.as_str())
}

/// An optional string as the wire carries it: empty when unset.
fn text(v: &Option<String>) -> Value {
    Value::Str(v.clone().unwrap_or_default())
}

/// A user as `UserIDInfo` at `now`, with `open_sessions` live sessions.
pub fn user_id_info(u: &User, now: DateTime<Utc>, open_sessions: u32) -> Value {
    let p = &u.profile;
    Value::Object(vec![
        ("UserID", Value::Int(u.id.0)),
        ("Login", Value::Str(u.login.clone())),
        ("LoginName", Value::Str(u.login.clone())),
        ("RecoveryQuestion", text(&u.recovery_question)),
        ("FirstName", Value::Str(u.first_name.clone())),
        ("LastName", Value::Str(u.last_name.clone())),
        ("Company", text(&p.company)),
        ("Email", Value::Str(u.email.clone())),
        ("EMail", Value::Str(u.email.clone())),
        ("Phone", text(&p.phone)),
        ("CellPhone", text(&p.cell_phone)),
        ("CellCarrier", Value::Enum(p.cell_carrier.map_or("Undefined", |c| c.as_str()))),
        ("TimeZoneOffset", Value::Int(p.time_zone_offset.map_or(0, i64::from))),
        ("NetworkID", Value::Int(u.network_id)),
        ("MailboxID", Value::Int(u.mailbox_id)),
        ("AuthLevel", auth_level(u.auth_level)),
        ("Created", Value::DateTime(u.created)),
        ("Modified", Value::DateTime(u.modified)),
        ("LastLogin", Value::opt_time(u.last_login)),
        ("Status", status(u.status)),
        ("LockedOut", Value::Bool(u.is_locked(now))),
        ("OpenSessions", Value::Int(i64::from(open_sessions))),
    ])
}

/// What `WhoAmI` reports besides the user itself.
pub struct SessionFacts<'a> {
    /// The `SessionID` the caller sent (its own credential, echoed as ECGridOS does).
    pub session_id: &'a str,
    /// The newest audit event of the caller's session (0 when none).
    pub session_event_id: i64,
    /// Live sessions of the caller's user.
    pub open_sessions: usize,
    /// Idle timeout in minutes.
    pub timeout_minutes: i64,
    /// The client address the session logged in from (or this request's, for an API key).
    pub ip: Option<String>,
}

/// The caller as `SessionInfo`.
pub fn session_info(u: &User, facts: SessionFacts<'_>) -> Value {
    let p = &u.profile;
    Value::Object(vec![
        ("ECGridOSVersion", Value::Str(super::ECGRIDOS_VERSION.into())),
        ("SessionID", Value::Str(facts.session_id.to_string())),
        ("SessionEventID", Value::Int(facts.session_event_id)),
        ("UserID", Value::Int(u.id.0)),
        ("LoginName", Value::Str(u.login.clone())),
        ("FirstName", Value::Str(u.first_name.clone())),
        ("LastName", Value::Str(u.last_name.clone())),
        ("Company", text(&p.company)),
        ("EMail", Value::Str(u.email.clone())),
        ("Phone", text(&p.phone)),
        ("TimeZoneOffset", Value::Int(p.time_zone_offset.map_or(0, i64::from))),
        ("AuthLevel", auth_level(u.auth_level)),
        ("LastLogin", Value::opt_time(u.last_login)),
        ("OpenSessions", Value::Int(i64::try_from(facts.open_sessions).unwrap_or(i64::MAX))),
        ("TimeOut", Value::Int(facts.timeout_minutes)),
        ("NetworkID", Value::Int(u.network_id)),
        ("MailboxID", Value::Int(u.mailbox_id)),
        ("ip", text(&facts.ip)),
    ])
}
