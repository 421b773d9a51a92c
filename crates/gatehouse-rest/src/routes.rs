//! The one REST route table, plus the envelope answers for unknown routes and wrong methods.

use actix_web::http::Method;
use actix_web::{web, FromRequest, Handler, HttpRequest, Responder, Route};
use utoipa::openapi::path::{PathItemBuilder, PathsBuilder};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;

use crate::error::RestError;
use crate::v2::{admin, audit, auth, session_policy, sessions, user_family, users};

/// Mount every `/v2` route. Each path answers a wrong method with the envelope (405).
pub fn configure(cfg: &mut web::ServiceConfig) {
    for (path, routes) in table() {
        resource(cfg, path, routes);
    }
    crate::webapi::configure(cfg);
    crate::docs::configure(cfg);
}

/// The `/v2` API, declared once: each path with its methods and handlers. The route table
/// actix mounts and the operations the OpenAPI document describes both come from here.
macro_rules! rest_api {
    ($($path:literal => { $($method:ident => $module:ident :: $handler:ident),+ $(,)? }),* $(,)?) => {
        /// Every `/v2` path with its routes, in matching order.
        pub fn table() -> Vec<(&'static str, Vec<(Method, Route)>)> {
            vec![$(($path, vec![$(on(Method::$method, $module::$handler)),+])),*]
        }

        /// The documentation of every `/v2` operation, with the schemas it refers to.
        pub fn documented(
            mut paths: PathsBuilder,
            schemas: &mut Vec<(String, RefOr<Schema>)>,
        ) -> PathsBuilder {
            pastey::paste! {
                $($(
                    paths = document::<$module::[<__path_ $handler>]>(paths, schemas);
                )+)*
            }
            paths
        }
    };
}

// `/v2/users/me` comes before `/v2/users/{id}`: actix matches in registration order.
rest_api! {
    "/v2/auth/login" => { POST => auth::login },
    "/v2/auth/refresh" => { POST => auth::refresh },
    "/v2/auth/session" => { POST => auth::session },
    "/v2/auth/logout" => { POST => auth::logout },
    "/v2/auth/password" => { PUT => auth::change_password },
    "/v2/auth/version" => { GET => auth::version },
    "/v2/users" => { POST => users::create, PUT => users::update },
    "/v2/users/me" => { GET => users::me },
    "/v2/users/list" => { POST => users::list },
    "/v2/users/by-name" => { POST => users::by_name },
    "/v2/users/generate-password" => { POST => user_family::generate_password },
    "/v2/users/set-network-mailbox" => { POST => user_family::set_network_mailbox },
    "/v2/users/send-sms" => { POST => user_family::send_sms },
    "/v2/users/password" => { POST => admin::set_password },
    "/v2/users/reset/{id}" => { POST => admin::reset },
    "/v2/users/force-password-change" => { POST => admin::force_password_change },
    "/v2/users/role" => { POST => admin::role },
    "/v2/users/status" => { POST => admin::status },
    "/v2/users/key-generate/{id}" => { POST => admin::key_generate },
    "/v2/users/{id}/sessions" => { GET => sessions::list },
    "/v2/users/{id}/sessions/{sessionId}" => { DELETE => sessions::revoke },
    "/v2/users/{id}/session-settings" => {
        GET => session_policy::get,
        PUT => session_policy::set,
        DELETE => session_policy::clear,
    },
    "/v2/users/{id}/expiration" => { PUT => session_policy::set_expiration },
    "/v2/users/{id}" => { GET => users::get, DELETE => admin::terminate },
    "/v2/audit" => { GET => audit::audit },
}

/// Add the operation `P` documents, with its tags and the schemas it refers to.
pub fn document<P>(paths: PathsBuilder, schemas: &mut Vec<(String, RefOr<Schema>)>) -> PathsBuilder
where
    P: utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t>,
{
    P::schemas(schemas);
    let mut operation = P::operation();
    let tags = operation.tags.get_or_insert_with(Vec::new);
    for tag in P::tags() {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    let item = P::methods()
        .into_iter()
        .fold(PathItemBuilder::new(), |item, method| item.operation(method, operation.clone()));
    paths.path(P::path(), item.build())
}

fn on<F, Args>(method: Method, handler: F) -> (Method, Route)
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let route = web::route().method(method.clone()).to(handler);
    (method, route)
}

fn resource(cfg: &mut web::ServiceConfig, path: &str, routes: Vec<(Method, Route)>) {
    let allowed: Vec<String> = routes.iter().map(|(m, _)| m.to_string()).collect();
    let mut res = web::resource(path);
    for (_, route) in routes {
        res = res.route(route);
    }
    let allow = allowed.join(", ");
    cfg.service(res.default_service(web::to(move |req: HttpRequest| {
        let allow = allow.clone();
        async move {
            Err::<actix_web::HttpResponse, _>(RestError::MethodNotAllowed {
                method: req.method().to_string(),
                allow,
            })
        }
    })));
}

/// The answer for a path no route matches: `404 ObjectNotFound` in the envelope.
pub async fn default_service(req: HttpRequest) -> Result<actix_web::HttpResponse, RestError> {
    Err(RestError::NoRoute(format!("{} {}", req.method(), req.path())))
}
