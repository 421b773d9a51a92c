//! Routes and the SOAP pipeline: `GET` answers the WSDL (`?WSDL`, any case) or an HTML list of
//! operations, `POST` reads an envelope, dispatches on the body element's qualified name through
//! the operation table and answers in the caller's SOAP version (SPEC §5.1).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::access::Served;
use tracing::Instrument;

use crate::args::{Args, RawParam};
use crate::body::{check_action, read_limited, soap_transport};
use crate::call::Call;
use crate::context::{request_context, service_address};
use crate::envelope::{read_envelope, writer};
use crate::fault::{SoapError, SoapResult};
use crate::operation::{Chosen, Operation, ServiceDef};
use crate::schema::Contract;
use crate::schema::Value;
use crate::state::SoapState;
use crate::version::{Binding, SoapVersion};
use crate::{html, http_post, wsdl, SERVICES};

/// Mount every service: `<path>` (GET, POST) and, with HTTP-POST or HTTP-GET, `<path>/{op}`. Paths
/// match case-insensitively, as ASMX paths do. Reads `web::Data<SoapState>` from app data.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for &service in SERVICES {
        let base = path_pattern(service.path);
        cfg.service(
            web::resource(base.as_str())
                .route(
                    web::get().to(move |req: HttpRequest, state: web::Data<SoapState>| {
                        describe(service, req, state)
                    }),
                )
                .route(web::post().to(
                    move |req: HttpRequest, payload: web::Payload, state: web::Data<SoapState>| async move {
                        let (resp, op) = soap(service, req, payload, state).await;
                        served(resp, op)
                    },
                ))
                .default_service(web::to(|| method_not_allowed("GET, POST"))),
        );
        let mut plain = web::resource(format!("{base}/{{op}}"));
        if service.http_post {
            plain = plain.route(web::post().to(
                move |req: HttpRequest, payload: web::Payload, state: web::Data<SoapState>| {
                    http_post::handle(service, req, payload, state)
                },
            ));
        }
        if service.http_get {
            plain = plain.route(web::get().to(move |req: HttpRequest, state: web::Data<SoapState>| {
                http_post::handle_get(service, req, state)
            }));
        }
        match (service.http_post, service.http_get) {
            (false, false) => {}
            (true, false) => {
                cfg.service(plain.default_service(web::to(|| method_not_allowed("POST"))));
            }
            (false, true) => {
                cfg.service(plain.default_service(web::to(|| method_not_allowed("GET"))));
            }
            (true, true) => {
                cfg.service(plain.default_service(web::to(|| method_not_allowed("GET, POST"))));
            }
        }
    }
}

/// An actix pattern matching `path` in any letter case.
fn path_pattern(path: &str) -> String {
    let mut regex = String::from("(?i)");
    for c in path.trim_start_matches('/').chars() {
        if !c.is_ascii_alphanumeric() && c != '/' && c != '_' {
            regex.push('\\');
        }
        regex.push(c);
    }
    format!("/{{service_path:{regex}}}")
}

async fn method_not_allowed(allow: &'static str) -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, allow))
        .content_type("text/plain; charset=utf-8")
        .body(format!("method not allowed; use {allow}"))
}

/// True for a query string with a `wsdl` key in any case (`?WSDL`, `?wsdl`, `?Wsdl=`).
fn wants_wsdl(query: &str) -> bool {
    query.split('&').any(|p| p.split('=').next().unwrap_or("").eq_ignore_ascii_case("wsdl"))
}

/// The value of the query field `name` (any case), as `?op=<Name>` and `?contract=` give.
fn query_field(query: &str, name: &str) -> Option<String> {
    let fields = http_post::parse_form(query.as_bytes()).ok()?;
    fields.into_iter().find(|f| f.name.eq_ignore_ascii_case(name)).and_then(|f| match f.value {
        crate::args::RawValue::Text(t) => Some(t),
        _ => None,
    })
}

/// `resp` marked for the access log as `op` (`front end`, `operation (binding)`), or as an
/// unknown operation when the request named none (the answer's own outcome kept).
pub fn served(mut resp: HttpResponse, op: Option<(&'static str, String)>) -> HttpResponse {
    let (front_end, operation) = op.unwrap_or(("soap", "unknown".into()));
    let answer = resp.extensions_mut().remove::<Served>().unwrap_or_default();
    resp.extensions_mut().insert(answer.as_operation(front_end, operation));
    resp
}

/// The access log's name of `op` on `binding`: `UserReset (SOAP 1.1)`.
pub fn operation_label(service: &ServiceDef, op: &Operation, binding: Binding) -> (&'static str, String) {
    let binding_name = match binding {
        Binding::Soap(v) => v.name(),
        Binding::HttpPost => "HTTP-POST",
        Binding::HttpGet => "HTTP-GET",
    };
    (service.front_end(binding).as_str(), format!("{} ({binding_name})", op.name))
}

async fn describe(
    service: &'static ServiceDef,
    req: HttpRequest,
    state: web::Data<SoapState>,
) -> HttpResponse {
    let page = if wants_wsdl(req.query_string()) { "WSDL" } else { "service page" };
    let front_end = service.front_end.map_or("soap", |f| f.as_str());
    served(describe_page(service, req, state).await, Some((front_end, page.into())))
}

async fn describe_page(
    service: &'static ServiceDef,
    req: HttpRequest,
    state: web::Data<SoapState>,
) -> HttpResponse {
    let address = service_address(&req, &state, service);
    let query = req.query_string();
    let contract = match query_field(query, "contract") {
        None => state.contract,
        Some(name) => match Contract::parse(&name) {
            Some(c) => c,
            None => {
                return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(format!(
                    "unknown contract {}; use contract=seed or contract=build472",
                    name.chars().take(40).collect::<String>()
                ))
            }
        },
    };
    if wants_wsdl(query) {
        HttpResponse::Ok()
            .content_type("text/xml; charset=utf-8")
            .body(wsdl::document(service, &address, contract))
    } else if let Some(name) = query_field(query, "op") {
        match service.operation_by_name(&name) {
            Some(op) => HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(html::op_page(service, op, &address, contract)),
            None => HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body(format!("unknown operation {}", name.chars().take(100).collect::<String>())),
        }
    } else {
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html::page(service, &address, contract))
    }
}

