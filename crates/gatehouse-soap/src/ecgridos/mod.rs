//! ECGridOS at `/v4.1/prod/ECGridOS.asmx` (namespace `https://os.ecgrid.io/`) and, for v3.2
//! clients, `/v3.2/prod/ECGridOS.asmx` (namespace `http://ecgridos.net/`), from one operation
//! table (SPEC §5.2): SOAP 1.1, SOAP 1.2, HTTP-POST and HTTP-GET.
//!
//! Two contracts share the table. Each operation is the vendor's ("v4.1 Build 472": its
//! parameters in order, its result, its documentation line); `Login`, `UserUpdate` and
//! `UserPassword` also have the seeds' form. A request whose elements only one form has is
//! answered in that form; any other answer follows the endpoint's contract
//! (`GATEHOUSE_ECGRIDOS_CONTRACT`), which also picks the shape of `UserIDInfo` and
//! `SessionInfo`. Faults carry the vendor's `<ErrorInfo>` first, then `<ECGridOSSOAPErrorCode>`.

pub mod handlers;
pub mod keys;
pub mod lists;
pub mod session_log;
pub mod types;
pub mod users;

use crate::operation::{optional, required, Form, Operation, Param, ServiceDef, VendorNames};
use crate::schema::XsdType::{Boolean, Complex, Enum, Int, Short, String as Str};
use crate::schema::{ComplexType, EnumType, XsdType};

/// The ECGridOS version this service speaks (`SessionInfo.ECGridOSVersion`).
pub const ECGRIDOS_VERSION: &str = "4.1";

/// The answer of `Version()`.
pub fn version_string() -> String {
    format!("ECGridOS v{ECGRIDOS_VERSION} (Gatehouse {})", env!("CARGO_PKG_VERSION"))
}

const SESSION_ID: Param = required("SessionID", Str);
const USER_ID: Param = required("UserID", Int);
/// A new password: the core's rules refuse a weak `password`.
const NEW_PASSWORD: Param = Param { carries: &["password"], ..required("NewPassword", Str) };
const USER_LIST: XsdType = XsdType::ArrayOf(&types::USER_ID_INFO);

/// An operation of the vendor's contract, the same in the seeds'.
macro_rules! op {
    ($name:literal, $doc:literal, [$($p:expr),*], $result:expr, $handler:path) => {
        Operation { name: $name, doc: $doc, params: &[$($p),*], result: $result, handler: $handler, seed: None }
    };
}

/// `UserAdd`'s parameters after the session (and `UserAddEx`'s after the network).
macro_rules! new_user {
    ($($scope:expr),*) => {
        &[
            SESSION_ID,
            $($scope,)*
            required("LoginName", Str),
            required("Password", Str),
            optional("RecoveryQuestion", Str),
            optional("RecoveryAnswer", Str),
            optional("FirstName", Str),
            optional("LastName", Str),
            optional("Company", Str),
            required("EMail", Str),
            optional("Phone", Str),
            optional("CellPhone", Str),
            optional("CellCarrier", Enum(&types::CELL_CARRIER)),
            optional("AuthLevel", Enum(&types::AUTH_LEVEL))
        ]
    };
}

static LOGIN_SEED: Form = Form {
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
};

static USER_UPDATE_SEED: Form = Form {
    doc: "Update a user's name and email address.",
    params: &[
        SESSION_ID,
        USER_ID,
        required("FirstName", Str),
        required("LastName", Str),
        required("Email", Str),
    ],
    result: Complex(&types::USER_ID_INFO),
    handler: handlers::user_update_seed,
};

static USER_PASSWORD_SEED: Form = Form {
    doc: "Set a user's password (administrative); the user's sessions are revoked.",
    params: &[SESSION_ID, USER_ID, NEW_PASSWORD],
    result: Boolean,
    handler: handlers::user_password_seed,
};

