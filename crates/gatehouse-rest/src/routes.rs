//! The one REST route table, plus the envelope answers for unknown routes and wrong methods.

use actix_web::http::Method;
use actix_web::{web, HttpRequest, Route};

use crate::error::RestError;
use crate::v2::auth;

/// Mount every `/v2` route. Each path answers a wrong method with the envelope (405).
pub fn configure(cfg: &mut web::ServiceConfig) {
    resource(
        cfg,
        "/v2/auth/login",
        vec![(Method::POST, web::post().to(auth::login))],
    );
    resource(
        cfg,
        "/v2/auth/refresh",
        vec![(Method::POST, web::post().to(auth::refresh))],
    );
    resource(
        cfg,
        "/v2/auth/session",
        vec![(Method::POST, web::post().to(auth::session))],
    );
    resource(
        cfg,
        "/v2/auth/logout",
        vec![(Method::POST, web::post().to(auth::logout))],
    );
    resource(
        cfg,
        "/v2/auth/password",
        vec![(Method::PUT, web::put().to(auth::change_password))],
    );
    resource(
        cfg,
        "/v2/auth/version",
        vec![(Method::GET, web::get().to(auth::version))],
    );
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
            Err::<actix_web::HttpResponse, _>(RestError::MethodNotAllowed(format!(
                "{} (allowed: {allow})",
                req.method()
            )))
        }
    })));
}

/// The answer for a path no route matches: `404 ObjectNotFound` in the envelope.
pub async fn default_service(req: HttpRequest) -> Result<actix_web::HttpResponse, RestError> {
    Err(RestError::NoRoute(format!(
        "{} {}",
        req.method(),
        req.path()
    )))
}
