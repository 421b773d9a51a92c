//! `/openapi.json`, its 3.0.3 rendition `/openapi-3.0.json`, and Swagger UI at `/docs`, served from a vendored copy embedded at build time.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{web, HttpResponse};

const BUNDLE: &[u8] = include_bytes!("../vendor/swagger-ui/swagger-ui-bundle.js");
const CSS: &[u8] = include_bytes!("../vendor/swagger-ui/swagger-ui.css");
const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Gatehouse API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.onload = function () {
      window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
    };
  </script>
</body>
</html>
"##;

/// Mount `/openapi.json` and `/docs`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/openapi.json", web::get().to(openapi_json))
        .route("/openapi-3.0.json", web::get().to(openapi_30_json))
        .route("/docs", web::get().to(page))
        .route("/docs/", web::get().to(page))
        .route("/docs/swagger-ui-bundle.js", web::get().to(bundle))
        .route("/docs/swagger-ui.css", web::get().to(css));
}

fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(crate::openapi::document_json)
}

async fn openapi_30_json() -> HttpResponse {
    static DOC: OnceLock<String> = OnceLock::new();
    HttpResponse::Ok()
        .content_type("application/json")
        .body(DOC.get_or_init(crate::openapi::document_30_json).as_str())
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document())
}

async fn page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(PAGE)
}

async fn bundle() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/javascript")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(BUNDLE)
}

async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(CSS)
}
