//! The ECGridOS table against its own WSDL, HTML page and encoders: every operation is
//! described everywhere, every result type encodes, and the WSDL is well-formed XML.

use chrono::{TimeZone, Utc};
use gatehouse_core::user::{AuthLevel, User};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::types::{session_info, user_id_info, SessionFacts};
use super::SERVICE;
use crate::envelope::writer;
use crate::schema::{Value, XsdType};
use crate::version::SoapVersion;

fn user() -> User {
    let t = Utc.with_ymd_and_hms(2024, 1, 15, 9, 30, 0).unwrap();
    User {
        email: "john.smith@newdomain.com".into(),
        first_name: "John".into(),
        last_name: "Smith <&>".into(),
        network_id: 10,
        auth_level: AuthLevel::MailboxAdmin,
        ..gatehouse_core::testing::user(5001, "jsmith", t)
    }
}

fn well_formed(xml: &str) {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{xml}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0);
}

#[test]
fn user_id_info_encodes_like_the_seed() {
    let op = SERVICE.operations.iter().find(|o| o.name == "UserUpdate").unwrap();
    let xml = writer::response(SoapVersion::V11, &SERVICE, op, &user_id_info(&user())).unwrap();
    well_formed(&xml);
    assert!(xml.contains(concat!(
        r#"<UserUpdateResponse xmlns="https://os.ecgrid.io/"><UserUpdateResult><UserID>5001</UserID><Login>jsmith</Login>"#,
        "<Email>john.smith@newdomain.com</Email><FirstName>John</FirstName><LastName>Smith &lt;&amp;&gt;</LastName>",
        "<NetworkID>10</NetworkID><MailboxID>100</MailboxID><AuthLevel>MailboxAdmin</AuthLevel><Status>Active</Status>",
        "<Created>2024-01-15T09:30:00Z</Created></UserUpdateResult></UserUpdateResponse>"
    )));
}

#[test]
fn session_info_sends_nil_last_login_and_bare_elements_declare_xsi() {
    let facts = SessionFacts { session_id: "s", open_sessions: 2, timeout_minutes: 20 };
    let xml =
        writer::bare(&SERVICE, &XsdType::Complex(&super::types::SESSION_INFO), &session_info(&user(), facts))
            .unwrap();
    well_formed(&xml);
    assert!(xml.contains(r#"<LastLogin xsi:nil="true"/><OpenSessions>2</OpenSessions><TimeOut>20</TimeOut>"#));
    assert!(xml.contains(r#"<SessionInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#));
    let b = writer::bare(&SERVICE, &XsdType::Boolean, &Value::Bool(true)).unwrap();
    assert_eq!(
        b,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<boolean xmlns=\"https://os.ecgrid.io/\">true</boolean>"
    );
}

#[test]
fn a_value_that_does_not_match_the_table_is_an_internal_error_not_a_wrong_answer() {
    let op = SERVICE.operations.iter().find(|o| o.name == "UserReset").unwrap();
    for wrong in [Value::Int(1), Value::Str("true".into()), Value::Nil] {
        assert!(writer::response(SoapVersion::V12, &SERVICE, op, &wrong).is_err(), "{wrong:?}");
    }
    let mut fields = match user_id_info(&user()) {
        Value::Object(f) => f,
        _ => unreachable!(),
    };
    fields.swap(0, 1);
    let info = SERVICE.operations.iter().find(|o| o.name == "UserInfo").unwrap();
    assert!(writer::response(SoapVersion::V11, &SERVICE, info, &Value::Object(fields)).is_err());
    let short = Value::Object(vec![("UserID", Value::Int(1))]);
    assert!(writer::response(SoapVersion::V11, &SERVICE, info, &short).is_err());
}

#[test]
fn the_wsdl_is_well_formed_and_describes_every_operation_in_every_binding() {
    let wsdl = crate::wsdl::document(&SERVICE, "http://h/v4.1/prod/ECGridOS.asmx?\"<x>");
    well_formed(&wsdl);
    assert!(
        wsdl.contains(r#"<s:schema elementFormDefault="qualified" targetNamespace="https://os.ecgrid.io/">"#)
    );
    assert!(wsdl.contains(r#"location="http://h/v4.1/prod/ECGridOS.asmx?&quot;&lt;x&gt;""#));
    for port in ["ECGridOSSoap", "ECGridOSSoap12", "ECGridOSHttpPost"] {
        assert!(wsdl.contains(&format!(r#"<wsdl:port name="{port}" binding="tns:{port}">"#)), "{port}");
    }
    for op in SERVICE.operations {
        let n = op.name;
        for needle in [
            format!(r#"<s:element name="{n}">"#),
            format!(r#"<s:element name="{n}Response">"#),
            format!(r#"name="{n}Result""#),
            format!(r#"<wsdl:message name="{n}SoapIn">"#),
            format!(r#"<wsdl:message name="{n}HttpPostOut">"#),
            format!(r#"<soap:operation soapAction="https://os.ecgrid.io/{n}" style="document"/>"#),
            format!(r#"<soap12:operation soapAction="https://os.ecgrid.io/{n}" style="document"/>"#),
            format!(r#"<http:operation location="/{n}"/>"#),
        ] {
            assert!(wsdl.contains(&needle), "WSDL lacks {needle}");
        }
        for p in op.params {
            assert!(
                wsdl.contains(&format!(r#"name="{}" type="{}""#, p.name, p.ty.qname())),
                "{n}.{}",
                p.name
            );
            assert!(
                !p.aliases.iter().any(|a| wsdl.contains(&format!(r#"name="{a}""#))),
                "aliases stay undocumented"
            );
        }
    }
    let html = crate::html::page(&SERVICE, "http://h/x.asmx");
    well_formed(&html.replace("<!DOCTYPE html>", "").replace("<meta charset=\"utf-8\">", ""));
    for op in SERVICE.operations {
        assert!(html.contains(&format!("<b>{}</b>", op.name)));
    }
}

#[test]
fn faults_render_in_both_versions_with_the_error_code_detail() {
    let fault = crate::fault::SoapError::Core(gatehouse_core::CoreError::PasswordChangeRequired).fault();
    let v11 = writer::fault(SoapVersion::V11, &SERVICE, &fault);
    well_formed(&v11);
    assert!(v11.contains(concat!(
        "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>password change required</faultstring>",
        r#"<detail><ECGridOSSOAPErrorCode xmlns="https://os.ecgrid.io/">Authorization</ECGridOSSOAPErrorCode></detail></soap:Fault>"#
    )));
    let v12 = writer::fault(SoapVersion::V12, &SERVICE, &fault);
    well_formed(&v12);
    assert!(v12.contains(concat!(
        r#"<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">password change required</soap:Text></soap:Reason>"#,
        r#"<soap:Detail><ECGridOSSOAPErrorCode xmlns="https://os.ecgrid.io/">Authorization</ECGridOSSOAPErrorCode></soap:Detail></soap:Fault>"#
    )));
    let mismatch = crate::fault::SoapError::VersionMismatch("x".into()).fault();
    let upgrade = writer::fault(SoapVersion::V12, &SERVICE, &mismatch);
    well_formed(&upgrade);
    assert!(upgrade.contains("<soap:Upgrade>") && upgrade.contains("soap:VersionMismatch"));
    assert!(!upgrade.contains("Detail"));
}
