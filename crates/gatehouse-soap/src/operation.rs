//! The operation table: one [`ServiceDef`] per service, listing every operation with its
//! parameters, result type and handler. Dispatch, parameter decoding, the WSDL and the HTML
//! page all read this one table (SPEC §5.1), so they cannot drift apart.

use gatehouse_core::audit::FrontEnd;
use std::future::Future;
use std::pin::Pin;

use crate::call::Call;
use gatehouse_core::error::SessionProblem;
use gatehouse_core::CoreError;

use crate::args::RawParam;
use crate::fault::{Fault, SoapError, SoapResult};
use crate::schema::{ComplexType, Contract, EnumType, Value, XsdType};
use crate::version::Binding;

/// What a handler returns: a future of the result value.
pub type HandlerFuture = Pin<Box<dyn Future<Output = SoapResult<Value>>>>;

/// A handler: decoded call in, result value out (one core call in between).
pub type Handler = fn(Call) -> HandlerFuture;

/// One SOAP service at one path.
#[derive(Debug)]
pub struct ServiceDef {
    /// Service name (WSDL `service`, binding and port names are built from it).
    pub name: &'static str,
    /// Canonical path; matched case-insensitively, as ASMX does.
    pub path: &'static str,
    /// Target namespace, also the SOAPAction base; ends with `/`.
    pub namespace: &'static str,
    /// WSDL port type of the SOAP bindings.
    pub port_type: &'static str,
    /// One line for the WSDL and the HTML page.
    pub documentation: &'static str,
    /// The operations.
    pub operations: &'static [Operation],
    /// Complex types declared in the schema.
    pub complex_types: &'static [&'static ComplexType],
    /// Complex types also declared as `ArrayOf<Type>`.
    pub array_types: &'static [&'static ComplexType],
    /// Enumerations declared in the schema.
    pub enum_types: &'static [&'static EnumType],
    /// Serve and describe the ASMX HTTP-POST binding too.
    pub http_post: bool,
    /// Serve and describe the ASMX HTTP-GET binding too (query-string parameters).
    pub http_get: bool,
    /// Element carrying the error code in a fault detail.
    pub fault_detail: &'static str,
    /// Audit front end for every binding (Archer); `None`: by binding (soap11, soap12, http-post).
    pub front_end: Option<FrontEnd>,
    /// The fault text of a refused session credential, when the service's clients match on
    /// their own wording (Archer: "Invalid session token"); `None` keeps the core's text.
    pub session_fault_text: Option<&'static str>,
    /// Fault details start with the vendor's `<ErrorInfo>` (ECGridOS).
    pub error_info: bool,
    /// The vendor's WSDL names, which the `build472` contract's WSDL uses (ECGridOS); `None`:
    /// the names above in every contract.
    pub vendor: Option<VendorNames>,
}

/// A service's names in its vendor's WSDL, so that a proxy generated from Gatehouse's copy of
/// that contract is the vendor's (wsdl.exe names the class after the service).
#[derive(Debug)]
pub struct VendorNames {
    /// WSDL service name, also the prefix of binding and port names
    /// (`ECGridOS_x0020_API_x0020_v4`).
    pub service: &'static str,
    /// Port type of the SOAP bindings (`ECGridOS_x0020_API_x0020_v4Soap`).
    pub port_type: &'static str,
}

impl ServiceDef {
    /// The operation whose body element is `{namespace}local`.
    pub fn operation(&self, namespace: &str, local: &str) -> Option<&Operation> {
        if namespace != self.namespace {
            return None;
        }
        self.operations.iter().find(|op| op.name == local)
    }

    /// The operation named in an HTTP-POST path: exact name first, then ignoring case (ASMX).
    pub fn operation_by_name(&self, name: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| op.name == name)
            .or_else(|| self.operations.iter().find(|op| op.name.eq_ignore_ascii_case(name)))
    }

    /// The SOAPAction of `op` (`https://os.ecgrid.io/UserReset`).
    pub fn soap_action(&self, op: &Operation) -> String {
        format!("{}{}", self.namespace, op.name)
    }

    /// The fault `error` is answered with on this service (its session-fault wording applied).
    pub fn fault(&self, error: &SoapError) -> Fault {
        let mut fault = error.fault();
        if let (Some(text), SoapError::Core(CoreError::SessionInvalid(problem))) =
            (self.session_fault_text, error)
        {
            // An ambiguous credential says what to send instead; every other problem is the
            // service's one wording, which its clients match to log in again.
            if *problem != SessionProblem::Ambiguous {
                fault.message = text.to_string();
            }
        }
        fault
    }

    /// The HTTP bindings this service serves besides SOAP: `(WSDL name suffix, verb)`.
    pub fn http_bindings(&self) -> impl Iterator<Item = HttpBinding> + '_ {
        [(self.http_post, HttpBinding::Post), (self.http_get, HttpBinding::Get)]
            .into_iter()
            .filter_map(|(on, b)| on.then_some(b))
    }

    /// The audit front end of a request on `binding`.
    pub fn front_end(&self, binding: Binding) -> FrontEnd {
        self.front_end.unwrap_or(binding.front_end())
    }

    /// The WSDL names `(service, SOAP port type)` of `contract`.
    pub fn names(&self, contract: Contract) -> (&'static str, &'static str) {
        match (contract, &self.vendor) {
            (Contract::Build472, Some(v)) => (v.service, v.port_type),
            _ => (self.name, self.port_type),
        }
    }
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// Name: the request element, `<name>Response`, `<name>Result`, the HTTP-POST path segment.
    pub name: &'static str,
    /// One line for the WSDL and the HTML page.
    pub doc: &'static str,
    /// Parameters (child elements of the request element, or form fields).
    pub params: &'static [Param],
    /// Result type.
    pub result: XsdType,
    /// The handler.
    pub handler: Handler,
    /// The seeds' form of the operation where it differs from the one above (ECGridOS `Login`,
    /// `UserUpdate`, `UserPassword`); `None`: the same in both contracts.
    pub seed: Option<&'static Form>,
}

