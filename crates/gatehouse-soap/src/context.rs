//! Request context (request id, client address, user agent, front end) and the service address
//! a WSDL advertises: the configured public URL, else the URL the client used (SPEC §5.1).

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest};
use gatehouse_core::access::Arrival;
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::RequestContext;

use crate::operation::ServiceDef;
use crate::state::SoapState;

/// The request id, client address and user agent of a request.
pub fn request_context(req: &HttpRequest, front_end: FrontEnd) -> RequestContext {
    let request_id =
        req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string()).unwrap_or_default();
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    RequestContext::from_http(front_end, req.peer_addr().map(|a| a.ip()), user_agent, request_id)
        .arrived(req.extensions().get::<Arrival>())
}

/// The endpoint URL of `service` as clients should call it.
pub fn service_address(req: &HttpRequest, state: &SoapState, service: &ServiceDef) -> String {
    match &state.public_url {
        Some(base) => format!("{}{}", base.trim_end_matches('/'), service.path),
        None => {
            let info = req.connection_info();
            format!("{}://{}{}", info.scheme(), info.host(), req.path())
        }
    }
}
