//! The one SOAP error table (SPEC §5.1): every core error and every rejection of the message
//! itself becomes a fault code (SOAP 1.1 `Client`/`Server`, SOAP 1.2 `Sender`/`Receiver`) and an
//! error code carried in the fault detail, in the element the service names
//! (`ECGridOSSOAPErrorCode`, Archer `ArcherErrorCode`); every service shares these codes.

use actix_web::http::StatusCode;
use gatehouse_core::audit::Outcome;
use gatehouse_core::error::PublicInternal;
use gatehouse_core::CoreError;
use std::fmt;

use crate::version::SoapVersion;

/// Result of every step of the SOAP pipeline.
pub type SoapResult<T> = Result<T, SoapError>;

/// Everything a SOAP or HTTP-POST request can fail with.
#[derive(Debug)]
pub enum SoapError {
    /// A core refusal.
    Core(CoreError),
    /// A core refusal of the value of one parameter (ECGridOS `<ErrorItem>`), such as a weak
    /// password.
    At(&'static str, CoreError),
    /// The message is not one we accept (malformed or hostile XML, a limit, a media type).
    BadMessage(String),
    /// The body is over the configured limit.
    TooLarge(usize),
    /// The body element names no operation of this service.
    UnknownOperation(String),
    /// `SOAPAction` (or the SOAP 1.2 `action`) names a different operation than the body.
    ActionMismatch {
        /// The action sent.
        action: String,
        /// The operation the body names.
        operation: String,
    },
    /// The root is not an envelope of a SOAP version we speak.
    VersionMismatch(String),
    /// A header block marked `mustUnderstand` is not understood.
    MustUnderstand(String),
}

impl From<CoreError> for SoapError {
    fn from(e: CoreError) -> Self {
        SoapError::Core(e)
    }
}

impl fmt::Display for SoapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SoapError::Core(CoreError::Internal(_)) => PublicInternal.fmt(f),
            SoapError::Core(CoreError::RateLimited { retry_after }) => {
                write!(f, "rate limit exceeded; retry after {retry_after} seconds")
            }
            SoapError::Core(e) => e.fmt(f),
            SoapError::At(_, e) => e.fmt(f),
            SoapError::BadMessage(m) | SoapError::VersionMismatch(m) => f.write_str(m),
            SoapError::MustUnderstand(m) => f.write_str(m),
            SoapError::TooLarge(limit) => write!(f, "request body is larger than {limit} bytes"),
            SoapError::UnknownOperation(op) => write!(f, "unknown operation {op}"),
            SoapError::ActionMismatch { action, operation } => write!(
                f,
                "SOAPAction `{action}` names a different operation than the body element `{operation}`"
            ),
        }
    }
}

/// The fault code class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The envelope is not of a version we speak.
    VersionMismatch,
    /// A mandatory header block was not understood.
    MustUnderstand,
    /// The client must change the request (SOAP 1.2 `Sender`).
    Client,
    /// The server failed (SOAP 1.2 `Receiver`).
    Server,
}

