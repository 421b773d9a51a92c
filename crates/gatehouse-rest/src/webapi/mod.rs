//! The Slack-style Web API at `/api/<method>` (SPEC §6), on the same core calls as `/v2`.

pub mod args;
pub mod docs;
pub mod error;
pub mod methods;
pub mod ratelimit;

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::apikey::looks_like_api_key;
use gatehouse_core::audit::FrontEnd;
use gatehouse_core::error::SessionProblem;
use gatehouse_core::secret::BearerSecret;
use gatehouse_core::{Caller, CoreError, Credential};
use serde_json::{json, Map, Value};

use self::args::Args;
use self::error::SlackError;
use self::methods::WebMethod;
use crate::extract::{bearer_token, request_context};
use crate::state::RestState;

/// Mount `/api/{method}` for GET and POST (Slack reads arguments from both).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/{method}")
            .route(web::post().to(call))
            .route(web::get().to(call))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(SlackError::Code("invalid_post_type", None))
            })),
    );
}

async fn call(
    state: web::Data<RestState>,
    req: HttpRequest,
    name: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, SlackError> {
    let method = WebMethod::parse(&name)
        .ok_or_else(|| SlackError::Code("unknown_method", Some(format!("no method `{name}`"))))?;
    let mut payload = payload.into_inner();
    let args = args::decode(&req, &mut payload, state.max_body_bytes).await?;
    let token = match bearer_token(&req) {
        Some(t) => Some(t.to_string()),
        None => args.str("token")?.map(str::to_string),
    };
    let token = token.filter(|t| !t.is_empty()).ok_or(SlackError::Code("not_authed", None))?;
    if let Some(limiter) = &state.webapi_limiter {
        limiter.check(&token, method.name()).map_err(SlackError::RateLimited)?;
    }
    let caller = authenticate(&state, &req, &token).await?;
    if method.needs_user_token() && caller.user.is_bot {
        return Err(SlackError::Code(
            "missing_scope",
            Some(format!("{} needs an admin user's token", method.name())),
        ));
    }
    let base_url = state.public_url.clone().unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}/", info.scheme(), info.host())
    });
    let fields = methods::run(method, &state, &caller, &args, &base_url).await?;
    Ok(HttpResponse::Ok().json(success(fields, &args)))
}

/// Resolve a Slack token: an API key, a REST session token (JWT), or an opaque SOAP session secret.
async fn authenticate(state: &RestState, req: &HttpRequest, token: &str) -> Result<Caller, SlackError> {
    let credential = if looks_like_api_key(token) {
        Credential::ApiKey(BearerSecret::new(token))
    } else if token.split('.').count() == 3 {
        Credential::SessionId(state.jwt.verify(token, state.core.now())?)
    } else if !token.is_empty() && token.len() <= 256 {
        Credential::SessionSecret(BearerSecret::new(token))
    } else {
        return Err(CoreError::SessionInvalid(SessionProblem::Malformed).into());
    };
    Ok(state.core.authenticate(credential, request_context(req, FrontEnd::Slack)).await?)
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