impl Chosen {
    /// The wire name of a core field name (`userId` → `UserID`), if it is one of this form's.
    pub fn wire_name(&self, field: &str) -> Option<&'static str> {
        let named = |p: &&Param| p.name.eq_ignore_ascii_case(field) || p.carries.contains(&field);
        self.params.iter().find(named).map(|p| p.name)
    }
}

/// One form of an operation: what its request holds, what it answers and who answers it.
#[derive(Debug)]
pub struct Form {
    /// One line for the WSDL and the HTML page.
    pub doc: &'static str,
    /// Parameters.
    pub params: &'static [Param],
    /// Result type.
    pub result: XsdType,
    /// The handler.
    pub handler: Handler,
}

/// The form a request is answered in, and the contract its answer follows.
#[derive(Debug, Clone, Copy)]
pub struct Chosen {
    /// Which contract.
    pub contract: Contract,
    /// Parameters to decode.
    pub params: &'static [Param],
    /// Result type to encode.
    pub result: XsdType,
    /// The handler.
    pub handler: Handler,
    /// The documentation line.
    pub doc: &'static str,
}

impl Operation {
    /// The form of `contract`.
    pub fn form(&self, contract: Contract) -> Chosen {
        match (contract, self.seed) {
            (Contract::Seed, Some(f)) => {
                Chosen { contract, params: f.params, result: f.result, handler: f.handler, doc: f.doc }
            }
            _ => Chosen {
                contract,
                params: self.params,
                result: self.result,
                handler: self.handler,
                doc: self.doc,
            },
        }
    }

    /// The form a request with these parameters follows (SPEC §5.2): a parameter only one
    /// form has tells which; otherwise the endpoint's contract decides.
    pub fn chosen(&self, raw: &[RawParam], endpoint: Contract) -> Chosen {
        let Some(seed) = self.seed else { return self.form(endpoint) };
        let only_in = |ours: &[Param], theirs: &[Param], name: &str| {
            ours.iter().any(|p| p.answers_to(name)) && !theirs.iter().any(|p| p.answers_to(name))
        };
        if raw.iter().any(|r| only_in(self.params, seed.params, &r.name)) {
            self.form(Contract::Build472)
        } else if raw.iter().any(|r| only_in(seed.params, self.params, &r.name)) {
            self.form(Contract::Seed)
        } else {
            self.form(endpoint)
        }
    }
}

/// One parameter.
#[derive(Debug)]
pub struct Param {
    /// Element or form field name.
    pub name: &'static str,
    /// Simple type (int, boolean, string, dateTime or an enumeration).
    pub ty: XsdType,
    /// Missing is an `InvalidParameter` fault naming it.
    pub required: bool,
    /// Other names accepted for it (older clients); never described in the WSDL.
    pub aliases: &'static [&'static str],
    /// Core field names whose refusals are about this parameter when its own name differs
    /// (ECGridOS `OldPassword` carries the core's `currentPassword`, `NewPassword` a weak
    /// `password`): faults name the parameter the client sent.
    pub carries: &'static [&'static str],
}

impl Param {
    /// True when `name` is this parameter's name or one of its aliases.
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// A required parameter of type `ty`.
pub const fn required(name: &'static str, ty: XsdType) -> Param {
    Param { name, ty, required: true, aliases: &[], carries: &[] }
}

/// An optional parameter of type `ty`.
pub const fn optional(name: &'static str, ty: XsdType) -> Param {
    Param { name, ty, required: false, aliases: &[], carries: &[] }
}

/// An ASMX plain-HTTP binding: parameters as form fields (POST) or in the query string (GET).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpBinding {
    /// `POST <path>/<Op>` with an `application/x-www-form-urlencoded` body.
    Post,
    /// `GET <path>/<Op>?name=value&…`.
    Get,
}

impl HttpBinding {
    /// The WSDL name suffix (`HttpPost`, `HttpGet`).
    pub fn suffix(self) -> &'static str {
        match self {
            HttpBinding::Post => "HttpPost",
            HttpBinding::Get => "HttpGet",
        }
    }

    /// The HTTP verb.
    pub fn verb(self) -> &'static str {
        match self {
            HttpBinding::Post => "POST",
            HttpBinding::Get => "GET",
        }
    }
}