/// Every ECGridOS operation, in the vendor's documentation words.
pub static OPERATIONS: &[Operation] = &[
    Operation {
        seed: Some(&LOGIN_SEED),
        ..op!(
            "Login",
            "Required first call in order to establish a session.",
            [required("LoginName", Str), required("Password", Str)],
            Str,
            handlers::login
        )
    },
    op!("Logout", "Required final call to close a session.", [SESSION_ID], Int, handlers::logout),
    op!("Version", "ECGridOS Version.", [], Str, handlers::version),
    op!(
        "WhoAmI",
        "Returns current session information.",
        [SESSION_ID],
        Complex(&types::SESSION_INFO),
        handlers::who_am_i
    ),
    op!(
        "ChangePassword",
        "Use to change password of current User Account. Effective immediately.",
        [SESSION_ID, Param { carries: &["currentPassword"], ..required("OldPassword", Str) }, NEW_PASSWORD],
        Boolean,
        users::change_password
    ),
    op!(
        "GeneratePassword",
        "Generate a random password.",
        [SESSION_ID, required("Length", Short)],
        Str,
        keys::generate_password
    ),
    op!(
        "GenerateAPIKey",
        "Generate a persistent APIKey for a specified UserID",
        [SESSION_ID, USER_ID],
        Str,
        keys::generate_api_key
    ),
    op!(
        "UserGetAPIKey",
        "Retrieve a persistent APIKey for a specified UserID",
        [SESSION_ID, USER_ID],
        Str,
        keys::user_get_api_key
    ),
    Operation {
        name: "UserAdd",
        doc: "Create a User for the Session Network and a specified Mailbox.",
        params: new_user!(required("MailboxID", Int)),
        result: Int,
        handler: users::user_add,
        seed: None,
    },
    Operation {
        name: "UserAddEx",
        doc: "Create a User for a specified Network/Mailbox.",
        params: new_user!(required("NetworkID", Int), required("MailboxID", Int)),
        result: Int,
        handler: users::user_add_ex,
        seed: None,
    },
    op!(
        "UserInfo",
        "Detail for a specified User.",
        [SESSION_ID, USER_ID],
        Complex(&types::USER_ID_INFO),
        handlers::user_info
    ),
    op!(
        "UserInfobyLogin",
        "Detail for a specified User by LoginName.",
        [SESSION_ID, required("LoginName", Str)],
        Complex(&types::USER_ID_INFO),
        users::user_info_by_login
    ),
    Operation {
        seed: Some(&USER_UPDATE_SEED),
        ..op!(
            "UserUpdate",
            "Update a User account.",
            [
                SESSION_ID,
                USER_ID,
                optional("FirstName", Str),
                optional("LastName", Str),
                optional("Company", Str),
                optional("EMail", Str),
                optional("Phone", Str),
                optional("CellPhone", Str),
                optional("CellCarrier", Enum(&types::CELL_CARRIER)),
                optional("AuthLevel", Enum(&types::AUTH_LEVEL))
            ],
            Boolean,
            handlers::user_update
        )
    },
    Operation {
        seed: Some(&USER_PASSWORD_SEED),
        ..op!(
            "UserPassword",
            "Update a User's security information.",
            [
                SESSION_ID,
                USER_ID,
                optional("CurrentRecoveryAnswer", Str),
                optional("Password", Str),
                optional("RecoveryQuestion", Str),
                optional("RecoveryAnswer", Str)
            ],
            Boolean,
            handlers::user_password
        )
    },
    op!("UserActivate", "Activate a suspended User.", [SESSION_ID, USER_ID], Boolean, users::user_activate),
    op!("UserSuspend", "Suspend a User.", [SESSION_ID, USER_ID], Boolean, users::user_suspend),
    op!("UserTerminate", "Terminate a User.", [SESSION_ID, USER_ID], Boolean, users::user_terminate),
    op!(
        "UserReset",
        "Reset a user's GraceLogins and OpenSessions count.",
        [SESSION_ID, USER_ID],
        Boolean,
        handlers::user_reset
    ),
    op!(
        "SessionLogCurrent",
        "Get a Session Log for the Current Session.",
        [SESSION_ID],
        Complex(&types::SESSION_LOG_INFO),
        session_log::session_log_current
    ),
    op!(
        "SessionLog",
        "Get a Session Log for the Session User.",
        [SESSION_ID, required("MaxRecords", Short)],
        XsdType::ArrayOf(&types::SESSION_LOG_INFO),
        session_log::session_log
    ),
    op!(
        "SessionLogEx",
        "Get a Session Log for a specified User.",
        [
            SESSION_ID,
            USER_ID,
            required("StartTime", XsdType::DateTime),
            required("EndTime", XsdType::DateTime),
            required("MaxRecords", Short)
        ],
        XsdType::ArrayOf(&types::SESSION_LOG_INFO),
        session_log::session_log_ex
    ),
    op!(
        "UserSendSMS",
        "Send an SMS to a User.",
        [SESSION_ID, USER_ID, optional("Text", Str)],
        Boolean,
        lists::user_send_sms
    ),
    op!(
        "UserResetAll",
        "Reset all locked out users after timeout. Requires Root authorization.",
        [SESSION_ID, required("TimeOutMinutes", Short)],
        Short,
        lists::user_reset_all
    ),
    op!(
        "UserList",
        "Get a list of Users for the Session Network/Mailbox.",
        [SESSION_ID, optional("Name", Str)],
        USER_LIST,
        lists::user_list
    ),
    op!(
        "UserListEx",
        "Get a list of Users for a specified Network/Mailbox.",
        [SESSION_ID, required("NetworkID", Int), required("MailboxID", Int), optional("Name", Str)],
        USER_LIST,
        lists::user_list_ex
    ),
    op!(
        "UserListLockedOut",
        "Get a list of Locked Out Users for a specified Network/Mailbox.",
        [SESSION_ID],
        USER_LIST,
        lists::user_list_locked_out
    ),
    op!(
        "UserListLockedOutEx",
        "Get a list of Locked Out Users for a specified Network/Mailbox.",
        [SESSION_ID, required("NetworkID", Int), required("MailboxID", Int)],
        USER_LIST,
        lists::user_list_locked_out_ex
    ),
    op!(
        "UserSetNetworkMailbox",
        "Change a User's Network/Mailbox.",
        [SESSION_ID, USER_ID, required("NetworkID", Int), required("MailboxID", Int)],
        Boolean,
        lists::user_set_network_mailbox
    ),
    op!(
        "UserSetAuthLevel",
        "Change a User's Authorizaton Level.",
        [SESSION_ID, USER_ID, required("AuthLevel", Enum(&types::AUTH_LEVEL))],
        Boolean,
        users::user_set_auth_level
    ),
    op!(
        "UserSetMaxSessions",
        "Change a User's Maximum Sessions.",
        [SESSION_ID, USER_ID, required("MaxSessions", Short)],
        Boolean,
        users::user_set_max_sessions
    ),
];

