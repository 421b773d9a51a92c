//! The envelope reader on good, lenient and hostile input.

use super::reader::{read_envelope, MAX_DEPTH, MAX_ELEMENTS};
use crate::args::{RawParam, RawValue};
use crate::fault::SoapError;
use crate::version::SoapVersion::{self, V11, V12};

const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const S12: &str = "http://www.w3.org/2003/05/soap-envelope";

fn envelope(ns: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{ns}"><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

fn text(name: &str, value: &str) -> RawParam {
    RawParam { name: name.into(), value: RawValue::Text(value.into()) }
}

fn refused(body: &[u8], hint: SoapVersion) -> (SoapVersion, String) {
    let failure = read_envelope(body, hint, None).expect_err("must be refused");
    match failure.error {
        SoapError::BadMessage(m) => (failure.version, m),
        other => panic!("expected a Client fault, got {other:?}"),
    }
}

#[test]
fn reads_version_operation_and_parameters_in_order() {
    let body = envelope(
        S12,
        r#"<UserReset xmlns="https://os.ecgrid.io/"><UserID> 42 </UserID><SessionID>a&amp;b&#x41;<![CDATA[<c>]]></SessionID></UserReset>"#,
    );
    let req = read_envelope(body.as_bytes(), V11, None).unwrap();
    assert_eq!(req.version, V12);
    assert_eq!(req.namespace, "https://os.ecgrid.io/");
    assert_eq!(req.operation, "UserReset");
    assert_eq!(req.params, vec![text("UserID", " 42 "), text("SessionID", "a&bA<c>")]);
}

#[test]
fn prefixed_names_nil_nested_values_headers_and_extra_entries_are_understood() {
    let body = format!(
        r#"<soap:Envelope xmlns:soap="{S11}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <soap:Header><Trace xmlns="urn:x" soap:mustUnderstand="0">1</Trace>
          <Other xmlns="urn:x" soap:mustUnderstand="1" soap:actor="urn:somebody-else"/></soap:Header>
        <soap:Body><t:WhoAmI xmlns:t="https://os.ecgrid.io/"><t:SessionID xsi:nil="true"/>
          <t:Extra><deep>1</deep></t:Extra><t:Empty/></t:WhoAmI><Second/></soap:Body></soap:Envelope>"#
    );
    let req = read_envelope(body.as_bytes(), V12, None).unwrap();
    assert_eq!(req.version, V11);
    assert_eq!(req.operation, "WhoAmI");
    assert_eq!(
        req.params,
        vec![
            RawParam { name: "SessionID".into(), value: RawValue::Nil },
            RawParam { name: "Extra".into(), value: RawValue::Element },
            text("Empty", ""),
        ]
    );
}

#[test]
fn a_mandatory_header_for_us_is_a_must_understand_fault() {
    let body = format!(
        r#"<e:Envelope xmlns:e="{S12}"><e:Header><Sec xmlns="urn:sec" e:mustUnderstand="true"/></e:Header><e:Body><Version xmlns="https://os.ecgrid.io/"/></e:Body></e:Envelope>"#
    );
    let failure = read_envelope(body.as_bytes(), V11, None).unwrap_err();
    assert_eq!(failure.version, V12);
    assert!(matches!(failure.error, SoapError::MustUnderstand(m) if m.contains("{urn:sec}Sec")));
}

#[test]
fn a_wrong_envelope_namespace_is_a_version_mismatch() {
    let body = envelope("http://example.com/not-soap", "<Version/>");
    let failure = read_envelope(body.as_bytes(), V12, None).unwrap_err();
    assert_eq!(failure.version, V12, "answered in the version the content type announced");
    assert!(matches!(failure.error, SoapError::VersionMismatch(_)));
    let unqualified = r#"<Envelope><Body><Version/></Body></Envelope>"#;
    assert!(matches!(
        read_envelope(unqualified.as_bytes(), V11, None).unwrap_err().error,
        SoapError::VersionMismatch(_)
    ));
}

#[test]
fn hostile_and_malformed_messages_are_client_faults_naming_the_problem() {
    let deep = format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><Op>{}"#, "<a>".repeat(10_000));
    let many = envelope(S11, &format!("<Op>{}</Op>", "<x/>".repeat(MAX_ELEMENTS)));
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>{}"#,
        envelope(S11, "<Op><P>&lol2;</P></Op>")
    );
    let deeper = format!("deeper than {MAX_DEPTH}");
    let more = format!("more than {MAX_ELEMENTS} elements");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (laughs.into_bytes(), "DOCTYPE"),
        (deep.into_bytes(), &deeper),
        (many.into_bytes(), &more),
        (envelope(S11, "<Op><P>&xxe;</P></Op>").into_bytes(), "`&xxe;` is not defined"),
        (envelope(S11, "<Op><P>&#1;</P></Op>").into_bytes(), "not an allowed XML character"),
        (envelope(S11, "<?php x?><Op/>").into_bytes(), "processing instructions"),
        (
            format!(r#"<?xml version="1.0" encoding="ISO-8859-1"?>{}"#, envelope(S11, "<Op/>")).into_bytes(),
            "encoding `ISO-8859-1` is not supported",
        ),
        (b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Op>\xC3\x28</Op></s:Body></s:Envelope>".to_vec(), "not valid UTF-8"),
        (envelope(S11, "<Op><P></Q></Op>").into_bytes(), "not well-formed"),
        (envelope(S11, "<x:Op/>").into_bytes(), "prefix `x` is not declared"),
        (format!(r#"<s:Envelope xmlns:s="{S11}"><s:Body><Op>"#).into_bytes(), "ends inside an element"),
        (format!(r#"<s:Envelope xmlns:s="{S11}"/>"#).into_bytes(), "has no Body"),
        (envelope(S11, "").into_bytes(), "names no operation"),
        (b"".to_vec(), "no XML element"),
        (b"just text".to_vec(), "no XML element"),
        (b"<Op/>".to_vec(), "must be a SOAP Envelope"),
    ];
    for (body, needle) in cases {
        let (version, message) = refused(&body, V11);
        assert_eq!(version, V11);
        assert!(message.contains(needle), "{message:?} should mention {needle:?}");
    }
}

#[test]
fn faults_before_the_root_use_the_hinted_version() {
    let (version, _) = refused(b"<!DOCTYPE x><x/>", V12);
    assert_eq!(version, V12);
}

#[test]
fn attribute_and_namespace_floods_stay_quick_and_bounded() {
    let attrs: String = (0..9_000).map(|i| format!(" a{i}=\"\"")).collect();
    let flood = envelope(S11, &format!("<Op><P{attrs}>x</P></Op>"));
    assert!(flood.len() < 96 * 1024);
    let started = std::time::Instant::now();
    let req = read_envelope(flood.as_bytes(), V11, None).unwrap();
    assert_eq!(req.params, vec![text("P", "x")]);
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());

    let bindings: String = (0..2_000).map(|i| format!(" xmlns:p{i}=\"urn:{i}\"")).collect();
    let (_, message) = refused(envelope(S11, &format!("<Op{bindings}/>")).as_bytes(), V11);
    assert!(message.contains("not well-formed"), "{message}");
}

#[test]
fn an_envelope_of_another_version_than_the_media_type_declares_is_a_version_mismatch() {
    let body = envelope(S11, r#"<Version xmlns="https://os.ecgrid.io/"/>"#);
    let failure = read_envelope(body.as_bytes(), V12, Some(V12)).unwrap_err();
    assert_eq!(failure.version, V11);
    assert!(matches!(failure.error, SoapError::VersionMismatch(_)), "{:?}", failure.error);
    assert!(read_envelope(body.as_bytes(), V11, Some(V11)).is_ok());
    assert!(read_envelope(body.as_bytes(), V12, None).is_ok());
}

#[test]
fn only_whitespace_may_follow_the_envelope() {
    let body = envelope(S12, r#"<Version xmlns="https://os.ecgrid.io/"/>"#);
    for trailer in ["x", "<a/>", "<a></a>", "<!-- c -->", "&amp;", "<![CDATA[x]]>", " \n x"] {
        let (version, message) = refused(format!("{body}{trailer}").as_bytes(), V11);
        assert_eq!(
            (version, message.as_str()),
            (V12, "the message has content after the Envelope's end element")
        );
    }
    assert!(read_envelope(format!("{body} \r\n\t").as_bytes(), V12, Some(V12)).is_ok());
}