/// A fault response; `close` drops the connection (the body may be unread).
pub fn fault_response(
    version: SoapVersion,
    service: &ServiceDef,
    error: &SoapError,
    close: bool,
) -> HttpResponse {
    let fault = service.fault(error);
    tracing::debug!(code = ?fault.code, detail = ?fault.detail, "SOAP fault");
    let mut resp = HttpResponse::build(fault.code.http_status(version));
    resp.content_type(version.content_type());
    if let Some(secs) = fault.retry_after {
        resp.insert_header((header::RETRY_AFTER, secs.to_string()));
    }
    if close {
        resp.force_close();
    }
    let mut resp = resp.body(writer::fault(version, service, &fault));
    resp.extensions_mut().insert(Served::refused(fault_outcome(&fault, version)));
    resp
}

/// A fault in the access log's terms: the fault code and the detail code, `Client/ObjectNotFound`.
pub fn fault_outcome(fault: &crate::fault::Fault, version: SoapVersion) -> String {
    let code = fault.code.qname(version).trim_start_matches("soap:");
    match fault.detail {
        Some(detail) => format!("{code}/{}", detail.as_str()),
        None => code.to_string(),
    }
}

/// The answer to one envelope, and the operation it named when it named one of this service.
async fn soap(
    service: &'static ServiceDef,
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<SoapState>,
) -> (HttpResponse, Option<(&'static str, String)>) {
    let transport = match soap_transport(&req) {
        Ok(t) => t,
        Err((version, e)) => return (fault_response(version, service, &e, true), None),
    };
    let body = match read_limited(&req, payload, state.max_body_bytes).await {
        Ok(b) => b,
        Err(e) => return (fault_response(transport.version, service, &e, true), None),
    };
    let request = match read_envelope(&body, transport.version, transport.declared) {
        Ok(r) => r,
        Err(f) => return (fault_response(f.version, service, &f.error, false), None),
    };
    let version = request.version;
    let op = match service.operation(&request.namespace, &request.operation) {
        Some(op) => op,
        None => {
            let name = format!("{{{}}}{}", request.namespace, request.operation);
            let e = SoapError::UnknownOperation(format!(
                "{} (this service's operations are in namespace {})",
                name.chars().take(200).collect::<String>(),
                service.namespace
            ));
            return (fault_response(version, service, &e, false), None);
        }
    };
    let binding = Binding::Soap(version);
    let label = Some(operation_label(service, op, binding));
    if let Some(action) = &transport.action {
        if let Err(e) = check_action(action, service.namespace, op.name) {
            return (fault_response(version, service, &e, false), label);
        }
    }
    let form = op.chosen(&request.params, state.contract);
    let answer = invoke(&state, service, op, &form, binding, &req, &request.params)
        .await
        .and_then(|value| writer::response(version, service, op, &form, &value));
    let resp = match answer {
        Ok(xml) => HttpResponse::Ok().content_type(version.content_type()).body(xml),
        Err(e) => fault_response(version, service, &e, false),
    };
    (resp, label)
}

/// Decode `raw` for `op` in the form `form` chose, build the context for `binding`, and run
/// the form's handler. Core field names in `InvalidParameter` are reported under the
/// operation's wire names.
pub async fn invoke(
    state: &web::Data<SoapState>,
    service: &ServiceDef,
    op: &Operation,
    form: &Chosen,
    binding: Binding,
    req: &HttpRequest,
    raw: &[RawParam],
) -> SoapResult<Value> {
    let args = Args::decode(form.params, raw)?;
    let ctx = request_context(req, service.front_end(binding));
    let span = tracing::info_span!("soap", service = service.name, operation = op.name);
    let call = Call { state: state.clone(), args, ctx, contract: form.contract };
    (form.handler)(call).instrument(span).await.map_err(|e| match e {
        SoapError::Core(gatehouse_core::CoreError::InvalidParameter { field, reason }) => {
            let field = form.wire_name(&field).map_or(field, str::to_string);
            SoapError::Core(gatehouse_core::CoreError::InvalidParameter { field, reason })
        }
        // The rules refuse the new password: name the parameter that carried it.
        SoapError::Core(e @ gatehouse_core::CoreError::WeakPassword(_)) => match form.wire_name("password") {
            Some(param) => SoapError::At(param, e),
            None => SoapError::Core(e),
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wsdl_query_is_case_insensitive() {
        for q in ["WSDL", "wsdl", "Wsdl", "wsdl=", "x=1&WSDL"] {
            assert!(wants_wsdl(q), "{q}");
        }
        for q in ["", "op=Login", "wsdlx", "disco"] {
            assert!(!wants_wsdl(q), "{q}");
        }
    }

    #[test]
    fn paths_become_case_insensitive_patterns() {
        assert_eq!(
            path_pattern("/v4.1/prod/ECGridOS.asmx"),
            r"/{service_path:(?i)v4\.1/prod/ECGridOS\.asmx}"
        );
    }
}
