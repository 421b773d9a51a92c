//! The ECGridOS table against its own WSDLs, HTML pages and encoders, in both contracts: every
//! operation is described everywhere, every result type encodes in each contract's shape, a
//! request's elements pick its form, and faults carry `<ErrorInfo>` first.

use chrono::{TimeZone, Utc};
use gatehouse_core::user::{AuthLevel, User};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::types::{session_info, user_id_info, SessionFacts};
use super::SERVICE;
use crate::args::{RawParam, RawValue};
use crate::envelope::writer;
use crate::operation::Operation;
use crate::schema::{Contract, Value, XsdType};
use crate::version::SoapVersion;

fn user() -> User {
    let t = Utc.with_ymd_and_hms(2024, 1, 15, 9, 30, 0).unwrap();
    let mut u = User {
        email: "john.smith@newdomain.com".into(),
        first_name: "John".into(),
        last_name: "Smith <&>".into(),
        network_id: 10,
        auth_level: AuthLevel::MailboxAdmin,
        ..gatehouse_core::testing::user(5001, "jsmith", t)
    };
    u.profile.company = Some("Acme".into());
    u
}

fn op(name: &str) -> &'static Operation {
    SERVICE.operations.iter().find(|o| o.name == name).unwrap()
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

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

#[test]
fn user_id_info_encodes_each_contracts_fields_in_its_order() {
    let update = op("UserUpdate");
    let seed = writer::response(
        SoapVersion::V11,
        &SERVICE,
        update,
        &update.form(Contract::Seed),
        &user_id_info(&user(), now(), 2),
    )
    .unwrap();
    well_formed(&seed);
    assert!(seed.contains(concat!(
        r#"<UserUpdateResponse xmlns="https://os.ecgrid.io/"><UserUpdateResult><UserID>5001</UserID><Login>jsmith</Login>"#,
        "<Email>john.smith@newdomain.com</Email><FirstName>John</FirstName><LastName>Smith &lt;&amp;&gt;</LastName>",
        "<NetworkID>10</NetworkID><MailboxID>100</MailboxID><AuthLevel>MailboxAdmin</AuthLevel><Status>Active</Status>",
        "<Created>2024-01-15T09:30:00Z</Created></UserUpdateResult></UserUpdateResponse>"
    )));
    let info = op("UserInfo");
    let vendor = writer::response(
        SoapVersion::V11,
        &SERVICE,
        info,
        &info.form(Contract::Build472),
        &user_id_info(&user(), now(), 2),
    )
    .unwrap();
    well_formed(&vendor);
    assert!(vendor.contains(concat!(
        "<UserInfoResult><UserID>5001</UserID><LoginName>jsmith</LoginName><RecoveryQuestion></RecoveryQuestion>",
        "<FirstName>John</FirstName><LastName>Smith &lt;&amp;&gt;</LastName><Company>Acme</Company>",
        "<EMail>john.smith@newdomain.com</EMail><Phone></Phone><CellPhone></CellPhone><CellCarrier>Undefined</CellCarrier>",
        "<TimeZoneOffset>0</TimeZoneOffset><NetworkID>10</NetworkID><MailboxID>100</MailboxID><AuthLevel>MailboxAdmin</AuthLevel>",
        "<Created>2024-01-15T09:30:00Z</Created><Modified>2024-01-15T09:30:00Z</Modified>",
        // .NET's DateTime cannot be absent: a user that never logged in has DateTime.MinValue.
        "<LastLogin>0001-01-01T00:00:00</LastLogin><Status>Active</Status><LockedOut>false</LockedOut>",
        "<OpenSessions>2</OpenSessions></UserInfoResult>"
    )));
}

