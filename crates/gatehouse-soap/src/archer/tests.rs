//! The Archer tables against their WSDL, HTML page, decoder and encoders: ASMX names, no
//! HTTP-POST binding, the seed's parameter spellings accepted but undescribed, the seed's
//! response shape, and faults with `ArcherErrorCode`.

use gatehouse_core::audit::FrontEnd;
use gatehouse_core::CoreError;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::{ACCESS_CONTROL, GENERAL};
use crate::args::{Args, RawParam, RawValue};
use crate::envelope::writer;
use crate::fault::SoapError;
use crate::operation::ServiceDef;
use crate::schema::Contract;
use crate::schema::Value;
use crate::version::{Binding, SoapVersion};

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

fn op(service: &'static ServiceDef, name: &str) -> &'static crate::operation::Operation {
    service.operations.iter().find(|o| o.name == name).unwrap()
}

fn raw(pairs: &[(&str, &str)]) -> Vec<RawParam> {
    pairs.iter().map(|(n, v)| RawParam { name: (*n).into(), value: RawValue::Text((*v).into()) }).collect()
}

#[test]
fn both_services_are_served_in_the_archer_namespace_and_audited_as_archer() {
    for service in [&GENERAL, &ACCESS_CONTROL] {
        assert!(crate::SERVICES.iter().any(|s| std::ptr::eq(*s, service)), "{} is mounted", service.name);
        assert_eq!(service.namespace, "http://archer-tech.com/webservices/");
        assert!(service.http_post && service.http_get, "Archer answers over HTTP POST and GET too");
        for binding in [Binding::Soap(SoapVersion::V11), Binding::Soap(SoapVersion::V12)] {
            assert_eq!(service.front_end(binding), FrontEnd::Archer);
        }
    }
    let fpc = op(&ACCESS_CONTROL, "ForcePasswordChange");
    assert_eq!(ACCESS_CONTROL.soap_action(fpc), "http://archer-tech.com/webservices/ForcePasswordChange");
    assert!(ACCESS_CONTROL.operation("http://archer-tech.com/webservices/", "ForcePasswordChange").is_some());
    assert!(ACCESS_CONTROL.operation("https://os.ecgrid.io/", "ForcePasswordChange").is_none());
    assert!(GENERAL.operation("http://archer-tech.com/webservices/", "ForcePasswordChange").is_none());
}

#[test]
fn the_seed_parameter_table_spellings_are_accepted_as_aliases() {
    let fpc = op(&ACCESS_CONTROL, "ForcePasswordChange");
    for (user, flag) in [("userId", "forcePasswordChange"), ("userID", "forcePasswordchange")] {
        let args = Args::decode(fpc.params, &raw(&[("sessionToken", "t"), (user, " 123 "), (flag, "false")]))
            .unwrap();
        assert_eq!(args.int("userId").unwrap(), 123);
        assert!(!args.bool("forcePasswordChange").unwrap());
    }
    let bad = Args::decode(
        fpc.params,
        &raw(&[("sessionToken", "t"), ("userId", "1"), ("forcePasswordChange", "yes")]),
    );
    match bad {
        Err(SoapError::Core(CoreError::InvalidParameter { field, reason })) => {
            assert_eq!(field, "forcePasswordChange");
            assert!(reason.contains("`yes` is not a valid boolean"), "{reason}");
        }
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

#[test]
fn the_force_password_change_response_is_the_seeds() {
    let fpc = op(&ACCESS_CONTROL, "ForcePasswordChange");
    let xml =
        writer::response(SoapVersion::V11, &ACCESS_CONTROL, fpc, &fpc.form(Contract::Seed), &Value::Int(1))
            .unwrap();
    well_formed(&xml);
    assert_eq!(
        xml,
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>"#,
            r#"<ForcePasswordChangeResponse xmlns="http://archer-tech.com/webservices/"><ForcePasswordChangeResult>1</ForcePasswordChangeResult>"#,
            "</ForcePasswordChangeResponse></soap:Body></soap:Envelope>"
        )
    );
    assert!(writer::response(
        SoapVersion::V12,
        &ACCESS_CONTROL,
        fpc,
        &fpc.form(Contract::Seed),
        &Value::Bool(true)
    )
    .is_err());
}

#[test]
fn each_wsdl_is_well_formed_with_asmx_names_and_soap_and_http_bindings() {
    for (service, port_type) in [(&GENERAL, "generalSoap"), (&ACCESS_CONTROL, "accesscontrolSoap")] {
        let name = service.name;
        let wsdl = crate::wsdl::document(service, &format!("http://h/archer/ws/{name}.asmx"), Contract::Seed);
        well_formed(&wsdl);
        assert!(wsdl.contains(
            r#"<s:schema elementFormDefault="qualified" targetNamespace="http://archer-tech.com/webservices/">"#
        ));
        assert!(wsdl.contains(&format!(r#"<wsdl:portType name="{port_type}">"#)));
        assert!(wsdl.contains(&format!(r#"<wsdl:service name="{name}">"#)));
        for port in [format!("{name}Soap"), format!("{name}Soap12")] {
            assert!(wsdl.contains(&format!(r#"<wsdl:port name="{port}" binding="tns:{port}">"#)), "{port}");
        }
        for (suffix, verb) in [("HttpPost", "POST"), ("HttpGet", "GET")] {
            assert!(wsdl.contains(&format!(r#"<wsdl:binding name="{name}{suffix}" type="tns:{name}{suffix}"><http:binding verb="{verb}"/>"#)), "{suffix}");
            assert!(
                wsdl.contains(&format!(r#"<wsdl:port name="{name}{suffix}" binding="tns:{name}{suffix}">"#)),
                "{suffix}"
            );
        }
        assert!(wsdl.contains("<http:urlEncoded/>"));
        for op in service.operations {
            let n = op.name;
            for prefix in ["soap", "soap12"] {
                let action = format!(
                    r#"<{prefix}:operation soapAction="http://archer-tech.com/webservices/{n}" style="document"/>"#
                );
                assert!(wsdl.contains(&action), "{action}");
            }
            for p in op.params {
                assert!(
                    wsdl.contains(&format!(r#"name="{}" type="{}""#, p.name, p.ty.qname())),
                    "{n}.{}",
                    p.name
                );
                // An alias of one operation's parameter may be another operation's name for it
                // (`userDomain`), so look only inside this operation's request element.
                let start = wsdl.find(&format!(r#"<s:element name="{n}">"#)).unwrap();
                let request = &wsdl[start..start + wsdl[start..].find("</s:complexType>").unwrap()];
                for alias in p.aliases {
                    assert!(
                        !request.contains(&format!(r#"name="{alias}""#)),
                        "alias {alias} stays undescribed in {n}"
                    );
                }
            }
        }
        let html = crate::html::page(service, "http://h/x.asmx", Contract::Seed);
        for op in service.operations {
            assert!(html.contains(&format!("<b>{}</b>", op.name)));
        }
    }
    let wsdl = crate::wsdl::document(&ACCESS_CONTROL, "http://h/a.asmx", Contract::Seed);
    assert!(wsdl.contains(concat!(
        r#"<s:element name="ForcePasswordChange"><s:complexType><s:sequence>"#,
        r#"<s:element minOccurs="0" maxOccurs="1" name="sessionToken" type="s:string"/>"#,
        r#"<s:element minOccurs="1" maxOccurs="1" name="userId" type="s:int"/>"#,
        r#"<s:element minOccurs="1" maxOccurs="1" name="forcePasswordChange" type="s:boolean"/>"#,
        "</s:sequence></s:complexType></s:element>"
    )));
}

#[test]
fn faults_carry_the_archer_error_code() {
    let fault =
        SoapError::Core(CoreError::SessionInvalid(gatehouse_core::error::SessionProblem::Unknown)).fault();
    let v11 = writer::fault(SoapVersion::V11, &GENERAL, &fault);
    assert!(v11.contains("invalid session"), "the engine's own fault keeps the core's text");
    let fault = GENERAL
        .fault(&SoapError::Core(CoreError::SessionInvalid(gatehouse_core::error::SessionProblem::Expired)));
    let v11 = writer::fault(SoapVersion::V11, &GENERAL, &fault);
    well_formed(&v11);
    assert!(v11.contains(concat!(
        "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid session token</faultstring>",
        r#"<detail><ArcherErrorCode xmlns="http://archer-tech.com/webservices/">Authentication</ArcherErrorCode></detail></soap:Fault>"#
    )));
    let internal = SoapError::Core(CoreError::internal("secret cause")).fault();
    let v12 = writer::fault(SoapVersion::V12, &ACCESS_CONTROL, &internal);
    well_formed(&v12);
    assert!(v12.contains("<soap:Value>soap:Receiver</soap:Value>"));
    assert!(v12.contains(
        r#"<soap:Detail><ArcherErrorCode xmlns="http://archer-tech.com/webservices/">SystemError</ArcherErrorCode></soap:Detail>"#
    ));
    assert!(!v12.contains("secret cause"));
}

#[test]
fn every_refused_session_says_invalid_session_token_except_an_ambiguous_one() {
    use gatehouse_core::error::SessionProblem as P;
    for (problem, text) in [
        (P::Malformed, "Invalid session token"),
        (P::Unknown, "Invalid session token"),
        (P::Expired, "Invalid session token"),
        (P::Revoked, "Invalid session token"),
        (P::Ambiguous, "send one credential"),
    ] {
        for service in [&GENERAL, &ACCESS_CONTROL] {
            let fault = service.fault(&SoapError::Core(CoreError::SessionInvalid(problem)));
            assert!(fault.message.contains(text), "{problem:?}: {}", fault.message);
        }
        let ecgridos = crate::ecgridos::SERVICE.fault(&SoapError::Core(CoreError::SessionInvalid(problem)));
        assert!(!ecgridos.message.contains("Invalid session token"), "ECGridOS keeps its wording");
    }
}

#[test]
fn lookup_user_id_accepts_username_and_user_name() {
    let lookup = op(&ACCESS_CONTROL, "LookupUserId");
    for name in ["userName", "username"] {
        let args = Args::decode(lookup.params, &raw(&[("sessionToken", "t"), (name, "alice")])).unwrap();
        assert_eq!(args.string("userName").unwrap(), "alice");
    }
    let domain = op(&ACCESS_CONTROL, "LookupDomainUserId");
    for d in ["usersDomain", "userDomain"] {
        let args =
            Args::decode(domain.params, &raw(&[("sessionToken", "t"), ("username", "a"), (d, "CORP")]))
                .unwrap();
        assert_eq!(args.string("usersDomain").unwrap(), "CORP");
    }
}

#[test]
fn the_users_document_round_trips_markup_and_non_ascii() {
    use chrono::{TimeZone, Utc};
    use gatehouse_core::user::{Status, User};
    let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let user = User {
        email: "a&b@example.com".into(),
        first_name: "<Zoë>".into(),
        last_name: "O'Brien & Søn".into(),
        mailbox_id: 0,
        status: Status::Suspended,
        ..gatehouse_core::testing::user(7, "corp\\jö", t)
    };
    let xml = super::xml_doc::users(&[user], 3, t).unwrap();
    well_formed(&xml);
    let mut reader = Reader::from_str(&xml);
    let (mut texts, mut current) = (Vec::new(), String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => current = e.name().0.to_string(),
            Event::Text(t) => texts.push((current.clone(), t.to_string())),
            Event::GeneralRef(r) => {
                let name = r.to_string();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "apos" => "'",
                    "quot" => "\"",
                    _ => panic!("{name}"),
                };
                texts.push((current.clone(), c.to_string()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let field = |n: &str| texts.iter().filter(|(k, _)| k == n).map(|(_, v)| v.as_str()).collect::<String>();
    assert_eq!(field("row_num"), "3");
    assert_eq!(field("ID"), "7");
    assert_eq!(field("FirstName"), "<Zoë>");
    assert_eq!(field("LastName"), "O'Brien & Søn");
    assert_eq!(field("UserName"), "corp\\jö");
    assert_eq!(field("AccountStatus"), "Inactive");
    assert_eq!(field("Email"), "a&b@example.com");
}
