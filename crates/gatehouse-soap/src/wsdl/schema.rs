//! The `types` section: one XML Schema (`elementFormDefault="qualified"`) with a wrapper element
//! per request and response (document/literal wrapped), the complex types and enumerations, and
//! the bare elements the HTTP-POST binding answers with.

use std::fmt::Write as _;

use crate::operation::{Param, ServiceDef};
use crate::schema::{Contract, XsdType};

/// Write the `<wsdl:types>` section of `service` under `contract`.
pub fn types(out: &mut String, service: &ServiceDef, contract: Contract) {
    let _ = write!(
        out,
        r#"<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="{}">"#,
        service.namespace
    );
    for op in service.operations {
        let form = op.form(contract);
        request_element(out, op.name, form.params);
        response_element(out, op.name, &form.result);
    }
    for c in service.complex_types {
        let _ = write!(out, r#"<s:complexType name="{}"><s:sequence>"#, c.name);
        for f in c.fields(contract) {
            let nillable = if f.nillable { r#" nillable="true""# } else { "" };
            let _ = write!(
                out,
                r#"<s:element minOccurs="{}" maxOccurs="1" name="{}"{nillable} type="{}"/>"#,
                min_occurs(&f.ty),
                f.name,
                f.ty.qname()
            );
        }
        out.push_str("</s:sequence></s:complexType>");
    }
    for c in service.array_types {
        let _ = write!(
            out,
            r#"<s:complexType name="ArrayOf{0}"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="{0}" nillable="true" type="tns:{0}"/></s:sequence></s:complexType>"#,
            c.name
        );
    }
    for e in service.enum_types {
        let _ = write!(out, r#"<s:simpleType name="{}"><s:restriction base="s:string">"#, e.name);
        for v in e.values {
            let _ = write!(out, r#"<s:enumeration value="{v}"/>"#);
        }
        out.push_str("</s:restriction></s:simpleType>");
    }
    if service.http_bindings().next().is_some() {
        bare_elements(out, service, contract);
    }
    out.push_str("</s:schema></wsdl:types>");
}

/// ASMX's `minOccurs`: 0 for references (strings, complex types), which .NET may leave out;
/// 1 for values (int, enumerations, dateTime), which .NET always sends. Whether a parameter
/// is required is the server's rule, not the schema's.
fn min_occurs(ty: &XsdType) -> u8 {
    u8::from(!ty.is_reference())
}

fn request_element(out: &mut String, name: &str, params: &[Param]) {
    let _ = write!(out, r#"<s:element name="{name}"><s:complexType>"#);
    if params.is_empty() {
        out.push_str("<s:sequence/>");
    } else {
        out.push_str("<s:sequence>");
        for p in params {
            let min = min_occurs(&p.ty);
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

fn response_element(out: &mut String, name: &str, result: &XsdType) {
    let min = min_occurs(result);
    let _ = write!(
        out,
        r#"<s:element name="{name}Response"><s:complexType><s:sequence><s:element minOccurs="{min}" maxOccurs="1" name="{name}Result" type="{}"/></s:sequence></s:complexType></s:element>"#,
        result.qname()
    );
}

/// One global element per distinct result type (`<s:element name="boolean" type="s:boolean"/>`).
fn bare_elements(out: &mut String, service: &ServiceDef, contract: Contract) {
    let mut written: Vec<String> = Vec::new();
    for op in service.operations {
        let result = op.form(contract).result;
        let name = result.bare_element();
        if written.contains(&name) {
            continue;
        }
        let nillable = if result.is_reference() { r#" nillable="true""# } else { "" };
        let _ = write!(out, r#"<s:element name="{name}"{nillable} type="{}"/>"#, result.qname());
        written.push(name);
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
