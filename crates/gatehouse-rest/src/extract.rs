//! The only place a REST request authenticates: `Authorization: Bearer <jwt>` or `X-API-Key`,
//! parsed by the core's one credential parser.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use gatehouse_core::access::Arrival;
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::credential::Place;
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
        .arrived(req.extensions().get::<Arrival>())
}

/// Every value of header `name`, each as text (a value that is no text counts as present).
pub fn header_values<'r>(req: &'r HttpRequest, name: &str) -> Vec<&'r str> {
    req.headers().get_all(name).map(|v| v.to_str().unwrap_or("\u{fffd}")).collect()
}

/// Every `Authorization` header of a request, for the core's credential parser; REST adds
/// `X-API-Key`, the Web API its `token` arguments.
pub fn authorization_headers(req: &HttpRequest) -> Vec<(Place, &str)> {
    header_values(req, header::AUTHORIZATION.as_str())
        .into_iter()
        .map(|v| (Place::AuthorizationHeader, v))
        .collect()
}

/// The credential a REST request carries: `Authorization: Bearer` or `X-API-Key`, never both.
pub fn rest_credential(req: &HttpRequest, state: &RestState) -> Result<Credential, CoreError> {
    let mut found = authorization_headers(req);
    found.extend(header_values(req, API_KEY_HEADER).into_iter().map(|v| (Place::ApiKeyHeader, v)));
    state.credential(&found)
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
