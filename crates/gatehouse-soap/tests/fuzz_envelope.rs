//! Property-based fuzzing of the SOAP envelope reader (issue #8): arbitrary bytes and mutated
//! envelopes never panic, and whatever is accepted respects the depth and element limits.
//! `PROPTEST_CASES=100000 cargo test -p gatehouse-soap --test fuzz_envelope` runs it at length.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use gatehouse_soap::envelope::reader::{read_envelope, MAX_ELEMENTS};
use gatehouse_soap::version::SoapVersion;
use proptest::prelude::*;

const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const S12: &str = "http://www.w3.org/2003/05/soap-envelope";

fn envelope(ns: &str, inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ns}"><soap:Body>{inner}</soap:Body></soap:Envelope>"#
    )
}

/// Fragments that stress the reader: markup, entities, namespaces, DTD pieces, odd bytes.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<UserReset xmlns=\"https://os.ecgrid.io/\">".to_string()),
        Just("</UserReset>".to_string()),
        Just("<SessionID>".to_string()),
        Just("</SessionID>".to_string()),
        Just("<a:x xmlns:a=\"urn:a\">".to_string()),
        Just("</a:x>".to_string()),
        Just("<!DOCTYPE x [<!ENTITY e \"e\">]>".to_string()),
        Just("&e;".to_string()),
        Just("&amp;&#x41;&#65;&#0;&#xFFFFFF;".to_string()),
        Just("<![CDATA[ ]]>".to_string()),
        Just("<?pi x?>".to_string()),
        Just("<!-- c -->".to_string()),
        Just("\u{0}".to_string()),
        "[a-zA-Z0-9 <>/=\"':&;#!?\\[\\]-]{0,12}",
    ]
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for declared in [None, Some(SoapVersion::V11), Some(SoapVersion::V12)] {
            let _ = read_envelope(&bytes, SoapVersion::V11, declared);
            let _ = read_envelope(&bytes, SoapVersion::V12, declared);
        }
    }

    #[test]
    fn mutated_envelopes_never_panic_and_accepted_ones_are_bounded(
        parts in proptest::collection::vec(fragment(), 0..40),
        v12 in any::<bool>(),
    ) {
        let body = envelope(if v12 { S12 } else { S11 }, &parts.concat());
        if let Ok(req) = read_envelope(body.as_bytes(), SoapVersion::V11, None) {
            prop_assert!(req.params.len() <= MAX_ELEMENTS);
            prop_assert!(!body.contains("<!DOCTYPE"), "a DOCTYPE was accepted");
        }
    }

    #[test]
    fn deep_or_wide_bodies_are_refused_not_expanded(depth in 0usize..200, width in 0usize..1500) {
        let deep = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let wide = "<b/>".repeat(width);
        let body = envelope(S11, &format!("<Op>{deep}{wide}</Op>"));
        let result = read_envelope(body.as_bytes(), SoapVersion::V11, Some(SoapVersion::V11));
        if depth > 40 || width > MAX_ELEMENTS {
            prop_assert!(result.is_err());
        }
    }
}
