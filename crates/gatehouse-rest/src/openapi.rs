//! The OpenAPI document of every REST operation (SPEC §4.3).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::envelope::ErrorEnvelope;
use crate::v2::{admin, auth, dto, sessions, user_dto, users};
use crate::webapi;

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
        webapi::docs::admin_users_session_reset, webapi::docs::admin_users_session_reset_bulk,
        webapi::docs::admin_users_session_list, webapi::docs::admin_users_session_invalidate,
        webapi::docs::auth_test,
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
        webapi::docs::SessionResetArgs,
        webapi::docs::SessionResetBulkArgs,
        webapi::docs::SessionListArgs,
        webapi::docs::SessionInvalidateArgs,
        webapi::docs::AuthTestArgs,
        webapi::docs::SlackResponse,
        dto::AuthLevelDto,
        dto::StatusDto,
        dto::ClientTypeDto,
    )),
    modifiers(&Security),
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

/// The document as pretty JSON.
pub fn document_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
