//! One decoded call handed to a handler, and the only place a SOAP request authenticates: the
//! credential travels in the body (ECGridOS `SessionID`, Archer `sessionToken`), so it is read
//! after decoding.

use actix_web::web;
use gatehouse_core::apikey::looks_like_api_key;
use gatehouse_core::error::SessionProblem;
use gatehouse_core::secret::BearerSecret;
use gatehouse_core::{Caller, Core, CoreError, Credential, RequestContext};

use crate::args::Args;
use crate::fault::SoapResult;
use crate::state::SoapState;

/// A call as a handler receives it.
pub struct Call {
    /// Shared state (the core, configuration).
    pub state: web::Data<SoapState>,
    /// Decoded parameters.
    pub args: Args,
    /// Request context (front end, IP, user agent, request id).
    pub ctx: RequestContext,
}

impl Call {
    /// The core.
    pub fn core(&self) -> &Core {
        &self.state.core
    }

    /// Authenticate with the session secret or API key in the string parameter `param`.
    pub async fn caller(&self, param: &str) -> SoapResult<Caller> {
        let credential = credential(self.args.string(param)?)?;
        Ok(self.state.core.authenticate(credential, self.ctx.clone()).await?)
    }
}

/// What a session parameter resolves to (SPEC §3.5): an API key is accepted in its place.
pub fn credential(raw: &str) -> Result<Credential, CoreError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(CoreError::SessionInvalid(SessionProblem::Missing));
    }
    let secret = BearerSecret::new(raw);
    Ok(if looks_like_api_key(raw) { Credential::ApiKey(secret) } else { Credential::SessionSecret(secret) })
}
