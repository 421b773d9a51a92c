//! The one REST route table, plus the envelope answers for unknown routes and wrong methods.

use actix_web::http::Method;
use actix_web::{web, FromRequest, Handler, HttpRequest, Responder, Route};

use crate::error::RestError;
use crate::v2::{admin, auth, session_policy, sessions, users};

/// Mount every `/v2` route. Each path answers a wrong method with the envelope (405).
/// `/v2/users/me` comes before `/v2/users/{id}`: actix matches in registration order.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for (path, routes) in table() {
        resource(cfg, path, routes);
    }
    crate::webapi::configure(cfg);
    crate::docs::configure(cfg);
}

/// Every `/v2` path with its routes; also read by the test that compares it to the OpenAPI document.
pub fn table() -> Vec<(&'static str, Vec<(Method, Route)>)> {
    vec![
        ("/v2/auth/login", vec![on(Method::POST, auth::login)]),
        ("/v2/auth/refresh", vec![on(Method::POST, auth::refresh)]),
        ("/v2/auth/session", vec![on(Method::POST, auth::session)]),
        ("/v2/auth/logout", vec![on(Method::POST, auth::logout)]),
        ("/v2/auth/password", vec![on(Method::PUT, auth::change_password)]),
        ("/v2/auth/version", vec![on(Method::GET, auth::version)]),
        ("/v2/users", vec![on(Method::POST, users::create), on(Method::PUT, users::update)]),
        ("/v2/users/me", vec![on(Method::GET, users::me)]),
        ("/v2/users/list", vec![on(Method::POST, users::list)]),
        ("/v2/users/by-name", vec![on(Method::POST, users::by_name)]),
        ("/v2/users/password", vec![on(Method::POST, admin::set_password)]),
        ("/v2/users/reset/{id}", vec![on(Method::POST, admin::reset)]),
        ("/v2/users/force-password-change", vec![on(Method::POST, admin::force_password_change)]),
        ("/v2/users/role", vec![on(Method::POST, admin::role)]),
        ("/v2/users/status", vec![on(Method::POST, admin::status)]),
        ("/v2/users/key-generate/{id}", vec![on(Method::POST, admin::key_generate)]),
        ("/v2/users/{id}/sessions", vec![on(Method::GET, sessions::list)]),
        ("/v2/users/{id}/sessions/{sessionId}", vec![on(Method::DELETE, sessions::revoke)]),
        (
            "/v2/users/{id}/session-settings",
            vec![
                on(Method::GET, session_policy::get),
                on(Method::PUT, session_policy::set),
                on(Method::DELETE, session_policy::clear),
            ],
        ),
        ("/v2/users/{id}/expiration", vec![on(Method::PUT, session_policy::set_expiration)]),
        ("/v2/users/{id}", vec![on(Method::GET, users::get), on(Method::DELETE, admin::terminate)]),
        ("/v2/audit", vec![on(Method::GET, sessions::audit)]),
    ]
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
