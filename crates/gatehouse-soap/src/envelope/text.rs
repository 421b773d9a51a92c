//! Character-level rules of an incoming message (SPEC §5.1): UTF-8 only, XML 1.0 characters
//! only, and no entities but the five predefined ones and character references (there is no
//! DTD to declare any other).

use quick_xml::events::{BytesDecl, BytesRef};

use crate::fault::{SoapError, SoapResult};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// True for a character XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The body as text: UTF-8 (a UTF-8 byte order mark is dropped), XML characters only.
pub fn decode_body(body: &[u8]) -> SoapResult<&str> {
    if body.starts_with(b"\xFE\xFF") || body.starts_with(b"\xFF\xFE") {
        return Err(SoapError::bad("UTF-16 is not supported; send the message in UTF-8"));
    }
    let body = body.strip_prefix(UTF8_BOM).unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        SoapError::bad(format!(
            "the message is not valid UTF-8 (at byte {}); only UTF-8 is supported",
            e.valid_up_to()
        ))
    })?;
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !is_xml_char(*c)) {
        return Err(SoapError::bad(format!(
            "character U+{:04X} at byte {at} is not allowed in XML",
            u32::from(c)
        )));
    }
    Ok(text)
}

/// True when `name` (an XML declaration or charset label) means UTF-8.
pub fn is_utf8_label(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case("utf-8") || name.trim().eq_ignore_ascii_case("utf8")
}

/// Refuse an XML declaration that names an encoding other than UTF-8.
pub fn check_declaration(decl: &BytesDecl<'_>) -> SoapResult<()> {
    match decl.encoding() {
        None => Ok(()),
        Some(Ok(name)) if is_utf8_label(&name) => Ok(()),
        Some(Ok(name)) => Err(SoapError::bad(format!(
            "encoding `{}` is not supported; send the message in UTF-8",
            name.chars().take(40).collect::<String>()
        ))),
        Some(Err(e)) => Err(SoapError::bad(format!("the XML declaration is malformed: {e}"))),
    }
}

/// The text a reference in character data stands for.
pub fn resolve_reference(r: &BytesRef<'_>) -> SoapResult<char> {
    let name: &str = r;
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ if r.is_char_ref() => match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => c,
            _ => {
                return Err(SoapError::bad(format!(
                    "character reference `&{}` is not an allowed XML character",
                    clip(name)
                )))
            }
        },
        _ => {
            return Err(SoapError::bad(format!(
                "entity `&{};` is not defined (DTDs and their entities are not accepted)",
                clip(name)
            )))
        }
    };
    Ok(c)
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_be_utf8_xml_text() {
        assert_eq!(decode_body(b"\xEF\xBB\xBF<a/>").ok(), Some("<a/>"));
        for bad in [&b"<a>\xC3\x28</a>"[..], b"\xFF\xFE<\0a\0/\0>\0", b"<a>\x01</a>", b"<a>\0</a>"] {
            assert!(matches!(decode_body(bad), Err(SoapError::BadMessage(_))), "{bad:?}");
        }
    }

    #[test]
    fn only_predefined_entities_and_xml_character_references_resolve() {
        assert_eq!(resolve_reference(&BytesRef::new("amp")).ok(), Some('&'));
        assert_eq!(resolve_reference(&BytesRef::new("#x41")).ok(), Some('A'));
        assert_eq!(resolve_reference(&BytesRef::new("#233")).ok(), Some('é'));
        for bad in ["lol9", "xxe", "#1", "#x0", "#xFFFE", "#99999999"] {
            assert!(resolve_reference(&BytesRef::new(bad)).is_err(), "{bad}");
        }
    }
}
