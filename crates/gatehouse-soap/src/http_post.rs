//! The ASMX plain-HTTP bindings (SPEC §5.2): `POST <path>/<Op>` with form fields named like the
//! parameters, or `GET <path>/<Op>?<fields>` (HTTP-GET); `200` with the bare typed element, or
//! `500 text/plain` with the message.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use percent_encoding::percent_decode;

use crate::args::{RawParam, RawValue};
use crate::body::{check_charset_and_encoding, content_type, read_limited};
use crate::endpoint::{fault_outcome, invoke, operation_label, served};
use crate::envelope::reader::MAX_ELEMENTS;
use crate::envelope::text::is_xml_char;
use crate::envelope::writer;
use crate::fault::{SoapError, SoapResult};
use crate::operation::{Operation, ServiceDef};
use crate::state::SoapState;
use crate::version::Binding;

/// Handle `POST <path>/{op}`.
pub async fn handle(
    service: &'static ServiceDef,
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<SoapState>,
) -> HttpResponse {
    let label = named_operation(service, &req).ok().map(|op| operation_label(service, op, Binding::HttpPost));
    let outcome = run(service, &req, payload, &state).await;
    served(respond(service, outcome), label)
}

/// Handle `GET <path>/{op}?…` (HTTP-GET): the query string is the form.
pub async fn handle_get(
    service: &'static ServiceDef,
    req: HttpRequest,
    state: web::Data<SoapState>,
) -> HttpResponse {
    let label = named_operation(service, &req).ok().map(|op| operation_label(service, op, Binding::HttpGet));
    let outcome = run_get(service, &req, &state).await;
    served(respond(service, outcome), label)
}

async fn run_get(
    service: &'static ServiceDef,
    req: &HttpRequest,
    state: &web::Data<SoapState>,
) -> Result<String, (SoapError, bool)> {
    let op = named_operation(service, req)?;
    if req.query_string().len() > state.max_body_bytes {
        return Err((SoapError::TooLarge(state.max_body_bytes), true));
    }
    let fields = parse_form(req.query_string().as_bytes()).map_err(|e| (e, false))?;
    answer(service, op, Binding::HttpGet, req, state, &fields).await
}

fn named_operation(
    service: &'static ServiceDef,
    req: &HttpRequest,
) -> Result<&'static Operation, (SoapError, bool)> {
    let name = req.match_info().get("op").unwrap_or_default();
    service.operation_by_name(name).ok_or_else(|| {
        let name: String = name.chars().take(100).collect();
        (SoapError::UnknownOperation(name), true)
    })
}

fn respond(service: &'static ServiceDef, outcome: Result<String, (SoapError, bool)>) -> HttpResponse {
    match outcome {
        Ok(xml) => HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(xml),
        Err((e, close)) => {
            let fault = service.fault(&e);
            let mut resp = HttpResponse::InternalServerError();
            resp.content_type("text/plain; charset=utf-8");
            if let Some(detail) = fault.detail {
                resp.insert_header((format!("X-{}", service.fault_detail), detail.as_str()));
            }
            if let Some(secs) = fault.retry_after {
                resp.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            if close {
                resp.force_close();
            }
            let outcome = fault_outcome(&fault, crate::version::SoapVersion::V11);
            let mut resp = resp.body(fault.message);
            resp.extensions_mut().insert(gatehouse_core::access::Served::refused(outcome));
            resp
        }
    }
}

async fn run(
    service: &'static ServiceDef,
    req: &HttpRequest,
    payload: web::Payload,
    state: &web::Data<SoapState>,
) -> Result<String, (SoapError, bool)> {
    let op = named_operation(service, req)?;
    let (essence, params) = content_type(req);
    if !matches!(
        essence.as_str(),
        "application/x-www-form-urlencoded" | "" // an empty form for parameterless operations
    ) {
        let message = format!(
            "content type `{}` is not supported; send application/x-www-form-urlencoded",
            essence.chars().take(60).collect::<String>()
        );
        return Err((SoapError::bad(message), true));
    }
    check_charset_and_encoding(req, &params).map_err(|e| (e, true))?;
    let body = read_limited(req, payload, state.max_body_bytes).await.map_err(|e| (e, true))?;
    let fields = parse_form(&body).map_err(|e| (e, false))?;
    answer(service, op, Binding::HttpPost, req, state, &fields).await
}

/// Run `op` on the decoded fields and write the bare answer in the form the fields chose.
async fn answer(
    service: &'static ServiceDef,
    op: &'static Operation,
    binding: Binding,
    req: &HttpRequest,
    state: &web::Data<SoapState>,
    fields: &[RawParam],
) -> Result<String, (SoapError, bool)> {
    let form = op.chosen(fields, state.contract);
    let value = invoke(state, service, op, &form, binding, req, fields).await.map_err(|e| (e, false))?;
    writer::bare(service, &form, &value).map_err(|e| (e, false))
}

/// Decode `application/x-www-form-urlencoded`, strictly: UTF-8 and XML characters only.
pub fn parse_form(body: &[u8]) -> SoapResult<Vec<RawParam>> {
    let mut fields = Vec::new();
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        if fields.len() >= MAX_ELEMENTS {
            return Err(SoapError::bad(format!("the form has more than {MAX_ELEMENTS} fields")));
        }
        let (key, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        fields
            .push(RawParam { name: decode_component(key)?, value: RawValue::Text(decode_component(value)?) });
    }
    Ok(fields)
}

fn decode_component(raw: &[u8]) -> SoapResult<String> {
    let spaced: Vec<u8> = raw.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
    let text = percent_decode(&spaced)
        .decode_utf8()
        .map_err(|_| SoapError::bad("a form field is not valid UTF-8; only UTF-8 is supported"))?;
    if let Some(c) = text.chars().find(|c| !is_xml_char(*c)) {
        return Err(SoapError::bad(format!(
            "a form field contains character U+{:04X}, which is not allowed",
            u32::from(c)
        )));
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_strictly() {
        let fields = parse_form(b"SessionID=a%2Bb+c&UserID=5&Flag&&Name=Jos%C3%A9").unwrap();
        let text = |s: &str| RawValue::Text(s.into());
        assert_eq!(
            fields,
            vec![
                RawParam { name: "SessionID".into(), value: text("a+b c") },
                RawParam { name: "UserID".into(), value: text("5") },
                RawParam { name: "Flag".into(), value: text("") },
                RawParam { name: "Name".into(), value: text("José") },
            ]
        );
        assert!(parse_form(b"Name=%C3%28").is_err());
        assert!(parse_form(b"Name=%00").is_err());
    }
}
