//! One decoded call handed to a handler, and the only place a SOAP request authenticates: the
//! credential travels in the body (ECGridOS `SessionID`, Archer `sessionToken`), so it is read
//! after decoding.

use actix_web::web;
use gatehouse_core::credential::{self, Parsed, Place};
use gatehouse_core::secret::BearerSecret;
use gatehouse_core::{Caller, Core, CoreError, Credential, RequestContext};

use crate::args::Args;
use crate::fault::SoapResult;
use crate::schema::Contract;
use crate::state::SoapState;

/// A call as a handler receives it.
pub struct Call {
    /// Shared state (the core, configuration).
    pub state: web::Data<SoapState>,
    /// Decoded parameters.
    pub args: Args,
    /// Request context (front end, IP, user agent, request id).
    pub ctx: RequestContext,
    /// The contract the answer follows (ECGridOS).
    pub contract: Contract,
}

impl Call {
    /// The core.
    pub fn core(&self) -> &Core {
        &self.state.core
    }

    /// Authenticate with the session secret or API key in the string parameter `param`.
    pub async fn caller(&self, param: &'static str) -> SoapResult<Caller> {
        let credential = credential(param, self.args.string(param)?)?;
        Ok(self.state.core.authenticate(credential, self.ctx.clone()).await?)
    }
}

/// What a session parameter resolves to (SPEC §3.5), by the core's one credential parser:
/// an API key is accepted in place of a session.
pub fn credential(param: &'static str, raw: &str) -> Result<Credential, CoreError> {
    Ok(match credential::parse(&[(Place::Argument(param), raw)])? {
        Parsed::ApiKey(key) => Credential::ApiKey(key),
        // SOAP carries no signed tokens; such text is an opaque secret no session has.
        Parsed::SessionSecret(secret) => Credential::SessionSecret(secret),
        Parsed::SignedToken(text) => Credential::SessionSecret(BearerSecret::new(text)),
    })
}