impl FaultCode {
    /// The qualified code in `version`, with the `soap` prefix the writer binds.
    pub fn qname(self, version: SoapVersion) -> &'static str {
        match (self, version) {
            (FaultCode::VersionMismatch, _) => "soap:VersionMismatch",
            (FaultCode::MustUnderstand, _) => "soap:MustUnderstand",
            (FaultCode::Client, SoapVersion::V11) => "soap:Client",
            (FaultCode::Client, SoapVersion::V12) => "soap:Sender",
            (FaultCode::Server, SoapVersion::V11) => "soap:Server",
            (FaultCode::Server, SoapVersion::V12) => "soap:Receiver",
        }
    }

    /// HTTP status: every SOAP 1.1 fault is 500; SOAP 1.2 `Sender` is 400, the rest 500.
    pub fn http_status(self, version: SoapVersion) -> StatusCode {
        match (self, version) {
            (FaultCode::Client, SoapVersion::V12) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The error code of the fault detail (ECGridOS `ECGridOSSOAPErrorCode`, Archer `ArcherErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The credential was refused.
    Authentication,
    /// The caller may not do this.
    Authorization,
    /// No such object (or outside the caller's scope).
    ObjectNotFound,
    /// A parameter or the message is wrong.
    InvalidParameter,
    /// The service could not do it.
    SystemError,
}

impl ErrorCode {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Authentication => "Authentication",
            ErrorCode::Authorization => "Authorization",
            ErrorCode::ObjectNotFound => "ObjectNotFound",
            ErrorCode::InvalidParameter => "InvalidParameter",
            ErrorCode::SystemError => "SystemError",
        }
    }
}

/// A fault ready to render in either version or as HTTP-POST text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Code class.
    pub code: FaultCode,
    /// Detail error code (none for version and header faults).
    pub detail: Option<ErrorCode>,
    /// The ECGridOS `RetCode` meaning, numbered in `<ErrorInfo><ErrorCode>`.
    pub ret_code: RetCode,
    /// The parameter at fault (`<ErrorInfo><ErrorItem>`), when one is.
    pub item: Option<String>,
    /// Human-readable reason; never internals.
    pub message: String,
    /// `Retry-After` seconds, when waiting helps.
    pub retry_after: Option<u64>,
}

/// ECGridOS's `RetCode` enumeration, numbered as its fault detail's `<ErrorCode>`: the vendor's
/// sample fault says `8` for "Invalid data length", which is `InvalidDataLength`'s place when
/// `Success` is 0 (README "ECGridOS faults").
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[allow(missing_docs)] // the vendor's names are their documentation
pub enum RetCode {
    Unknown,
    Success,
    SessionTimeout,
    AccessDenied,
    NotFound,
    InvalidID,
    Duplicate,
    IDExistsOnNetwork,
    InvalidDataType,
    InvalidDataLength,
    DataError,
    SQLError,
    InternalError,
}

impl RetCode {
    /// Every code, in the vendor's enumeration order.
    pub const ALL: &'static [RetCode] = <RetCode as strum::VariantArray>::VARIANTS;

    /// The enumeration value's name (`AccessDenied`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The number `<ErrorCode>` carries: `Success` is 0, `Unknown` -1.
    pub fn number(self) -> i16 {
        self as i16 - 1
    }

    /// The meaning of an audit outcome (the REST `errorCode` of a refusal): the one table from
    /// core refusals to `RetCode`, for fault details and session logs alike.
    pub fn of(outcome: Outcome) -> RetCode {
        match outcome {
            Outcome::Ok => RetCode::Success,
            Outcome::InvalidSession | Outcome::InvalidApiKey => RetCode::SessionTimeout,
            Outcome::InvalidCredentials
            | Outcome::AccountLocked
            | Outcome::AccountInactive
            | Outcome::PasswordChangeRequired
            | Outcome::AccessDenied
            | Outcome::TooManySessions => RetCode::AccessDenied,
            Outcome::ObjectNotFound => RetCode::NotFound,
            Outcome::Conflict => RetCode::Duplicate,
            Outcome::InvalidParameter => RetCode::DataError,
            Outcome::NotSupported | Outcome::RateLimitExceeded | Outcome::InternalError => {
                RetCode::InternalError
            }
        }
    }

    /// The `<ErrorString>`: the meaning in words (`Invalid data length.`).
    pub fn describe(self) -> &'static str {
        match self {
            RetCode::Unknown => "Unknown error.",
            RetCode::Success => "Success.",
            RetCode::SessionTimeout => "Session timeout.",
            RetCode::AccessDenied => "Access denied.",
            RetCode::NotFound => "Not found.",
            RetCode::InvalidID => "Invalid ID.",
            RetCode::Duplicate => "Duplicate.",
            RetCode::IDExistsOnNetwork => "ID exists on network.",
            RetCode::InvalidDataType => "Invalid data type.",
            RetCode::InvalidDataLength => "Invalid data length.",
            RetCode::DataError => "Data error.",
            RetCode::SQLError => "SQL error.",
            RetCode::InternalError => "Internal error.",
        }
    }
}

/// The core half of the table: one arm per variant, no wildcard, so a new variant breaks the build.
fn core_fault(e: &CoreError) -> (FaultCode, ErrorCode, Option<u64>) {
    use ErrorCode as E;
    use FaultCode::{Client, Server};
    match e {
        CoreError::SessionInvalid(_)
        | CoreError::ApiKeyInvalid
        | CoreError::InvalidCredentials
        | CoreError::AccountInactive => (Client, E::Authentication, None),
        CoreError::AccountLocked { retry_after, .. } => (Client, E::Authentication, Some(*retry_after)),
        // SPEC §3.4: the reason text of PasswordChangeRequired is "password change required".
        CoreError::NotAnAdmin
        | CoreError::AccessDenied
        | CoreError::MissingScope
        | CoreError::PrimaryOwnerProtected
        | CoreError::TooManySessions { .. }
        | CoreError::PasswordChangeRequired => (Client, E::Authorization, None),
        CoreError::NotFound => (Client, E::ObjectNotFound, None),
        CoreError::InvalidParameter { .. }
        | CoreError::WeakPassword(_)
        | CoreError::BotHasNoSessions
        | CoreError::Conflict(_) => (Client, E::InvalidParameter, None),
        // The client must slow down (Client), but ECGridOS has no rate-limit code; SystemError
        // tells its clients "the service refused for now, retry" rather than blaming a
        // credential or a parameter. Retry-After carries the wait.
        CoreError::RateLimited { retry_after } => (Client, E::SystemError, Some(*retry_after)),
        // The service lacks what the call needs (no SMS gateway): the server's side, not the
        // caller's, and ECGridOS has no closer code than SystemError.
        CoreError::NotSupported(_) | CoreError::Internal(_) => (Server, E::SystemError, None),
    }
}

impl SoapError {
    /// The fault this error is answered with. Logs the cause of an internal error (once, here).
    pub fn fault(&self) -> Fault {
        use RetCode as R;
        let (code, detail, ret_code, retry_after) = match self {
            SoapError::Core(e) | SoapError::At(_, e) => {
                if let CoreError::Internal(cause) = e {
                    tracing::error!(error = %cause, "internal error");
                }
                let (code, detail, retry) = core_fault(e);
                (code, Some(detail), RetCode::of(Outcome::of(e)), retry)
            }
            SoapError::TooLarge(_) => {
                (FaultCode::Client, Some(ErrorCode::InvalidParameter), R::InvalidDataLength, None)
            }
            SoapError::BadMessage(_) | SoapError::ActionMismatch { .. } => {
                (FaultCode::Client, Some(ErrorCode::InvalidParameter), R::DataError, None)
            }
            SoapError::UnknownOperation(_) => {
                (FaultCode::Client, Some(ErrorCode::InvalidParameter), R::InvalidID, None)
            }
            SoapError::VersionMismatch(_) => (FaultCode::VersionMismatch, None, R::DataError, None),
            SoapError::MustUnderstand(_) => (FaultCode::MustUnderstand, None, R::DataError, None),
        };
        let item = match self {
            SoapError::Core(CoreError::InvalidParameter { field, .. }) => Some(field.clone()),
            SoapError::At(param, _) => Some((*param).to_string()),
            _ => None,
        };
        Fault { code, detail, ret_code, item, message: self.to_string(), retry_after }
    }

    /// Shorthand for a rejected message.
    pub fn bad(message: impl Into<String>) -> Self {
        SoapError::BadMessage(message.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use gatehouse_core::error::SessionProblem;
    use gatehouse_core::policy::password::PasswordRule;

    /// Expected (code, detail, retry, message) per core error, written from SPEC §3.4 and §5.1.
    #[test]
    fn every_core_error_has_its_fault() {
        use ErrorCode as E;
        use FaultCode::{Client, Server};
        let until = Utc.with_ymd_and_hms(2026, 1, 1, 0, 15, 0).unwrap();
        let table: Vec<(CoreError, FaultCode, ErrorCode, Option<u64>, &str)> = vec![
            (
                CoreError::SessionInvalid(SessionProblem::Revoked),
                Client,
                E::Authentication,
                None,
                "invalid session",
            ),
            (CoreError::ApiKeyInvalid, Client, E::Authentication, None, "invalid API key"),
            (CoreError::InvalidCredentials, Client, E::Authentication, None, "invalid login or password"),
            (
                CoreError::AccountLocked { until, retry_after: 900 },
                Client,
                E::Authentication,
                Some(900),
                "account locked",
            ),
            (CoreError::AccountInactive, Client, E::Authentication, None, "not active"),
            (CoreError::NotAnAdmin, Client, E::Authorization, None, "not an administrator"),
            (CoreError::AccessDenied, Client, E::Authorization, None, "access denied"),
            (CoreError::MissingScope, Client, E::Authorization, None, "bot's API key"),
            (CoreError::PrimaryOwnerProtected, Client, E::Authorization, None, "primary owner"),
            (CoreError::PasswordChangeRequired, Client, E::Authorization, None, "password change required"),
            (CoreError::NotFound, Client, E::ObjectNotFound, None, "not found"),
            (
                CoreError::invalid("UserID", "is required"),
                Client,
                E::InvalidParameter,
                None,
                "UserID: is required",
            ),
            (
                CoreError::WeakPassword(vec![PasswordRule::Digit]),
                Client,
                E::InvalidParameter,
                None,
                "password",
            ),
            (CoreError::BotHasNoSessions, Client, E::InvalidParameter, None, "bot users have no sessions"),
            (CoreError::Conflict("login taken".into()), Client, E::InvalidParameter, None, "login taken"),
            (
                CoreError::RateLimited { retry_after: 3 },
                Client,
                E::SystemError,
                Some(3),
                "retry after 3 seconds",
            ),
            (
                CoreError::NotSupported("no SMS gateway is configured"),
                Server,
                E::SystemError,
                None,
                "no SMS gateway is configured",
            ),
            (
                CoreError::internal("disk on fire"),
                Server,
                E::SystemError,
                None,
                "internal error; see the server log",
            ),
        ];
        for (error, code, detail, retry_after, text) in table {
            let fault = SoapError::Core(error).fault();
            assert_eq!((fault.code, fault.detail, fault.retry_after), (code, Some(detail), retry_after));
            assert!(fault.message.contains(text), "{:?} should contain {text:?}", fault.message);
            assert!(!fault.message.contains("disk on fire"), "internals never reach the client");
        }
    }

    #[test]
    fn message_rejections_are_client_faults_and_versions_have_their_own_codes() {
        let fault = SoapError::TooLarge(65536).fault();
        assert_eq!((fault.code, fault.detail), (FaultCode::Client, Some(ErrorCode::InvalidParameter)));
        assert_eq!(fault.message, "request body is larger than 65536 bytes");
        assert_eq!(SoapError::VersionMismatch("x".into()).fault().detail, None);
        assert_eq!(FaultCode::Client.qname(SoapVersion::V11), "soap:Client");
        assert_eq!(FaultCode::Client.qname(SoapVersion::V12), "soap:Sender");
        assert_eq!(FaultCode::Server.qname(SoapVersion::V12), "soap:Receiver");
        assert_eq!(FaultCode::Client.http_status(SoapVersion::V11), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(FaultCode::Client.http_status(SoapVersion::V12), StatusCode::BAD_REQUEST);
        assert_eq!(FaultCode::Server.http_status(SoapVersion::V12), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
