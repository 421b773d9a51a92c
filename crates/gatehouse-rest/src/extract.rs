//! The only place a REST request authenticates: `Authorization: Bearer <jwt>` or `X-API-Key`.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use gatehouse_core::apikey::looks_like_api_key;
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::error::SessionProblem;
use gatehouse_core::secret::BearerSecret;
use gatehouse_core::{Caller, CoreError, Credential, RequestContext};
use std::ops::Deref;

use crate::error::RestError;
use crate::state::RestState;

/// Header carrying an API key.
pub const API_KEY_HEADER: &str = "X-API-Key";

/// The request id, client address and user agent of a request.
pub fn request_context(req: &HttpRequest, front_end: FrontEnd) -> RequestContext {
    let request_id =
        req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string()).unwrap_or_default();
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    RequestContext::from_http(front_end, req.peer_addr().map(|a| a.ip()), user_agent, request_id)
}

/// The bearer token of `Authorization: Bearer <token>`, if present.
pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The credential a REST request carries, as the core understands it.
pub fn rest_credential(req: &HttpRequest, state: &RestState) -> Result<Credential, CoreError> {
    let has_bearer = req.headers().contains_key(actix_web::http::header::AUTHORIZATION);
    if let Some(key) = req.headers().get(API_KEY_HEADER) {
        if has_bearer {
            // Two credentials are ambiguous: one of them may be stale or someone else's.
            return Err(CoreError::SessionInvalid(SessionProblem::Malformed));
        }
        let key = key.to_str().map_err(|_| CoreError::ApiKeyInvalid)?.trim();
        return Ok(Credential::ApiKey(BearerSecret::new(key)));
    }
    let token = bearer_token(req).ok_or(CoreError::SessionInvalid(SessionProblem::Missing))?;
    if looks_like_api_key(token) {
        return Ok(Credential::ApiKey(BearerSecret::new(token)));
    }
    let sid = state.jwt.verify(token, state.core.now())?;
    Ok(Credential::SessionId(sid))
}

/// An authenticated REST caller.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Caller);

impl Deref for Authenticated {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.0
    }
}

impl FromRequest for Authenticated {
    type Error = RestError;
    type Future = LocalBoxFuture<'static, Result<Self, RestError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<RestState>>()
                .ok_or_else(|| CoreError::internal("REST state is not configured"))?;
            let credential = rest_credential(&req, state)?;
            let ctx = request_context(&req, FrontEnd::Rest);
            let caller = state.core.authenticate(credential, ctx).await?;
            Ok(Authenticated(caller))
        })
    }
}
