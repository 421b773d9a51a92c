//! WSDL 1.1 generated from the operation table (SPEC §5.1): document/literal wrapped messages,
//! one port type, SOAP 1.1 and SOAP 1.2 bindings, and (where the service has them) the ASMX
//! HTTP-POST and HTTP-GET bindings, named as ASMX names them; the service address is the one
//! the client used or the public URL. One document per contract (SPEC §5.2): each operation in
//! that contract's form, each complex type with that contract's fields, under that contract's
//! names.

mod schema;

use std::fmt::Write as _;

use crate::envelope::writer::escape;
use crate::operation::{HttpBinding, ServiceDef};
use crate::schema::Contract;

/// The WSDL document of `service` under `contract`, advertising `address`.
pub fn document(service: &ServiceDef, address: &str, contract: Contract) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let tns = service.namespace;
    let _ = write!(
        out,
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?>"#,
            r#"<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" "#,
            r#"xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" "#,
            r#"xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" "#,
            r#"xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" "#,
            r#"xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="{tns}" "#,
            r#"xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="{tns}">"#
        ),
        tns = tns
    );
    documentation(&mut out, service.documentation);
    schema::types(&mut out, service, contract);
    messages(&mut out, service, contract);
    port_types(&mut out, service, contract);
    soap_binding(&mut out, service, contract, "soap", "Soap");
    soap_binding(&mut out, service, contract, "soap12", "Soap12");
    for http in service.http_bindings() {
        http_binding(&mut out, service, contract, http);
    }
    let mut location = String::new();
    escape(&mut location, address);
    let (name, _) = service.names(contract);
    let _ = write!(
        out,
        r#"<wsdl:service name="{name}"><wsdl:port name="{name}Soap" binding="tns:{name}Soap"><soap:address location="{location}"/></wsdl:port><wsdl:port name="{name}Soap12" binding="tns:{name}Soap12"><soap12:address location="{location}"/></wsdl:port>"#
    );
    for http in service.http_bindings() {
        let suffix = http.suffix();
        let _ = write!(
            out,
            r#"<wsdl:port name="{name}{suffix}" binding="tns:{name}{suffix}"><http:address location="{location}"/></wsdl:port>"#
        );
    }
    out.push_str("</wsdl:service></wsdl:definitions>");
    out
}

fn documentation(out: &mut String, text: &str) {
    out.push_str(r#"<wsdl:documentation xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">"#);
    escape(out, text);
    out.push_str("</wsdl:documentation>");
}

/// ASMX names a plain-HTTP port type like its binding (`…v4HttpPost`).
fn http_port_type(service: &ServiceDef, contract: Contract, http: HttpBinding) -> String {
    format!("{}{}", service.names(contract).0, http.suffix())
}

fn messages(out: &mut String, service: &ServiceDef, contract: Contract) {
    for op in service.operations {
        let n = op.name;
        let form = op.form(contract);
        let _ = write!(
            out,
            r#"<wsdl:message name="{n}SoapIn"><wsdl:part name="parameters" element="tns:{n}"/></wsdl:message><wsdl:message name="{n}SoapOut"><wsdl:part name="parameters" element="tns:{n}Response"/></wsdl:message>"#
        );
        for http in service.http_bindings() {
            let suffix = http.suffix();
            let _ = write!(out, r#"<wsdl:message name="{n}{suffix}In">"#);
            for p in form.params {
                let _ =
                    write!(out, r#"<wsdl:part name="{}" type="{}"/>"#, p.name, schema::form_part_type(&p.ty));
            }
            let _ = write!(
                out,
                r#"</wsdl:message><wsdl:message name="{n}{suffix}Out"><wsdl:part name="Body" element="tns:{}"/></wsdl:message>"#,
                form.result.bare_element()
            );
        }
    }
}

fn port_types(out: &mut String, service: &ServiceDef, contract: Contract) {
    let mut kinds = vec![(service.names(contract).1.to_string(), "Soap")];
    for http in service.http_bindings() {
        kinds.push((http_port_type(service, contract, http), http.suffix()));
    }
    for (name, suffix) in kinds {
        let _ = write!(out, r#"<wsdl:portType name="{name}">"#);
        for op in service.operations {
            let _ = write!(out, r#"<wsdl:operation name="{}">"#, op.name);
            documentation(out, op.form(contract).doc);
            let _ = write!(
                out,
                r#"<wsdl:input message="tns:{0}{suffix}In"/><wsdl:output message="tns:{0}{suffix}Out"/></wsdl:operation>"#,
                op.name
            );
        }
        out.push_str("</wsdl:portType>");
    }
}

/// A SOAP binding; `prefix` is `soap` (1.1) or `soap12`, `suffix` the binding name's ending.
fn soap_binding(out: &mut String, service: &ServiceDef, contract: Contract, prefix: &str, suffix: &str) {
    let (name, port_type) = service.names(contract);
    let _ = write!(
        out,
        r#"<wsdl:binding name="{name}{suffix}" type="tns:{port_type}"><{prefix}:binding transport="http://schemas.xmlsoap.org/soap/http"/>"#
    );
    for op in service.operations {
        let _ = write!(
            out,
            r#"<wsdl:operation name="{}"><{prefix}:operation soapAction="{}" style="document"/><wsdl:input><{prefix}:body use="literal"/></wsdl:input><wsdl:output><{prefix}:body use="literal"/></wsdl:output></wsdl:operation>"#,
            op.name,
            service.soap_action(op)
        );
    }
    out.push_str("</wsdl:binding>");
}

/// An ASMX plain-HTTP binding: form fields (POST) or URL-encoded query (GET) in, bare XML out.
fn http_binding(out: &mut String, service: &ServiceDef, contract: Contract, http: HttpBinding) {
    let _ = write!(
        out,
        r#"<wsdl:binding name="{0}" type="tns:{0}"><http:binding verb="{1}"/>"#,
        http_port_type(service, contract, http),
        http.verb()
    );
    let input = match http {
        HttpBinding::Post => r#"<mime:content type="application/x-www-form-urlencoded"/>"#,
        HttpBinding::Get => "<http:urlEncoded/>",
    };
    for op in service.operations {
        let _ = write!(
            out,
            r#"<wsdl:operation name="{}"><http:operation location="/{}"/><wsdl:input>{input}</wsdl:input><wsdl:output><mime:mimeXml part="Body"/></wsdl:output></wsdl:operation>"#,
            op.name, op.name
        );
    }
    out.push_str("</wsdl:binding>");
}
