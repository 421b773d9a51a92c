//! ECGridOS schema types (SPEC §5.2): `UserIDInfo` as in the `UserUpdate` seed, `SessionInfo`,
//! and the `AuthLevel` and `Status` string enumerations, with the encoders that fill them.

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

const fn field(name: &'static str, ty: XsdType) -> Field {
    Field { name, ty, nillable: false }
}

/// `UserIDInfo`, field for field as the seed shows it.
pub static USER_ID_INFO: ComplexType = ComplexType {
    name: "UserIDInfo",
    fields: &[
        field("UserID", XsdType::Int),
        field("Login", XsdType::String),
        field("Email", XsdType::String),
        field("FirstName", XsdType::String),
        field("LastName", XsdType::String),
        field("NetworkID", XsdType::Int),
        field("MailboxID", XsdType::Int),
        field("AuthLevel", XsdType::Enum(&AUTH_LEVEL)),
        field("Status", XsdType::Enum(&STATUS)),
        field("Created", XsdType::DateTime),
    ],
};

/// `SessionInfo`, the answer of `WhoAmI`.
pub static SESSION_INFO: ComplexType = ComplexType {
    name: "SessionInfo",
    fields: &[
        field("SessionID", XsdType::String),
        field("UserID", XsdType::Int),
        field("LoginName", XsdType::String),
        field("FirstName", XsdType::String),
        field("LastName", XsdType::String),
        field("EMail", XsdType::String),
        field("AuthLevel", XsdType::Enum(&AUTH_LEVEL)),
        Field { name: "LastLogin", ty: XsdType::DateTime, nillable: true },
        field("OpenSessions", XsdType::Int),
        field("TimeOut", XsdType::Int),
        field("NetworkID", XsdType::Int),
        field("MailboxID", XsdType::Int),
        field("ECGridOSVersion", XsdType::String),
    ],
};

/// The wire value of a level.
pub fn auth_level(level: AuthLevel) -> Value {
    Value::Enum(level.as_str())
}

/// The wire value of a status.
pub fn status(status: Status) -> Value {
    Value::Enum(status.as_str())
}

/// A user as `UserIDInfo`.
pub fn user_id_info(u: &User) -> Value {
    Value::Object(vec![
        ("UserID", Value::Int(u.id.0)),
        ("Login", Value::Str(u.login.clone())),
        ("Email", Value::Str(u.email.clone())),
        ("FirstName", Value::Str(u.first_name.clone())),
        ("LastName", Value::Str(u.last_name.clone())),
        ("NetworkID", Value::Int(u.network_id)),
        ("MailboxID", Value::Int(u.mailbox_id)),
        ("AuthLevel", auth_level(u.auth_level)),
        ("Status", status(u.status)),
        ("Created", Value::DateTime(u.created)),
    ])
}

/// What `WhoAmI` reports besides the user itself.
pub struct SessionFacts<'a> {
    /// The `SessionID` the caller sent (its own credential, echoed as ECGridOS does).
    pub session_id: &'a str,
    /// Live sessions of the caller's user.
    pub open_sessions: usize,
    /// Idle timeout in minutes.
    pub timeout_minutes: i64,
}

/// The caller as `SessionInfo`.
pub fn session_info(u: &User, facts: SessionFacts<'_>) -> Value {
    Value::Object(vec![
        ("SessionID", Value::Str(facts.session_id.to_string())),
        ("UserID", Value::Int(u.id.0)),
        ("LoginName", Value::Str(u.login.clone())),
        ("FirstName", Value::Str(u.first_name.clone())),
        ("LastName", Value::Str(u.last_name.clone())),
        ("EMail", Value::Str(u.email.clone())),
        ("AuthLevel", auth_level(u.auth_level)),
        ("LastLogin", Value::opt_time(u.last_login)),
        ("OpenSessions", Value::Int(i64::try_from(facts.open_sessions).unwrap_or(i64::MAX))),
        ("TimeOut", Value::Int(facts.timeout_minutes)),
        ("NetworkID", Value::Int(u.network_id)),
        ("MailboxID", Value::Int(u.mailbox_id)),
        ("ECGridOSVersion", Value::Str(super::ECGRIDOS_VERSION.into())),
    ])
}
