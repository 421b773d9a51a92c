//! The Slack-style Web API at `/api/<method>` (SPEC §6), on the same core calls as `/v2`.

pub mod args;
pub mod docs;
pub mod error;
pub mod methods;
pub mod objects;

use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use gatehouse_core::access::Served;
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::credential::Place;
use gatehouse_core::error::SessionProblem;
use gatehouse_core::CoreError;
use serde_json::{json, Map, Value};

use self::args::Args;
use self::error::SlackError;
use self::methods::WebMethod;
use crate::extract::{authorization_headers, request_context};
use crate::state::RestState;

/// Mount `/api/{method}` for GET and POST (Slack reads arguments from both).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/{method}")
            .route(web::post().to(call))
            .route(web::get().to(call))
            .default_service(web::to(|name: web::Path<String>| async move {
                served(SlackError::Code("invalid_post_type", None).error_response(), &name)
            })),
    );
}

/// Answer one method call; the access log learns the method (or `unknown`) and its outcome.
async fn call(
    state: web::Data<RestState>,
    req: HttpRequest,
    name: web::Path<String>,
    payload: web::Payload,
) -> HttpResponse {
    let resp = answer(state, req, &name, payload).await.unwrap_or_else(|e| e.error_response());
    served(resp, &name)
}

/// `resp` marked as an answer of the method `name` (`unknown` when no method has that name).
fn served(mut resp: HttpResponse, name: &str) -> HttpResponse {
    let operation = WebMethod::parse(name).map_or("unknown", |m| m.name());
    let answer = resp.extensions_mut().remove::<Served>().unwrap_or_default();
    resp.extensions_mut().insert(answer.as_operation("slack", operation));
    resp
}

async fn answer(
    state: web::Data<RestState>,
    req: HttpRequest,
    name: &str,
    payload: web::Payload,
) -> Result<HttpResponse, SlackError> {
    let method = WebMethod::parse(name)
        .ok_or_else(|| SlackError::Code("unknown_method", Some(format!("no method `{name}`"))))?;
    let mut payload = payload.into_inner();
    let args = args::decode(&req, &mut payload, state.max_body_bytes).await?;
    // Every place a token may travel in; the core refuses more than one (SPEC §6).
    let mut found = authorization_headers(&req);
    found.extend(args.all("token").into_iter().map(|v| (Place::Argument("token"), v)));
    let credential = state.credential(&found).map_err(|e| match e {
        CoreError::SessionInvalid(SessionProblem::Missing) => SlackError::Code("not_authed", None),
        other => SlackError::Core(other),
    })?;
    let caller = state.core.authenticate(credential, request_context(&req, FrontEnd::Slack)).await?;
    state.core.count_call(&caller, method.name(), method.tier())?;
    let base_url = state.public_url.clone().unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}/", info.scheme(), info.host())
    });
    let fields = methods::run(method, &state, &caller, &args, &base_url).await?;
    Ok(HttpResponse::Ok().json(success(fields, &args)))
}

fn success(mut fields: Map<String, Value>, args: &Args) -> Value {
    let mut body = Map::new();
    body.insert("ok".into(), json!(true));
    if !args.warnings.is_empty() {
        body.insert("warning".into(), json!(args.warnings.join(",")));
        let meta = fields.entry("response_metadata").or_insert_with(|| json!({}));
        if let Value::Object(m) = meta {
            m.insert("warnings".into(), json!(args.warnings));
        }
    }
    body.extend(fields);
    Value::Object(body)
}
