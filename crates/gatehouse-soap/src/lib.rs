//! Gatehouse SOAP front ends (SPEC §5): one engine speaking SOAP 1.1, SOAP 1.2 and the ASMX
//! HTTP-POST binding, and the services served on it: ECGridOS v4.1 at
//! `/v4.1/prod/ECGridOS.asmx` ([`ecgridos`]) and Archer at `/archer/ws/general.asmx` and
//! `/archer/ws/accesscontrol.asmx` ([`archer`]), each just another operation table.
//!
//! This crate owns envelopes (a bounded, DTD-free quick-xml reader and a writer), faults and
//! their one error table, the per-service operation table that drives dispatch, parameter
//! decoding and the WSDL, and the thin handlers that turn one operation into one core call.
//! It depends on `gatehouse-core` only: never on the store or on the REST front end.
//!
//! Faults carry the message in `faultstring` (SOAP 1.2 `Reason/Text`) and one error code
//! (`Authentication`, `Authorization`, `ObjectNotFound`, `InvalidParameter`, `SystemError`) in a
//! detail element each service names: `<ECGridOSSOAPErrorCode>` for ECGridOS,
//! `<ArcherErrorCode>` for Archer (in the service's namespace).

pub mod archer;
pub mod args;
pub mod body;
pub mod call;
pub mod context;
pub mod ecgridos;
pub mod endpoint;
pub mod envelope;
pub mod fault;
pub mod html;
pub mod http_post;
pub mod operation;
pub mod schema;
pub mod state;
pub mod version;
pub mod wsdl;

pub use endpoint::configure;
pub use fault::{SoapError, SoapResult};
pub use state::SoapState;

/// Every service this crate serves; [`configure`] mounts each at its path.
pub static SERVICES: &[&operation::ServiceDef] =
    &[&ecgridos::SERVICE, &ecgridos::SERVICE_V32, &archer::GENERAL, &archer::ACCESS_CONTROL];