/// The types every ECGridOS endpoint declares.
const COMPLEX_TYPES: &[&ComplexType] =
    &[&types::USER_ID_INFO, &types::SESSION_INFO, &types::SESSION_EVENTS, &types::SESSION_LOG_INFO];
const ARRAY_TYPES: &[&ComplexType] =
    &[&types::USER_ID_INFO, &types::SESSION_EVENTS, &types::SESSION_LOG_INFO];
const ENUM_TYPES: &[&EnumType] = &[
    &types::AUTH_LEVEL,
    &types::STATUS,
    &types::CELL_CARRIER,
    &types::SESSION_STATUS,
    &types::RET_CODE,
    &types::API_CALL,
];

/// The ECGridOS v4.1 service.
pub static SERVICE: ServiceDef = ServiceDef {
    name: "ECGridOS",
    path: "/v4.1/prod/ECGridOS.asmx",
    namespace: "https://os.ecgrid.io/",
    port_type: "ECGridOSPortType",
    documentation: "ECGridOS v4.1 compatible user and session administration (Gatehouse).",
    operations: OPERATIONS,
    complex_types: COMPLEX_TYPES,
    array_types: ARRAY_TYPES,
    enum_types: ENUM_TYPES,
    http_post: true,
    http_get: true,
    fault_detail: "ECGridOSSOAPErrorCode",
    front_end: None,
    session_fault_text: None,
    error_info: true,
    vendor: Some(VendorNames {
        service: "ECGridOS_x0020_API_x0020_v4",
        port_type: "ECGridOS_x0020_API_x0020_v4Soap",
    }),
};

/// The same operations for ECGridOS v3.2 clients, in their namespace (SOAPAction base
/// `http://ecgridos.net/`) and under v3.2's WSDL names.
pub static SERVICE_V32: ServiceDef = ServiceDef {
    name: "ECGridOS",
    path: "/v3.2/prod/ECGridOS.asmx",
    namespace: "http://ecgridos.net/",
    documentation: "ECGridOS v3.2 compatible user and session administration (Gatehouse).",
    vendor: Some(VendorNames {
        service: "ECGridOS_x0020_API_x0020_v3",
        port_type: "ECGridOS_x0020_API_x0020_v3Soap",
    }),
    ..SERVICE
};

#[cfg(test)]
mod tests;
