//! Write responses strictly (SPEC §5.1): document/literal wrapped `<OpResponse><OpResult>`,
//! bare HTTP-POST elements, and faults in SOAP 1.1 or 1.2. Every value is checked against the
//! type its table row declares; a mismatch is an internal error, never a wrong answer.

use chrono::SecondsFormat;
use gatehouse_core::CoreError;
use std::fmt::Write as _;

use crate::fault::{Fault, SoapResult};
use crate::operation::{Operation, ServiceDef};
use crate::schema::{Value, XsdType};
use crate::version::{SoapVersion, XSD, XSI};

const DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

/// Escape text or an attribute value; characters XML cannot carry become U+FFFD.
pub fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if super::text::is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

fn drift(what: String) -> CoreError {
    CoreError::internal(format!("result does not match the operation table: {what}"))
}

/// Write the content of an element of type `ty` holding `value` (not the element itself).
fn content(out: &mut String, ty: &XsdType, value: &Value) -> SoapResult<()> {
    match (ty, value) {
        (XsdType::Int, Value::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        (XsdType::Boolean, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (XsdType::String, Value::Str(s)) => escape(out, s),
        (XsdType::DateTime, Value::DateTime(t)) => {
            out.push_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true))
        }
        (XsdType::Enum(e), Value::Enum(v)) if e.values.contains(v) => out.push_str(v),
        (XsdType::Complex(c), Value::Object(fields)) => {
            if fields.len() != c.fields.len() {
                return Err(drift(format!("{} has {} fields", c.name, fields.len())).into());
            }
            for (def, (name, v)) in c.fields.iter().zip(fields) {
                if def.name != *name {
                    return Err(drift(format!("{}.{} sent as {name}", c.name, def.name)).into());
                }
                element(out, def.name, &def.ty, v, def.nillable)?;
            }
        }
        (ty, v) => return Err(drift(format!("{v:?} for {}", ty.qname())).into()),
    }
    Ok(())
}

/// Write `<name>value</name>` (inheriting the default namespace), or `xsi:nil` where allowed.
fn element(out: &mut String, name: &str, ty: &XsdType, value: &Value, nillable: bool) -> SoapResult<()> {
    if *value == Value::Nil {
        if !nillable {
            return Err(drift(format!("nil for {name}")).into());
        }
        let _ = write!(out, r#"<{name} xsi:nil="true"/>"#);
        return Ok(());
    }
    let _ = write!(out, "<{name}>");
    content(out, ty, value)?;
    let _ = write!(out, "</{name}>");
    Ok(())
}

fn open_envelope(out: &mut String, version: SoapVersion) {
    out.push_str(DECLARATION);
    let _ = write!(
        out,
        r#"<soap:Envelope xmlns:soap="{}" xmlns:xsi="{XSI}" xmlns:xsd="{XSD}">"#,
        version.envelope_ns()
    );
}

/// A successful response envelope: `<OpResponse xmlns=tns><OpResult>…</OpResult></OpResponse>`.
pub fn response(
    version: SoapVersion,
    service: &ServiceDef,
    op: &Operation,
    value: &Value,
) -> SoapResult<String> {
    let mut out = String::with_capacity(512);
    open_envelope(&mut out, version);
    let _ = write!(out, r#"<soap:Body><{}Response xmlns="{}">"#, op.name, service.namespace);
    let result = format!("{}Result", op.name);
    element(&mut out, &result, &op.result, value, false)?;
    let _ = write!(out, "</{}Response></soap:Body></soap:Envelope>", op.name);
    Ok(out)
}

/// The ASMX HTTP-POST answer: the bare typed element (`<boolean xmlns=tns>true</boolean>`).
pub fn bare(service: &ServiceDef, ty: &XsdType, value: &Value) -> SoapResult<String> {
    let mut out = String::with_capacity(256);
    out.push_str(DECLARATION);
    out.push('\n');
    let name = ty.bare_element();
    let ns = service.namespace;
    match ty {
        XsdType::Complex(_) => {
            let _ = write!(out, r#"<{name} xmlns:xsi="{XSI}" xmlns:xsd="{XSD}" xmlns="{ns}">"#);
        }
        _ => {
            let _ = write!(out, r#"<{name} xmlns="{ns}">"#);
        }
    }
    content(&mut out, ty, value)?;
    let _ = write!(out, "</{name}>");
    Ok(out)
}

/// A fault envelope in `version`, the error code in `<detail><{service.fault_detail}>`.
pub fn fault(version: SoapVersion, service: &ServiceDef, fault: &Fault) -> String {
    let mut out = String::with_capacity(640);
    open_envelope(&mut out, version);
    if version == SoapVersion::V12 && fault.code == crate::fault::FaultCode::VersionMismatch {
        // SOAP 1.2 §5.4.7: name the envelopes we do support.
        let _ = write!(
            out,
            r#"<soap:Header><soap:Upgrade><soap:SupportedEnvelope qname="v12:Envelope" xmlns:v12="{}"/><soap:SupportedEnvelope qname="v11:Envelope" xmlns:v11="{}"/></soap:Upgrade></soap:Header>"#,
            SoapVersion::V12.envelope_ns(),
            SoapVersion::V11.envelope_ns()
        );
    }
    out.push_str("<soap:Body><soap:Fault>");
    let code = fault.code.qname(version);
    let mut detail = String::new();
    if let Some(d) = fault.detail {
        let _ = write!(
            detail,
            r#"<{0} xmlns="{1}">{2}</{0}>"#,
            service.fault_detail,
            service.namespace,
            d.as_str()
        );
    }
    match version {
        SoapVersion::V11 => {
            let _ = write!(out, "<faultcode>{code}</faultcode><faultstring>");
            escape(&mut out, &fault.message);
            out.push_str("</faultstring>");
            if !detail.is_empty() {
                let _ = write!(out, "<detail>{detail}</detail>");
            }
        }
        SoapVersion::V12 => {
            let _ = write!(
                out,
                r#"<soap:Code><soap:Value>{code}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">"#
            );
            escape(&mut out, &fault.message);
            out.push_str("</soap:Text></soap:Reason>");
            if !detail.is_empty() {
                let _ = write!(out, "<soap:Detail>{detail}</soap:Detail>");
            }
        }
    }
    out.push_str("</soap:Fault></soap:Body></soap:Envelope>");
    out
}
