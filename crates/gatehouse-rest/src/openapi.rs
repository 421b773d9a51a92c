//! The OpenAPI document of every REST operation (SPEC §4.3).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::envelope::ErrorEnvelope;
use crate::v2::{admin, auth, dto, session_policy, sessions, user_dto, users};
use crate::webapi;
use crate::webapi::docs::SlackConsts;

/// The generated document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Gatehouse", description = "User and session administration: ECGrid REST v2 style API and Slack-style Web API methods."),
    paths(
        auth::login, auth::refresh, auth::session, auth::logout, auth::change_password, auth::version,
        users::create, users::get, users::me, users::list, users::by_name, users::update,
        admin::set_password, admin::reset, admin::force_password_change, admin::role, admin::status,
        admin::terminate, admin::key_generate,
        sessions::list, sessions::revoke, sessions::audit,
        session_policy::get, session_policy::set, session_policy::clear, session_policy::set_expiration,
        webapi::docs::admin_users_session_reset, webapi::docs::admin_users_session_reset_bulk,
        webapi::docs::admin_users_session_list, webapi::docs::admin_users_session_invalidate,
        webapi::docs::admin_users_session_get_settings, webapi::docs::admin_users_session_set_settings,
        webapi::docs::admin_users_session_clear_settings, webapi::docs::admin_users_list,
        webapi::docs::admin_users_remove, webapi::docs::admin_users_set_admin,
        webapi::docs::admin_users_set_regular, webapi::docs::admin_users_set_owner,
        webapi::docs::admin_users_set_expiration, webapi::docs::admin_users_get_expiration,
        webapi::docs::users_info, webapi::docs::users_lookup_by_email,
        webapi::docs::auth_test, webapi::docs::auth_revoke,
    ),
    components(schemas(
        ErrorEnvelope,
        auth::LoginBody,
        auth::TokenData,
        auth::RefreshBody,
        auth::SessionData,
        auth::ChangePasswordBody,
        users::CreateUserBody,
        users::ListUsersBody,
        users::ByNameBody,
        users::UpdateUserBody,
        admin::SetPasswordBody,
        admin::ForcePasswordChangeBody,
        admin::RoleBody,
        admin::StatusBody,
        user_dto::UserIdInfo,
        user_dto::SessionInfo,
        user_dto::AuditEventInfo,
        session_policy::SessionSettingsInfo,
        session_policy::SessionSettingsBody,
        session_policy::ExpirationBody,
        webapi::docs::SlackErrorAnswer,
        webapi::docs::SlackOk,
        dto::AuthLevelDto,
        dto::StatusDto,
        dto::ClientTypeDto,
    )),
    modifiers(&Security, &StandardErrors, &SlackConsts),
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
