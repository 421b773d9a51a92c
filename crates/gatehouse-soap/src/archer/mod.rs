//! Archer web services at `/archer/ws/general.asmx` and `/archer/ws/accesscontrol.asmx`
//! (SPEC §5.3): two operation tables on the same engine as ECGridOS, and their handlers.
//!
//! Namespace and SOAPAction base `http://archer-tech.com/webservices/`; SOAP 1.1, SOAP 1.2 and
//! the ASMX HTTP-POST and HTTP-GET bindings (`<path>/<Method>`), as Archer's documentation says
//! its web services answer; every request is audited with front end `archer`.
//! WSDL names follow ASMX as Archer clients know them (service `general`, port type and SOAP 1.1
//! port `generalSoap`, SOAP 1.2 port `generalSoap12`; the same for `accesscontrol`).
//!
//! Faults: Archer's own API raises exceptions whose `faultstring` carries the message and whose
//! detail is empty. Gatehouse keeps that message in `faultstring` (SOAP 1.2 `Reason/Text`), uses
//! the engine's one error table for the Client/Server split, and adds a stable code in
//! `<detail><ArcherErrorCode xmlns="http://archer-tech.com/webservices/">`: `Authentication`
//! (bad or revoked session token, wrong password, locked or inactive account), `Authorization`
//! (not allowed, including "password change required"), `ObjectNotFound`, `InvalidParameter`
//! (also a wrong `instanceName` and a flag that is not a boolean), `SystemError`. A refused
//! `sessionToken` says "Invalid session token", the text Archer clients match to log in again.
//!
//! Groups, roles, contact records and security parameters are not served: their methods get
//! the unknown-operation fault.

pub mod accounts;
pub mod handlers;
pub mod users;
pub mod xml_doc;

use gatehouse_core::audit::FrontEnd;

use crate::operation::{optional, required, Operation, Param, ServiceDef};
use crate::schema::XsdType::{Boolean, Int, String as Str};

/// Target namespace and SOAPAction base of every Archer service.
pub const NAMESPACE: &str = "http://archer-tech.com/webservices/";

/// The fault text of an unknown, expired or ended `sessionToken`.
pub const SESSION_FAULT_TEXT: &str = "Invalid session token";

/// The fault detail element carrying the error code.
pub const FAULT_DETAIL: &str = "ArcherErrorCode";

const SESSION_TOKEN: Param = required("sessionToken", Str);

/// `userName`, `instanceName`, `password`: the shape of both session-creating operations.
const CREDENTIALS: &[Param] =
    &[required("userName", Str), required("instanceName", Str), required("password", Str)];

const USER_ID: Param = Param { aliases: &["userID"], ..required("userId", Int) };
/// `userName`, also sent as `username` (Splunk SOAR's connector).
const USER_NAME: Param = Param { aliases: &["username"], ..required("userName", Str) };
/// `usersDomain`, also sent as `userDomain`.
const USERS_DOMAIN: Param = Param { aliases: &["userDomain"], ..required("usersDomain", Str) };
const PAGE_SIZE: Param = required("pageSize", Int);
const SECURITY_PARAMETER: Param = optional("securityParameter", Int);

/// The person's fields of `CreateUserEx`, in Archer's order (names required).
macro_rules! person {
    ($($extra:expr),*) => {
        &[
            SESSION_TOKEN,
            required("firstName", Str),
            optional("middleName", Str),
            required("lastName", Str),
            optional("companyName", Str),
            optional("title", Str),
            SECURITY_PARAMETER,
            optional("address", Str),
            optional("userDomain", Str),
            optional("timeZone", Str),
            optional("locale", Str),
            $($extra),*
        ]
    };
}
const PAGE_NO: Param = required("page", Int);

/// An access-control operation taking the session token and `params`.
macro_rules! ac {
    ($name:literal, $doc:literal, [$($p:expr),*], $result:expr, $handler:path) => {
        Operation { name: $name, doc: $doc, params: &[SESSION_TOKEN, $($p),*], result: $result, handler: $handler, seed: None }
    };
}

/// The operations of `general.asmx`.
pub static GENERAL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "CreateUserSessionFromInstance",
        doc: "Log in to the named instance; returns the sessionToken for the other operations.",
        params: CREDENTIALS,
        result: Str,
        handler: handlers::create_user_session,
        seed: None,
    },
    Operation {
        name: "CreateUserSession",
        doc: "Log in (same as CreateUserSessionFromInstance); returns a sessionToken.",
        params: CREDENTIALS,
        result: Str,
        handler: handlers::create_user_session,
        seed: None,
    },
    Operation {
        name: "CreateDomainUserSessionFromInstance",
        doc: "Log in as the domain user DOMAIN\\userName; returns a sessionToken.",
        params: &[
            required("userName", Str),
            required("instanceName", Str),
            required("password", Str),
            USERS_DOMAIN,
        ],
        result: Str,
        handler: users::create_domain_user_session,
        seed: None,
    },
    Operation {
        name: "TerminateSession",
        doc: "End the session; the sessionToken stops working at once. Returns 1.",
        params: &[SESSION_TOKEN],
        result: Int,
        handler: handlers::terminate_session,
        seed: None,
    },
];

