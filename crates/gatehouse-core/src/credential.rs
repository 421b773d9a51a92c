//! The one credential parser of every front end (SPEC §3.5): a front end hands over the raw
//! text of each place a credential may travel in, and this decides what it is. Verifying a
//! signed token stays with the front end that speaks its format (REST's JWT).

use crate::apikey::looks_like_api_key;
use crate::error::{CoreError, CoreResult, SessionProblem};
use crate::secret::BearerSecret;

/// Longest credential text looked at; anything longer is malformed.
const MAX_CREDENTIAL_CHARS: usize = 4096;

/// Where a front end found credential text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The `Authorization` header, scheme included.
    AuthorizationHeader,
    /// The `X-API-Key` header.
    ApiKeyHeader,
    /// A named request argument (`token`, `SessionID`, `sessionToken`), once per occurrence.
    Argument(&'static str),
}

/// What credential text is.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// An API key: anything in `X-API-Key`, and `ghk_…` anywhere.
    ApiKey(BearerSecret),
    /// A signed token (three dot-separated parts): the front end verifies it.
    SignedToken(String),
    /// An opaque session secret (Archer `sessionToken`).
    SessionSecret(BearerSecret),
    /// A GUID anywhere but `X-API-Key`: an ECGridOS `SessionID` or a GUID API key, which
    /// only the database tells apart (the session is looked up first).
    SessionSecretOrApiKey(BearerSecret),
}

/// Parse the credential of a request from every place it was looked for: exactly one place
/// may carry one. Two credentials are refused whatever they are, since one of them may be
/// stale or someone else's.
pub fn parse(found: &[(Place, &str)]) -> CoreResult<Parsed> {
    let present: Vec<_> = found.iter().filter(|(_, text)| !text.trim().is_empty()).collect();
    let (place, text) = match present.as_slice() {
        [] => return Err(CoreError::SessionInvalid(SessionProblem::Missing)),
        [one] => **one,
        _ => return Err(CoreError::SessionInvalid(SessionProblem::Ambiguous)),
    };
    let text = match place {
        Place::AuthorizationHeader => bearer(text)?,
        _ => text.trim(),
    };
    if text.is_empty() {
        return Err(CoreError::SessionInvalid(SessionProblem::Missing));
    }
    if text.chars().count() > MAX_CREDENTIAL_CHARS || text.chars().any(|c| c.is_control() || c == ' ') {
        return Err(CoreError::SessionInvalid(SessionProblem::Malformed));
    }
    let guid = guid(text);
    Ok(match (place, guid) {
        (Place::ApiKeyHeader, guid) => Parsed::ApiKey(BearerSecret::new(guid.unwrap_or_else(|| text.into()))),
        _ if looks_like_api_key(text) => Parsed::ApiKey(BearerSecret::new(text)),
        (_, Some(guid)) => Parsed::SessionSecretOrApiKey(BearerSecret::new(guid)),
        _ if text.split('.').count() == 3 => Parsed::SignedToken(text.to_string()),
        _ => Parsed::SessionSecret(BearerSecret::new(text)),
    })
}

/// `text` in lower case when it is a hyphenated GUID: GUID secrets and keys are issued in
/// lower case, and a client that keeps them as GUIDs may write the hex digits in either case.
fn guid(text: &str) -> Option<String> {
    let hyphenated = text.len() == 36 && uuid::Uuid::try_parse(text).is_ok();
    hyphenated.then(|| text.to_ascii_lowercase())
}

