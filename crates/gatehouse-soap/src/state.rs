//! What the SOAP handlers share; the server puts one [`SoapState`] in the app data.

use gatehouse_core::Core;

use crate::schema::Contract;

/// Shared state of the SOAP front ends.
#[derive(Clone)]
pub struct SoapState {
    /// The domain core.
    pub core: Core,
    /// Public base URL for WSDL addresses (`GATEHOUSE_PUBLIC_URL`); `None`: the URL the client used.
    pub public_url: Option<String>,
    /// Largest accepted request body in bytes (`GATEHOUSE_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// The contract of the ECGridOS endpoints (`GATEHOUSE_ECGRIDOS_CONTRACT`): the WSDL at
    /// `?WSDL`, and the shape of answers the request cannot tell.
    pub contract: Contract,
}
