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
        assert!(!service.http_post, "Archer has no HTTP-POST binding");
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
        let args =
            Args::decode(fpc, &raw(&[("sessionToken", "t"), (user, " 123 "), (flag, "false")])).unwrap();
        assert_eq!(args.int("userId").unwrap(), 123);
        assert!(!args.bool("forcePasswordChange").unwrap());
    }
    let bad =
        Args::decode(fpc, &raw(&[("sessionToken", "t"), ("userId", "1"), ("forcePasswordChange", "yes")]));
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
    let xml = writer::response(SoapVersion::V11, &ACCESS_CONTROL, fpc, &Value::Int(1)).unwrap();
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
    assert!(writer::response(SoapVersion::V12, &ACCESS_CONTROL, fpc, &Value::Bool(true)).is_err());
}

#[test]
fn each_wsdl_is_well_formed_with_asmx_names_and_only_soap_bindings() {
    for (service, port_type) in [(&GENERAL, "generalSoap"), (&ACCESS_CONTROL, "accesscontrolSoap")] {
        let name = service.name;
        let wsdl = crate::wsdl::document(service, &format!("http://h/archer/ws/{name}.asmx"));
        well_formed(&wsdl);
        assert!(wsdl.contains(
            r#"<s:schema elementFormDefault="qualified" targetNamespace="http://archer-tech.com/webservices/">"#
        ));
        assert!(wsdl.contains(&format!(r#"<wsdl:portType name="{port_type}">"#)));
        assert!(wsdl.contains(&format!(r#"<wsdl:service name="{name}">"#)));
        for port in [format!("{name}Soap"), format!("{name}Soap12")] {
            assert!(wsdl.contains(&format!(r#"<wsdl:port name="{port}" binding="tns:{port}">"#)), "{port}");
        }
        assert!(!wsdl.contains("HttpPost") && !wsdl.contains("<http:"), "no HTTP-POST binding");
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
                for alias in p.aliases {
                    assert!(!wsdl.contains(&format!(r#"name="{alias}""#)), "alias {alias} stays undescribed");
                }
            }
        }
        let html = crate::html::page(service, "http://h/x.asmx");
        for op in service.operations {
            assert!(html.contains(&format!("<b>{}</b>", op.name)));
        }
    }
    let wsdl = crate::wsdl::document(&ACCESS_CONTROL, "http://h/a.asmx");
    assert!(wsdl.contains(concat!(
        r#"<s:element name="ForcePasswordChange"><s:complexType><s:sequence>"#,
        r#"<s:element minOccurs="1" maxOccurs="1" name="sessionToken" type="s:string"/>"#,
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
    well_formed(&v11);
    assert!(v11.contains(concat!(
        "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>invalid session</faultstring>",
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