/// The token of `Bearer <token>`; any other scheme is refused with a message saying so.
fn bearer(header: &str) -> CoreResult<&str> {
    let header = header.trim();
    match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => Ok(token.trim()),
        _ if header.eq_ignore_ascii_case("bearer") => Err(CoreError::SessionInvalid(SessionProblem::Missing)),
        _ => Err(CoreError::invalid("Authorization", "must be `Bearer <token>`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(found: &[(Place, &str)]) -> String {
        match parse(found) {
            Ok(Parsed::ApiKey(_)) => "key".into(),
            Ok(Parsed::SignedToken(_)) => "jwt".into(),
            Ok(Parsed::SessionSecret(_)) => "secret".into(),
            Ok(Parsed::SessionSecretOrApiKey(s)) => format!("secret-or-key {}", s.expose()),
            Err(CoreError::SessionInvalid(p)) => format!("{p:?}"),
            Err(CoreError::InvalidParameter { field, .. }) => format!("invalid {field}"),
            Err(e) => format!("{e:?}"),
        }
    }

    /// A GUID, folded to lower case.
    const SECRET_OR_KEY: &str = "secret-or-key 0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn each_place_and_form_parses_alike_and_two_credentials_are_refused() {
        use Place::*;
        let table: &[(&[(Place, &str)], &str)] = &[
            (&[], "Missing"),
            (&[(AuthorizationHeader, "Bearer a.b.c")], "jwt"),
            (&[(AuthorizationHeader, "bearer   ghk_abc ")], "key"),
            (&[(AuthorizationHeader, "Bearer 0f8fad5b-d9cb-469f-a165-70867728950e")], SECRET_OR_KEY),
            (&[(AuthorizationHeader, "Basic dXNlcjpwYXNz")], "invalid Authorization"),
            (&[(AuthorizationHeader, "Bearer")], "Missing"),
            (&[(ApiKeyHeader, "ghk_abc")], "key"),
            (&[(Argument("SessionID"), " 0f8fad5b-d9cb-469f-a165-70867728950e ")], SECRET_OR_KEY),
            (&[(Argument("SessionID"), "0F8FAD5B-D9CB-469F-A165-70867728950E")], SECRET_OR_KEY),
            (&[(Argument("token"), "0f8fad5b-d9cb-469f-a165-70867728950e")], SECRET_OR_KEY),
            (&[(Argument("sessionToken"), "0f8fad5b-d9cb-469f-a165-70867728950e")], SECRET_OR_KEY),
            (&[(ApiKeyHeader, "0f8fad5b-d9cb-469f-a165-70867728950e")], "key"),
            (&[(ApiKeyHeader, "a.b.c")], "key"),
            (&[(ApiKeyHeader, "anything")], "key"),
            // Archer's 32 alphanumerics, and GUID look-alikes that are not hyphenated GUIDs.
            (&[(Argument("sessionToken"), "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY")], "secret"),
            (&[(Argument("SessionID"), "0f8fad5bd9cb469fa16570867728950e")], "secret"),
            (&[(Argument("SessionID"), "{0f8fad5b-d9cb-469f-a165-70867728950e}")], "secret"),
            (&[(Argument("SessionID"), "0f8fad5b-d9cb-469f-a165-70867728950g")], "secret"),
            (&[(Argument("SessionID"), "ghk_0f8fad5b-d9cb-469f-a165-70867728950")], "key"),
            (&[(Argument("token"), "ghk_abc"), (AuthorizationHeader, "")], "key"),
            (&[(Argument("token"), "ghk_abc"), (AuthorizationHeader, "Bearer ghk_abc")], "Ambiguous"),
            (&[(ApiKeyHeader, "ghk_a"), (AuthorizationHeader, "Bearer a.b.c")], "Ambiguous"),
            (&[(Argument("token"), "x"), (Argument("token"), "y")], "Ambiguous"),
            (&[(Argument("token"), "has space")], "Malformed"),
        ];
        for (found, expected) in table {
            assert_eq!(kind(found), *expected, "{found:?}");
        }
        let Ok(Parsed::ApiKey(key)) =
            parse(&[(Place::ApiKeyHeader, " 0F8FAD5B-D9CB-469F-A165-70867728950E")])
        else {
            panic!("X-API-Key is always an API key");
        };
        assert_eq!(key.expose(), "0f8fad5b-d9cb-469f-a165-70867728950e", "a GUID key is folded");
        let long = "x".repeat(MAX_CREDENTIAL_CHARS + 1);
        assert_eq!(kind(&[(Place::Argument("token"), &long)]), "Malformed");
    }
}
