//! Archer web services at `/archer/ws/general.asmx` and `/archer/ws/accesscontrol.asmx`
//! (SPEC §5.3): two operation tables on the same engine as ECGridOS, and their handlers.
//!
//! Namespace and SOAPAction base `http://archer-tech.com/webservices/`; SOAP 1.1 and SOAP 1.2
//! only (Archer has no HTTP-POST binding); every request is audited with front end `archer`.
//! WSDL names follow ASMX as Archer clients know them (service `general`, port type and SOAP 1.1
//! port `generalSoap`, SOAP 1.2 port `generalSoap12`; the same for `accesscontrol`).
//!
//! Faults: Archer's own API raises exceptions whose `faultstring` carries the message and whose
//! detail is empty. Gatehouse keeps that message in `faultstring` (SOAP 1.2 `Reason/Text`), uses
//! the engine's one error table for the Client/Server split, and adds a stable code in
//! `<detail><ArcherErrorCode xmlns="http://archer-tech.com/webservices/">`: `Authentication`
//! (bad or revoked session token, wrong password, locked or inactive account), `Authorization`
//! (not allowed, including "password change required"), `ObjectNotFound`, `InvalidParameter`
//! (also a wrong `instanceName` and a flag that is not a boolean), `SystemError`.

pub mod handlers;

use gatehouse_core::audit::FrontEnd;

use crate::operation::{required, Operation, Param, ServiceDef};
use crate::schema::XsdType::{Boolean, Int, String as Str};

/// Target namespace and SOAPAction base of every Archer service.
pub const NAMESPACE: &str = "http://archer-tech.com/webservices/";

/// The fault detail element carrying the error code.
pub const FAULT_DETAIL: &str = "ArcherErrorCode";

const SESSION_TOKEN: Param = required("sessionToken", Str);

/// `userName`, `instanceName`, `password`: the shape of both session-creating operations.
const CREDENTIALS: &[Param] =
    &[required("userName", Str), required("instanceName", Str), required("password", Str)];

/// The operations of `general.asmx`.
pub static GENERAL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "CreateUserSessionFromInstance",
        doc: "Log in to the named instance; returns the sessionToken for the other operations.",
        params: CREDENTIALS,
        result: Str,
        handler: handlers::create_user_session,
    },
    Operation {
        name: "CreateUserSession",
        doc: "Log in (same as CreateUserSessionFromInstance); returns a sessionToken.",
        params: CREDENTIALS,
        result: Str,
        handler: handlers::create_user_session,
    },
    Operation {
        name: "TerminateSession",
        doc: "End the session; the sessionToken stops working at once. Returns 1.",
        params: &[SESSION_TOKEN],
        result: Int,
        handler: handlers::terminate_session,
    },
];

/// The operations of `accesscontrol.asmx`.
pub static ACCESS_CONTROL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "LookupUserId",
        doc: "The internal id of the user with this user name, among the users the caller may read.",
        params: &[SESSION_TOKEN, required("userName", Str)],
        result: Int,
        handler: handlers::lookup_user_id,
    },
    Operation {
        name: "ForcePasswordChange",
        doc: "Set or clear the Force Password Change property of a user. Returns 1.",
        // The seed's parameter table spells `userID` and `forcePasswordchange`; its XML sample,
        // which generated clients send, spells these. Both are accepted.
        params: &[
            SESSION_TOKEN,
            Param { aliases: &["userID"], ..required("userId", Int) },
            Param { aliases: &["forcePasswordchange"], ..required("forcePasswordChange", Boolean) },
        ],
        result: Int,
        handler: handlers::force_password_change,
    },
];

/// Archer `general.asmx`: sessions.
pub static GENERAL: ServiceDef = ServiceDef {
    name: "general",
    path: "/archer/ws/general.asmx",
    namespace: NAMESPACE,
    port_type: "generalSoap",
    documentation: "Archer compatible general web service: user sessions (Gatehouse).",
    operations: GENERAL_OPERATIONS,
    complex_types: &[],
    enum_types: &[],
    http_post: false,
    fault_detail: FAULT_DETAIL,
    front_end: Some(FrontEnd::Archer),
};

/// Archer `accesscontrol.asmx`: users.
pub static ACCESS_CONTROL: ServiceDef = ServiceDef {
    name: "accesscontrol",
    path: "/archer/ws/accesscontrol.asmx",
    namespace: NAMESPACE,
    port_type: "accesscontrolSoap",
    documentation:
        "Archer compatible access control web service: user lookup, Force Password Change (Gatehouse).",
    operations: ACCESS_CONTROL_OPERATIONS,
    complex_types: &[],
    enum_types: &[],
    http_post: false,
    fault_detail: FAULT_DETAIL,
    front_end: Some(FrontEnd::Archer),
};

#[cfg(test)]
mod tests;
