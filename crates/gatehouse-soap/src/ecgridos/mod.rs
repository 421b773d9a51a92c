//! ECGridOS v4.1 at `/v4.1/prod/ECGridOS.asmx` (SPEC §5.2): the operation table and its
//! handlers. Namespace and SOAPAction base `https://os.ecgrid.io/`; SOAP 1.1, SOAP 1.2 and
//! HTTP-POST bindings; faults carry `<ECGridOSSOAPErrorCode>`.

pub mod handlers;
pub mod types;

use crate::operation::{optional, required, Operation, Param, ServiceDef};
use crate::schema::XsdType::{Boolean, Complex, Int, String as Str};

/// The ECGridOS version this service speaks (`SessionInfo.ECGridOSVersion`).
pub const ECGRIDOS_VERSION: &str = "4.1";

/// The answer of `Version()`.
pub fn version_string() -> String {
    format!("ECGridOS v{ECGRIDOS_VERSION} (Gatehouse {})", env!("CARGO_PKG_VERSION"))
}

const SESSION_ID: Param = required("SessionID", Str);
const USER_ID: Param = required("UserID", Int);

/// Every ECGridOS operation.
pub static OPERATIONS: &[Operation] = &[
    Operation {
        name: "Login",
        doc: "Log in with a login name and password; returns a SessionID for the other operations.",
        params: &[
            Param { aliases: &["UserName"], ..required("LoginName", Str) },
            required("Password", Str),
            optional("SenderSolution", Str),
            optional("SenderVersion", Str),
            optional("SenderCompanyName", Str),
            optional("SenderContact", Str),
            optional("SenderContactEmail", Str),
        ],
        result: Str,
        handler: handlers::login,
    },
    Operation {
        name: "Logout",
        doc: "End the session; the SessionID stops working at once.",
        params: &[SESSION_ID],
        result: Int,
        handler: handlers::logout,
    },
    Operation {
        name: "Version",
        doc: "The service version.",
        params: &[],
        result: Str,
        handler: handlers::version,
    },
    Operation {
        name: "WhoAmI",
        doc: "Describe the caller's session.",
        params: &[SESSION_ID],
        result: Complex(&types::SESSION_INFO),
        handler: handlers::who_am_i,
    },
    Operation {
        name: "UserInfo",
        doc: "Read a user.",
        params: &[SESSION_ID, USER_ID],
        result: Complex(&types::USER_ID_INFO),
        handler: handlers::user_info,
    },
    Operation {
        name: "UserReset",
        doc: "Invalidate all open sessions of a user, forcing it to re-authenticate.",
        params: &[SESSION_ID, USER_ID],
        result: Boolean,
        handler: handlers::user_reset,
    },
    Operation {
        name: "UserPassword",
        doc: "Set a user's password (administrative); the user's sessions are revoked.",
        params: &[SESSION_ID, USER_ID, required("NewPassword", Str)],
        result: Boolean,
        handler: handlers::user_password,
    },
    Operation {
        name: "UserUpdate",
        doc: "Update a user's name and email address.",
        params: &[
            SESSION_ID,
            USER_ID,
            required("FirstName", Str),
            required("LastName", Str),
            required("Email", Str),
        ],
        result: Complex(&types::USER_ID_INFO),
        handler: handlers::user_update,
    },
];

/// The ECGridOS v4.1 service.
pub static SERVICE: ServiceDef = ServiceDef {
    name: "ECGridOS",
    path: "/v4.1/prod/ECGridOS.asmx",
    namespace: "https://os.ecgrid.io/",
    port_type: "ECGridOSPortType",
    documentation: "ECGridOS v4.1 compatible user and session administration (Gatehouse).",
    operations: OPERATIONS,
    complex_types: &[&types::USER_ID_INFO, &types::SESSION_INFO],
    enum_types: &[&types::AUTH_LEVEL, &types::STATUS],
    http_post: true,
    fault_detail: "ECGridOSSOAPErrorCode",
    front_end: None,
    http_get: false,
    session_fault_text: None,
};

#[cfg(test)]
mod tests;
