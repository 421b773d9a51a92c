//! The OpenAPI 3.0.3 rendition of the 3.1 document (`/openapi-3.0.json`), for generators that
//! read only 3.0 (progenitor and others). Derived from the same document, never written by hand:
//! JSON Schema 2020-12 forms become their 3.0 equivalents.

use serde_json::{json, Map, Value};

/// The 3.0.3 rendition of a 3.1 document.
pub fn downgrade(mut doc: Value) -> Value {
    if let Value::Object(top) = &mut doc {
        top.insert("openapi".into(), json!("3.0.3"));
        top.remove("jsonSchemaDialect");
        top.remove("webhooks");
        if let Some(Value::Object(license)) = top.get_mut("info").and_then(|i| i.get_mut("license")) {
            license.remove("identifier");
        }
    }
    schema_forms(&mut doc);
    doc
}

/// A `oneOf` branch that admits only null: `{type: null}`, or what [`rewrite`] made of it.
fn is_null_branch(v: &Value) -> bool {
    v.get("type") == Some(&json!("null")) || v.get("enum") == Some(&json!([null]))
}

/// Walk every object and rewrite the 3.1-only schema forms in place.
fn schema_forms(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(schema_forms),
        Value::Object(map) => {
            for child in map.values_mut() {
                schema_forms(child);
            }
            rewrite(map);
        }
        _ => {}
    }
}

fn rewrite(map: &mut Map<String, Value>) {
    // `type: [T, "null"]` → `type: T, nullable: true`; `type: "null"` → `nullable: true`.
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let rest: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if rest.len() < types.len() {
            map.insert("nullable".into(), json!(true));
        }
        match rest.as_slice() {
            [one] => {
                map.insert("type".into(), one.clone());
            }
            _ => {
                map.remove("type");
            }
        }
    } else if map.get("type") == Some(&json!("null")) {
        map.remove("type");
        map.insert("nullable".into(), json!(true));
        map.insert("enum".into(), json!([null]));
    }
    // `oneOf: [X, {type: null}]` → X, nullable.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = map.get(key).cloned() {
            let rest: Vec<Value> = branches.iter().filter(|b| !is_null_branch(b)).cloned().collect();
            if rest.len() < branches.len() {
                map.insert("nullable".into(), json!(true));
                match rest.as_slice() {
                    [one] => {
                        map.remove(key);
                        map.insert("allOf".into(), json!([one]));
                    }
                    _ => {
                        map.insert(key.into(), Value::Array(rest));
                    }
                }
            }
        }
    }
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), json!([c]));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.insert("example".into(), first);
        }
    }
    for (bound, limit) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(bound).filter(|n| n.is_number()).cloned() {
            map.insert(limit.into(), n);
            map.insert(bound.into(), json!(true));
        }
    }
    // A `$ref` with siblings: 3.0 ignores the siblings, so the reference goes under `allOf`.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or_default();
        map.insert("allOf".into(), json!([{"$ref": reference}]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_31_forms_become_30_forms() {
        let doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "x", "identifier": "MIT"}},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/B"}], "description": "d"},
                "c": {"type": "null"},
                "d": {"const": 3, "examples": [1, 2]},
                "e": {"$ref": "#/components/schemas/B", "description": "with a sibling"},
                "f": {"type": "integer", "exclusiveMinimum": 0},
            }}}},
        });
        let got = downgrade(doc);
        let p = &got["components"]["schemas"]["A"]["properties"];
        assert_eq!(got["openapi"], json!("3.0.3"));
        assert!(got["info"]["license"].get("identifier").is_none());
        assert_eq!(p["a"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            p["b"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true, "description": "d"})
        );
        assert_eq!(p["c"], json!({"nullable": true, "enum": [null]}));
        assert_eq!(p["d"], json!({"enum": [3], "example": 1}));
        assert_eq!(
            p["e"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "description": "with a sibling"})
        );
        assert_eq!(p["f"], json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}));
        let text = got.to_string();
        assert!(!text.contains("\"null\""), "no null type is left: {text}");
    }
}
