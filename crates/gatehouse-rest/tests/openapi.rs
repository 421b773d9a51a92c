//! The committed `openapi/openapi.json` must equal what the code generates, and the document
//! must describe exactly the routes the server mounts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeSet;
use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json")
}

#[test]
fn the_committed_document_matches_the_code() {
    let generated = gatehouse_rest::openapi::document_json() + "\n";
    let path = committed_path();
    if std::env::var_os("GATEHOUSE_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date; regenerate it with\n  \
         cargo run -q -- openapi > openapi/openapi.json\n(or GATEHOUSE_UPDATE_OPENAPI=1 cargo test -p gatehouse-rest --test openapi)"
    );
}

#[test]
fn the_committed_30_rendition_matches_the_code() {
    let generated = gatehouse_rest::openapi::document_30_json() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi-3.0.json");
    if std::env::var_os("GATEHOUSE_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi-3.0.json is out of date; regenerate it with\n  \
         GATEHOUSE_UPDATE_OPENAPI=1 cargo test -p gatehouse-rest --test openapi"
    );
    let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(!generated.contains("\"null\""), "3.0 has no null type");
}

#[test]
fn every_mounted_route_is_documented_and_every_documented_operation_is_mounted() {
    let mounted: BTreeSet<(String, String)> = gatehouse_rest::routes::table()
        .into_iter()
        .flat_map(|(path, routes)| routes.into_iter().map(move |(m, _)| (path.to_string(), m.to_string())))
        .collect();
    let doc: serde_json::Value = serde_json::from_str(&gatehouse_rest::openapi::document_json()).unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.starts_with("/v2/"))
        .flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| (p.clone(), m.to_uppercase())))
        .collect();
    assert_eq!(mounted, documented);
}

#[test]
fn every_web_api_method_is_documented() {
    let doc: serde_json::Value = serde_json::from_str(&gatehouse_rest::openapi::document_json()).unwrap();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter_map(|p| p.strip_prefix("/api/").map(String::from))
        .collect();
    let served: BTreeSet<String> =
        gatehouse_rest::webapi::methods::WebMethod::ALL.iter().map(|m| m.name().to_string()).collect();
    assert_eq!(documented, served);
}

/// Every `$ref` in `value`, anywhere.
fn refs(value: &serde_json::Value, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                found.insert(r.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

/// A generator (progenitor, openapi-python-client) refuses a document whose `$ref` names a
/// schema it does not have: one named only by a query parameter is easy to leave out.
#[test]
fn every_schema_the_documents_refer_to_is_in_them() {
    for generated in [gatehouse_rest::openapi::document_json(), gatehouse_rest::openapi::document_30_json()] {
        let doc: serde_json::Value = serde_json::from_str(&generated).unwrap();
        let mut found = BTreeSet::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let name =
                r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {r}"));
            assert!(doc["components"]["schemas"].get(name).is_some(), "{r} is missing ({})", doc["openapi"]);
        }
    }
}

/// The document stands on its own: no description points at a specification outside it.
#[test]
fn no_description_cites_an_outside_specification() {
    let document = gatehouse_rest::openapi::document_json();
    assert!(!document.contains("SPEC §"), "a description cites `SPEC §`");
}
