//! The `types` section: one XML Schema (`elementFormDefault="qualified"`) with a wrapper element
//! per request and response (document/literal wrapped), the complex types and enumerations, and
//! the bare elements the HTTP-POST binding answers with.

use std::fmt::Write as _;

use crate::operation::{Operation, ServiceDef};
use crate::schema::XsdType;

/// Write the `<wsdl:types>` section of `service`.
pub fn types(out: &mut String, service: &ServiceDef) {
    let _ = write!(
        out,
        r#"<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="{}">"#,
        service.namespace
    );
    for op in service.operations {
        request_element(out, op);
        response_element(out, op);
    }
    for c in service.complex_types {
        let _ = write!(out, r#"<s:complexType name="{}"><s:sequence>"#, c.name);
        for f in c.fields {
            let nillable = if f.nillable { r#" nillable="true""# } else { "" };
            let _ = write!(
                out,
                r#"<s:element minOccurs="1" maxOccurs="1" name="{}"{nillable} type="{}"/>"#,
                f.name,
                f.ty.qname()
            );
        }
        out.push_str("</s:sequence></s:complexType>");
    }
    for e in service.enum_types {
        let _ = write!(out, r#"<s:simpleType name="{}"><s:restriction base="s:string">"#, e.name);
        for v in e.values {
            let _ = write!(out, r#"<s:enumeration value="{v}"/>"#);
        }
        out.push_str("</s:restriction></s:simpleType>");
    }
    if service.http_bindings().next().is_some() {
        bare_elements(out, service);
    }
    out.push_str("</s:schema></wsdl:types>");
}

fn request_element(out: &mut String, op: &Operation) {
    let _ = write!(out, r#"<s:element name="{}"><s:complexType>"#, op.name);
    if op.params.is_empty() {
        out.push_str("<s:sequence/>");
    } else {
        out.push_str("<s:sequence>");
        for p in op.params {
            let min = u8::from(p.required);
            let _ = write!(
                out,
                r#"<s:element minOccurs="{min}" maxOccurs="1" name="{}" type="{}"/>"#,
                p.name,
                p.ty.qname()
            );
        }
        out.push_str("</s:sequence>");
    }
    out.push_str("</s:complexType></s:element>");
}

fn response_element(out: &mut String, op: &Operation) {
    let min = u8::from(!op.result.is_reference());
    let _ = write!(
        out,
        r#"<s:element name="{0}Response"><s:complexType><s:sequence><s:element minOccurs="{min}" maxOccurs="1" name="{0}Result" type="{1}"/></s:sequence></s:complexType></s:element>"#,
        op.name,
        op.result.qname()
    );
}

/// One global element per distinct result type (`<s:element name="boolean" type="s:boolean"/>`).
fn bare_elements(out: &mut String, service: &ServiceDef) {
    let mut written: Vec<&str> = Vec::new();
    for op in service.operations {
        let name = op.result.bare_element();
        if written.contains(&name) {
            continue;
        }
        written.push(name);
        let nillable = if op.result.is_reference() { r#" nillable="true""# } else { "" };
        let _ = write!(out, r#"<s:element name="{name}"{nillable} type="{}"/>"#, op.result.qname());
    }
}

/// The HTTP-POST message part type of a parameter: forms carry text, so every part is a string
/// as ASMX describes it, except enumerations, which keep their type.
pub fn form_part_type(ty: &XsdType) -> String {
    match ty {
        XsdType::Enum(_) => ty.qname(),
        _ => "s:string".into(),
    }
}
