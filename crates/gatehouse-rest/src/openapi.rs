//! The OpenAPI document of every REST operation (SPEC §4.3).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use serde_json::{json, Value};
use utoipa::openapi::path::PathsBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::envelope::{ErrorEnvelope, SUCCESS_ENVELOPES};
use crate::error::ErrorCode;
use crate::routes;
use crate::webapi;
use crate::webapi::docs::SlackConsts;

/// Adds every operation of the route table and of the Web API method table, with the schemas
/// they refer to.
struct Operations;

impl Modify for Operations {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut schemas = Vec::new();
        let paths = routes::documented(PathsBuilder::new(), &mut schemas);
        let paths = webapi::methods::documented(paths, &mut schemas).build();
        openapi.paths.paths.extend(paths.paths);
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, schema) in schemas {
            components.schemas.entry(name).or_insert(schema);
        }
    }
}

/// Pins `success` (true in each success envelope, false in [`ErrorEnvelope`], whose `data` is
/// null) and gives every documented error answer an example with the code of its status.
struct EnvelopeConsts;

impl Modify for EnvelopeConsts {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let pinned = |value: bool| {
            RefOr::T(Schema::Object(
                ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([value])).build(),
            ))
        };
        if let Some(components) = openapi.components.as_mut() {
            for (name, schema) in components.schemas.iter_mut() {
                let RefOr::T(Schema::Object(object)) = schema else { continue };
                if name == "SessionSettingsBody" {
                    // At least one setting (SPEC §3.5); utoipa has no attribute for it.
                    object.min_properties = Some(1);
                }
                if SUCCESS_ENVELOPES.contains(&name.as_str()) {
                    object.properties.insert("success".into(), pinned(true));
                } else if name == "ErrorEnvelope" {
                    object.properties.insert("success".into(), pinned(false));
                    let null = ObjectBuilder::new()
                        .schema_type(Type::Null)
                        .description(Some("Always null."))
                        .build();
                    object.properties.insert("data".into(), RefOr::T(Schema::Object(null)));
                }
            }
        }
        for (path, item) in openapi.paths.paths.iter_mut().filter(|(p, _)| p.starts_with("/v2/")) {
            let ops = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete];
            for op in ops.into_iter().flatten() {
                for (status, response) in op.responses.responses.iter_mut() {
                    let RefOr::T(response) = response else { continue };
                    let Some(content) = response.content.get_mut("application/json") else { continue };
                    let is_error = matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/ErrorEnvelope"));
                    if !is_error {
                        continue;
                    }
                    let code = documented_code(&response.description, status.parse().unwrap_or(400));
                    content.example = Some(json!({
                        "success": false, "data": null, "errorCode": code,
                        "message": format!("{} ({path})", response.description),
                    }));
                }
            }
        }
    }
}

/// The code a documented error answer names first in its description, else its status's.
fn documented_code(description: &str, status: u16) -> Value {
    let first = description.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
    match serde_json::from_value::<ErrorCode>(json!(first)) {
        Ok(code) => json!(code),
        Err(_) => json!(ErrorCode::for_status(status)),
    }
}

/// The generated document. Its operations come from the route table and the Web API method
/// table ([`Operations`]), so nothing here lists them again.
#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse", description = "User and session administration: ECGrid REST v2 style API and Slack-style Web API methods."),
    components(schemas(ErrorEnvelope)),
    modifiers(&Operations, &Security, &StandardErrors, &SlackConsts, &EnvelopeConsts),
    tags(
        (name = "auth", description = "Log in, refresh, log out, change one's password"),
        (name = "users", description = "Administer users (ECGridOS User* equivalents)"),
        (name = "sessions", description = "List and revoke sessions"),
        (name = "audit", description = "The audit trail"),
        (name = "webapi", description = "Slack-style Web API methods: HTTP 200 with `ok`/`error`, except 429 `ratelimited`"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "apiKey",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))),
        );
    }
}

/// Adds the answers every `/v2` operation can give (SPEC §4.1) where a handler did not
/// document a more specific one, and only those it can give (the server test
/// `documented_statuses` reaches every one):
/// - 405 on every operation (a method the path does not have);
/// - 400 where the operation reads a path, query or body, which can be malformed;
/// - 413 and 415 where it reads a body;
/// - 401 and 403 where it reads a credential (`authenticate` refuses an inactive account);
/// - 500 where it reaches the store: it reads a credential or some input. An operation with
///   neither (the version) answers from memory, so it documents no 400 and no 500.
///
/// A handler whose core call refuses input it did not read here (logout with an API key)
/// documents that 400 itself.
struct StandardErrors;

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut().filter(|(p, _)| p.starts_with("/v2/")) {
            let ops = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete];
            for op in ops.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_body = op.request_body.is_some();
                let takes_input = has_body || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                let mut add = |code: &str, text: &str| {
                    op.responses.responses.entry(code.to_string()).or_insert_with(|| error_response(text));
                };
                add("405", "InvalidParameter: wrong method (with Allow)");
                if takes_input {
                    add("400", "InvalidParameter: malformed path, query or body");
                }
                if secured || takes_input {
                    add("500", "InternalError");
                }
                if has_body {
                    add("413", "InvalidParameter: body over the size limit");
                    add("415", "InvalidParameter: body is not application/json");
                }
                if secured || path == "/v2/auth/refresh" {
                    add("401", "InvalidSession or InvalidAPIKey");
                }
                if secured {
                    add("403", "AccountInactive or PasswordChangeRequired");
                }
            }
        }
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorEnvelope"))).build();
    RefOr::T(ResponseBuilder::new().description(description).content("application/json", content).build())
}

/// The document as pretty JSON.
pub fn document_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The OpenAPI 3.0.3 rendition of the same document, as pretty JSON.
pub fn document_30_json() -> String {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    serde_json::to_string_pretty(&crate::openapi30::downgrade(doc))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
