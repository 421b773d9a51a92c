//! Rejections of malformed requests in the API's own terms (SPEC §4.1): field names as the
//! client sent them, JSON types instead of Rust ones, and for an unknown field the known one it
//! resembles.

/// Rewrite a decoding error message for the client.
pub fn rejection(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_field(rest);
    }
    json_types(message)
}

/// `unknown field `x`, expected one of `a`, `b`` → the field, the likely intended one, and
/// the fields the request takes.
fn unknown_field(rest: &str) -> String {
    let Some((field, expected)) = rest.split_once('`') else {
        return format!("unknown field `{rest}");
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let hint = closest(field, &known).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
    match known.is_empty() {
        true => format!("`{field}` is not a field of this request{hint}"),
        false => format!("`{field}` is not a field of this request{hint} (fields: {})", known.join(", ")),
    }
}

/// The known field `field` most likely meant: the same letters ignoring case and separators,
/// else one at most two edits away.
fn closest<'a>(field: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm =
        |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let wanted = norm(field);
    if let Some(k) = known.iter().find(|k| norm(k) == wanted) {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (edits(&wanted, &norm(k)), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let keep = prev + usize::from(ca != *cb);
            prev = row[j + 1];
            row[j + 1] = keep.min(row[j] + 1).min(prev + 1);
        }
    }
    row[b.len()]
}

/// Rust type names in serde's messages, as JSON clients know them.
fn json_types(message: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("expected i64", "expected an integer"),
        ("expected i32", "expected an integer"),
        ("expected u64", "expected a non-negative integer"),
        ("expected u32", "expected a non-negative integer"),
        ("expected usize", "expected a non-negative integer"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected an array"),
        ("expected a map", "expected an object"),
        ("expected unit", "expected null"),
        ("invalid type: map", "invalid type: object"),
        ("invalid type: sequence", "invalid type: array"),
        ("invalid type: unit value", "invalid type: null"),
        ("invalid digit found in string", "expected an integer"),
        ("cannot parse integer from empty string", "expected an integer, not an empty value"),
        ("input contains invalid characters", "expected an RFC 3339 date-time"),
        ("premature end of input", "expected an RFC 3339 date-time"),
    ];
    let mut out = message.to_string();
    for (rust, json) in WORDS {
        out = out.replace(rust, json);
    }
    const STRUCT: &str = "expected struct ";
    if let Some(i) = out.find(STRUCT) {
        let name = out[i + STRUCT.len()..].chars().take_while(char::is_ascii_alphanumeric).count();
        out.replace_range(i..i + STRUCT.len() + name, "expected an object");
    }
    out
}

/// A malformed path parameter, named: ids are whole numbers.
pub fn path_rejection(params: &[(&str, &str)]) -> String {
    match params.iter().find(|(_, v)| v.parse::<i64>().is_err()) {
        Some((name, value)) => {
            let shown: String = value.chars().take(64).collect();
            format!("path parameter `{name}` must be a whole number, not `{shown}`")
        }
        None => "a path parameter is out of range".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_names_the_one_it_resembles() {
        let serde =
            "unknown field `network_id`, expected one of `login`, `password`, `networkId`, `mailboxId`";
        let said = rejection(serde);
        assert!(
            said.contains("`network_id` is not a field of this request; did you mean `networkId`?"),
            "{said}"
        );
        assert!(said.ends_with("(fields: login, password, networkId, mailboxId)"), "{said}");
        let typo = rejection("unknown field `pasword`, expected `login` or `password`");
        assert!(typo.contains("did you mean `password`?"), "{typo}");
        let far = rejection("unknown field `authLevel`, expected one of `userId`, `email`");
        assert!(!far.contains("did you mean"), "{far}");
    }

    #[test]
    fn a_bad_path_parameter_is_named() {
        assert_eq!(path_rejection(&[("id", "abc")]), "path parameter `id` must be a whole number, not `abc`");
        assert!(path_rejection(&[("id", "99999999999999999999")]).contains("`id`"));
    }

    #[test]
    fn rust_types_become_json_types() {
        for (serde, want) in [
            (
                "userId: invalid type: string \"x\", expected i64",
                "userId: invalid type: string \"x\", expected an integer",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                "invalid value: integer `-1`, expected a non-negative integer",
            ),
            ("invalid type: map, expected a string", "invalid type: object, expected a string"),
            (
                "invalid type: string \"a\", expected struct LoginBody",
                "invalid type: string \"a\", expected an object",
            ),
        ] {
            assert_eq!(rejection(serde), want);
        }
        for rust in ["i64", "u32", "usize", "struct", "a sequence"] {
            assert!(!rejection(&format!("x: expected {rust} Body")).contains(rust), "{rust}");
        }
    }
}