/// The operations of `accesscontrol.asmx`.
pub static ACCESS_CONTROL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "LookupUserId",
        doc: "The internal id of the user with this user name, among the users the caller may read.",
        params: &[SESSION_TOKEN, USER_NAME],
        result: Int,
        handler: handlers::lookup_user_id,
        seed: None,
    },
    ac!("LookupUserName", "The user name of the user with this id.", [USER_ID], Str, users::lookup_user_name),
    ac!(
        "DoesUserExist",
        "True when a user with this user name exists among those the caller may read.",
        [USER_NAME],
        Boolean,
        users::does_user_exist
    ),
    ac!(
        "LookupUserByFirstName",
        "The users whose first name starts with keyword (users document).",
        [required("keyword", Str)],
        Str,
        users::lookup_user_by_first_name
    ),
    ac!(
        "LookupUserByLastName",
        "The users whose last name starts with keyword (users document).",
        [required("keyword", Str)],
        Str,
        users::lookup_user_by_last_name
    ),
    ac!(
        "GetUser",
        "The account information of a user (users document with one user).",
        [USER_ID],
        Str,
        users::get_user
    ),
    ac!("GetUserList", "Every user the caller may read (users document).", [], Str, users::get_user_list),
    ac!(
        "GetUserListPaginated",
        "One page (1-based) of the users the caller may read (users document).",
        [PAGE_SIZE, PAGE_NO],
        Str,
        users::get_user_list_paginated
    ),
    ac!("GetUserListCount", "How many users the caller may read.", [], Int, users::get_user_list_count),
    ac!(
        "LookupDomainUserId",
        "The id of the domain user DOMAIN\\userName.",
        [USER_NAME, USERS_DOMAIN],
        Int,
        users::lookup_domain_user_id
    ),
    ac!(
        "DoesDomainUserExist",
        "True when the domain user DOMAIN\\userName exists among those the caller may read.",
        [USER_NAME, USERS_DOMAIN],
        Boolean,
        users::does_domain_user_exist
    ),
    ac!(
        "GetDomainUserList",
        "The users of a domain (users document).",
        [USERS_DOMAIN],
        Str,
        users::get_domain_user_list
    ),
    ac!(
        "GetDomainUserListCount",
        "How many users of a domain the caller may read.",
        [USERS_DOMAIN],
        Int,
        users::get_domain_user_list_count
    ),
    ac!(
        "GetDomainUserListPaginated",
        "One page (1-based) of the users of a domain (users document).",
        [USERS_DOMAIN, PAGE_SIZE, PAGE_NO],
        Str,
        users::get_domain_user_list_paginated
    ),
    Operation {
        name: "CreateUserEx",
        doc: "Create a user named from its first and last names (first.last, numbered when taken; \
              DOMAIN\\ when userDomain is given), without a password until ChangePassword. \
              Returns the user id.",
        params: person!(),
        result: Int,
        handler: accounts::create_user_ex,
        seed: None,
    },
    Operation {
        name: "CreateUserExWithPassword",
        doc: "Create a user named from its first and last names, with a password. Returns the user id.",
        params: person!(required("password", Str)),
        result: Int,
        handler: accounts::create_user_ex_with_password,
        seed: None,
    },
    ac!(
        "UpdateUserEx",
        "Update a user's names and profile: elements sent are set (empty clears), elements left out \
         kept; userDomain moves the user into that domain (empty: out of its domain). Returns 1.",
        [
            USER_ID,
            optional("firstName", Str),
            optional("middleName", Str),
            optional("lastName", Str),
            optional("companyName", Str),
            optional("title", Str),
            SECURITY_PARAMETER,
            optional("address", Str),
            optional("userDomain", Str),
            optional("timeZone", Str),
            optional("locale", Str)
        ],
        Int,
        accounts::update_user_ex
    ),
    ac!(
        "UpdateUserName",
        "Rename a user; the name must not be in use. Returns 1, or 0 when it already has that name.",
        [USER_ID, USER_NAME],
        Int,
        accounts::update_user_name
    ),
    ac!(
        "UpdateUserAccountStatus",
        "Set the account status: 1 Active (lifts a lock), 2 Inactive, 3 Locked (2 and 3 end the \
         user's sessions and API keys). Returns 1.",
        [USER_ID, required("accountStatus", Int)],
        Int,
        users::update_user_account_status
    ),
    ac!(
        "ChangePassword",
        "Set the user's password (administrative; no old password). Returns 1.",
        [USER_ID, required("password", Str)],
        Int,
        users::change_password
    ),
    ac!(
        "DeleteUser",
        "Remove the user (terminated; sessions and API keys end). Returns 1.",
        [USER_ID],
        Int,
        users::delete_user
    ),
    ac!(
        "GetUserDefaultEMail",
        "The user's default e-mail address.",
        [USER_ID],
        Str,
        users::get_user_default_email
    ),
    ac!(
        "SetUserDefaultEmail",
        "Set the user's default e-mail address. Returns 1.",
        [USER_ID, Param { aliases: &["emailAddress"], ..required("email", Str) }],
        Int,
        users::set_user_default_email
    ),
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
        seed: None,
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
    array_types: &[],
    enum_types: &[],
    http_post: true,
    http_get: true,
    fault_detail: FAULT_DETAIL,
    front_end: Some(FrontEnd::Archer),
    session_fault_text: Some(SESSION_FAULT_TEXT),
    error_info: false,
    vendor: None,
};

/// Archer `accesscontrol.asmx`: users.
pub static ACCESS_CONTROL: ServiceDef = ServiceDef {
    name: "accesscontrol",
    path: "/archer/ws/accesscontrol.asmx",
    namespace: NAMESPACE,
    port_type: "accesscontrolSoap",
    documentation: "Archer compatible access control web service: users and domain users (Gatehouse).",
    operations: ACCESS_CONTROL_OPERATIONS,
    complex_types: &[],
    array_types: &[],
    enum_types: &[],
    http_post: true,
    http_get: true,
    fault_detail: FAULT_DETAIL,
    front_end: Some(FrontEnd::Archer),
    session_fault_text: Some(SESSION_FAULT_TEXT),
    error_info: false,
    vendor: None,
};

#[cfg(test)]
mod tests;