#[test]
fn session_info_is_nil_in_the_seed_and_min_value_in_the_vendors_contract() {
    let facts = || SessionFacts {
        session_id: "s",
        session_event_id: 7,
        open_sessions: 2,
        timeout_minutes: 20,
        ip: Some("10.0.0.1".into()),
    };
    let who = op("WhoAmI");
    let seed = writer::bare(&SERVICE, &who.form(Contract::Seed), &session_info(&user(), facts())).unwrap();
    well_formed(&seed);
    assert!(
        seed.contains(r#"<LastLogin xsi:nil="true"/><OpenSessions>2</OpenSessions><TimeOut>20</TimeOut>"#)
    );
    assert!(seed.contains(r#"<SessionInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#));
    assert!(seed.contains("<ECGridOSVersion>4.1</ECGridOSVersion></SessionInfo>"), "last in the seeds'");
    let vendor =
        writer::bare(&SERVICE, &who.form(Contract::Build472), &session_info(&user(), facts())).unwrap();
    well_formed(&vendor);
    assert!(vendor.contains(concat!(
        r#"xmlns="https://os.ecgrid.io/"><ECGridOSVersion>4.1</ECGridOSVersion><SessionID>s</SessionID>"#,
        "<SessionEventID>7</SessionEventID><UserID>5001</UserID><LoginName>jsmith</LoginName>"
    )));
    assert!(vendor.contains(
        "<LastLogin>0001-01-01T00:00:00</LastLogin><OpenSessions>2</OpenSessions><TimeOut>20</TimeOut>"
    ));
    assert!(vendor.ends_with("<MailboxID>100</MailboxID><ip>10.0.0.1</ip></SessionInfo>"));
    let b = writer::bare(&SERVICE, &op("UserReset").form(Contract::Seed), &Value::Bool(true)).unwrap();
    assert_eq!(
        b,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<boolean xmlns=\"https://os.ecgrid.io/\">true</boolean>"
    );
}

#[test]
fn a_value_that_does_not_match_the_table_is_an_internal_error_not_a_wrong_answer() {
    let reset = op("UserReset");
    for wrong in [Value::Int(1), Value::Str("true".into()), Value::Nil] {
        let form = reset.form(Contract::Seed);
        assert!(writer::response(SoapVersion::V12, &SERVICE, reset, &form, &wrong).is_err(), "{wrong:?}");
    }
    let info = op("UserInfo");
    let short = Value::Object(vec![("UserID", Value::Int(1))]);
    for c in Contract::ALL {
        assert!(writer::response(SoapVersion::V11, &SERVICE, info, &info.form(c), &short).is_err(), "{c:?}");
    }
    let set_max = op("UserSetMaxSessions");
    assert!(writer::response(
        SoapVersion::V11,
        &SERVICE,
        set_max,
        &set_max.form(Contract::Seed),
        &Value::Bool(true)
    )
    .is_ok());
}

fn raw(names: &[&str]) -> Vec<RawParam> {
    names.iter().map(|n| RawParam { name: (*n).into(), value: RawValue::Text(String::new()) }).collect()
}

/// (operation, elements sent, endpoint contract, form answered), from SPEC §5.2.
#[test]
fn the_request_elements_pick_the_form_and_the_endpoint_decides_the_rest() {
    use Contract::{Build472, Seed};
    let table: &[(&str, &[&str], Contract, Contract)] = &[
        ("UserUpdate", &["SessionID", "UserID", "FirstName", "LastName", "Email"], Build472, Seed),
        ("UserUpdate", &["SessionID", "UserID", "FirstName", "EMail", "CellCarrier"], Seed, Build472),
        ("UserUpdate", &["SessionID", "UserID", "FirstName", "LastName"], Seed, Seed),
        ("UserUpdate", &["SessionID", "UserID", "FirstName", "LastName"], Build472, Build472),
        ("UserPassword", &["SessionID", "UserID", "NewPassword"], Build472, Seed),
        ("UserPassword", &["SessionID", "UserID", "Password"], Seed, Build472),
        ("Login", &["UserName", "Password"], Build472, Seed),
        ("Login", &["LoginName", "Password"], Build472, Build472),
        ("UserInfo", &["SessionID", "UserID"], Seed, Seed),
        ("UserInfo", &["SessionID", "UserID"], Build472, Build472),
    ];
    for (name, sent, endpoint, expected) in table {
        let chosen = op(name).chosen(&raw(sent), *endpoint);
        assert_eq!(chosen.contract, *expected, "{name} {sent:?} on {endpoint:?}");
    }
    assert!(matches!(op("UserUpdate").chosen(&raw(&["EMail"]), Seed).result, XsdType::Boolean));
    assert!(matches!(op("UserUpdate").chosen(&raw(&["Email"]), Build472).result, XsdType::Complex(_)));
}

#[test]
fn each_wsdl_is_well_formed_and_describes_every_operation_in_every_binding_under_its_names() {
    for (contract, service, port_type) in [
        (Contract::Seed, "ECGridOS", "ECGridOSPortType"),
        (Contract::Build472, "ECGridOS_x0020_API_x0020_v4", "ECGridOS_x0020_API_x0020_v4Soap"),
    ] {
        let wsdl = crate::wsdl::document(&SERVICE, "http://h/v4.1/prod/ECGridOS.asmx?\"<x>", contract);
        well_formed(&wsdl);
        assert!(wsdl.contains(
            r#"<s:schema elementFormDefault="qualified" targetNamespace="https://os.ecgrid.io/">"#
        ));
        assert!(wsdl.contains(r#"location="http://h/v4.1/prod/ECGridOS.asmx?&quot;&lt;x&gt;""#));
        assert!(wsdl.contains(&format!(r#"<wsdl:service name="{service}">"#)));
        assert!(wsdl.contains(&format!(r#"<wsdl:portType name="{port_type}">"#)));
        for suffix in ["Soap", "Soap12", "HttpGet", "HttpPost"] {
            let port = format!("{service}{suffix}");
            assert!(wsdl.contains(&format!(r#"<wsdl:port name="{port}" binding="tns:{port}">"#)), "{port}");
        }
        for o in SERVICE.operations {
            let n = o.name;
            for needle in [
                format!(r#"<s:element name="{n}">"#),
                format!(r#"<s:element name="{n}Response">"#),
                format!(r#"name="{n}Result""#),
                format!(r#"<wsdl:message name="{n}SoapIn">"#),
                format!(r#"<wsdl:message name="{n}HttpPostOut">"#),
                format!(r#"<wsdl:message name="{n}HttpGetIn">"#),
                format!(r#"<soap:operation soapAction="https://os.ecgrid.io/{n}" style="document"/>"#),
                format!(r#"<soap12:operation soapAction="https://os.ecgrid.io/{n}" style="document"/>"#),
                format!(r#"<http:operation location="/{n}"/>"#),
            ] {
                assert!(wsdl.contains(&needle), "{contract:?} WSDL lacks {needle}");
            }
            let start = wsdl.find(&format!(r#"<s:element name="{n}">"#)).unwrap();
            let request = &wsdl[start..start + wsdl[start..].find("</s:complexType>").unwrap()];
            let form = o.form(contract);
            for p in form.params {
                // ASMX: references (strings) may be left out, values (int, enum) may not.
                let min = if p.ty.is_reference() { 0 } else { 1 };
                let element = format!(
                    r#"<s:element minOccurs="{min}" maxOccurs="1" name="{}" type="{}"/>"#,
                    p.name,
                    p.ty.qname()
                );
                assert!(request.contains(&element), "{contract:?} {n}: {element}");
                assert!(
                    !p.aliases.iter().any(|a| request.contains(&format!(r#"name="{a}""#))),
                    "aliases stay undocumented"
                );
            }
        }
        let html = crate::html::page(&SERVICE, "http://h/x.asmx", contract);
        well_formed(&html.replace("<!DOCTYPE html>", "").replace("<meta charset=\"utf-8\">", ""));
        for o in SERVICE.operations {
            assert!(html.contains(&format!("<b>{}</b>", o.name)));
        }
    }
}

#[test]
fn the_vendors_wsdl_has_its_user_id_info_and_user_update_element_for_element() {
    let wsdl = crate::wsdl::document(&SERVICE, "http://h/x", Contract::Build472);
    let names = |type_start: &str| -> Vec<String> {
        let start = wsdl.find(type_start).unwrap();
        let end = start + wsdl[start..].find("</s:sequence>").unwrap();
        wsdl[start..end].split("name=\"").skip(2).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
    };
    assert_eq!(
        names(r#"<s:complexType name="UserIDInfo">"#),
        [
            "UserID",
            "LoginName",
            "RecoveryQuestion",
            "FirstName",
            "LastName",
            "Company",
            "EMail",
            "Phone",
            "CellPhone",
            "CellCarrier",
            "TimeZoneOffset",
            "NetworkID",
            "MailboxID",
            "AuthLevel",
            "Created",
            "Modified",
            "LastLogin",
            "Status",
            "LockedOut",
            "OpenSessions"
        ]
    );
    assert_eq!(
        names(r#"<s:element name="UserUpdate">"#),
        [
            "SessionID",
            "UserID",
            "FirstName",
            "LastName",
            "Company",
            "EMail",
            "Phone",
            "CellPhone",
            "CellCarrier",
            "AuthLevel"
        ]
    );
    assert!(wsdl.contains(concat!(
        r#"<s:element name="UserUpdateResponse"><s:complexType><s:sequence>"#,
        r#"<s:element minOccurs="1" maxOccurs="1" name="UserUpdateResult" type="s:boolean"/>"#
    )));
    assert!(wsdl.contains(r#"<s:element minOccurs="1" maxOccurs="1" name="TimeZoneOffset" type="s:short"/>"#));
    let seed = crate::wsdl::document(&SERVICE, "http://h/x", Contract::Seed);
    assert!(seed.contains(r#"name="UserUpdateResult" type="tns:UserIDInfo"/>"#));
    assert!(seed.contains(r#"<s:element minOccurs="0" maxOccurs="1" name="NewPassword" type="s:string"/>"#));
}

#[test]
fn faults_carry_error_info_first_then_the_error_code_in_both_versions() {
    use crate::fault::SoapError;
    use gatehouse_core::CoreError;
    let fault = SoapError::Core(CoreError::PasswordChangeRequired).fault();
    let v11 = writer::fault(SoapVersion::V11, &SERVICE, &fault);
    well_formed(&v11);
    assert!(v11.contains(concat!(
        "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>password change required</faultstring>",
        "<detail><ErrorInfo><ErrorCode>2</ErrorCode><ErrorString>Access denied.</ErrorString><ErrorItem></ErrorItem>",
        "<ErrorMessage>password change required</ErrorMessage></ErrorInfo>",
        r#"<ECGridOSSOAPErrorCode xmlns="https://os.ecgrid.io/">Authorization</ECGridOSSOAPErrorCode></detail></soap:Fault>"#
    )));
    let v12 = writer::fault(SoapVersion::V12, &SERVICE, &fault);
    well_formed(&v12);
    assert!(v12.contains(concat!(
        r#"<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">password change required</soap:Text></soap:Reason>"#,
        "<soap:Detail><ErrorInfo><ErrorCode>2</ErrorCode>"
    )));
    let missing = SoapError::Core(CoreError::invalid("UserID", "is required")).fault();
    let xml = writer::fault(SoapVersion::V11, &SERVICE, &missing);
    assert!(xml.contains(
        "<ErrorCode>9</ErrorCode><ErrorString>Data error.</ErrorString><ErrorItem>UserID</ErrorItem>"
    ));
    let mismatch = SoapError::VersionMismatch("x".into()).fault();
    let upgrade = writer::fault(SoapVersion::V12, &SERVICE, &mismatch);
    well_formed(&upgrade);
    assert!(upgrade.contains("<soap:Upgrade>") && upgrade.contains("soap:VersionMismatch"));
    assert!(!upgrade.contains("Detail"));
}
