//! Write responses strictly (SPEC §5.1): document/literal wrapped `<OpResponse><OpResult>`,
//! bare HTTP-POST elements, and faults in SOAP 1.1 or 1.2. Every value is checked against the
//! type its table row declares; a mismatch is an internal error, never a wrong answer.

use chrono::SecondsFormat;
use gatehouse_core::CoreError;
use std::fmt::Write as _;

use crate::fault::{Fault, SoapResult};
use crate::operation::{Chosen, Operation, ServiceDef};
use crate::schema::{Contract, Value, XsdType};
use crate::version::{SoapVersion, XSD, XSI};

/// `DateTime.MinValue` as ASMX writes it (no offset): an unset time in a non-nillable element.
pub const DATETIME_MIN: &str = "0001-01-01T00:00:00";

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

/// Write the content of an element of type `ty` holding `value` (not the element itself);
/// complex types take the fields `contract` declares.
fn content(out: &mut String, ty: &XsdType, value: &Value, contract: Contract) -> SoapResult<()> {
    match (ty, value) {
        (XsdType::Int, Value::Int(i)) if i32::try_from(*i).is_ok() => {
            let _ = write!(out, "{i}");
        }
        (XsdType::Short, Value::Int(i)) if i16::try_from(*i).is_ok() => {
            let _ = write!(out, "{i}");
        }
        // Whole numbers are floats too (`TimeZoneOffset`).
        (XsdType::Float, Value::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        (XsdType::Boolean, Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        (XsdType::String, Value::Str(s)) => escape(out, s),
        (XsdType::DateTime, Value::DateTime(t)) => {
            out.push_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true))
        }
        (XsdType::Enum(e), Value::Enum(v)) if e.values.contains(v) => out.push_str(v),
        (XsdType::Complex(c), Value::Object(fields)) => {
            for def in c.fields(contract) {
                let v = fields.iter().find(|(name, _)| *name == def.name).map(|(_, v)| v);
                let v = v.ok_or_else(|| drift(format!("{}.{} is missing", c.name, def.name)))?;
                element(out, def.name, &def.ty, v, def.nillable, contract)?;
            }
        }
        (XsdType::ArrayOf(c), Value::List(items)) => {
            for item in items {
                element(out, c.name, &XsdType::Complex(c), item, true, contract)?;
            }
        }
        (ty, v) => return Err(drift(format!("{v:?} for {}", ty.qname())).into()),
    }
    Ok(())
}

/// Write `<name>value</name>` (inheriting the default namespace), or `xsi:nil` where allowed.
fn element(
    out: &mut String,
    name: &str,
    ty: &XsdType,
    value: &Value,
    nillable: bool,
    contract: Contract,
) -> SoapResult<()> {
    if *value == Value::Nil {
        if nillable {
            let _ = write!(out, r#"<{name} xsi:nil="true"/>"#);
        } else if matches!(ty, XsdType::DateTime) {
            // A .NET DateTime cannot be absent: ASMX writes an unset one as DateTime.MinValue.
            let _ = write!(out, "<{name}>{DATETIME_MIN}</{name}>");
        } else {
            return Err(drift(format!("nil for {name}")).into());
        }
        return Ok(());
    }
    let _ = write!(out, "<{name}>");
    content(out, ty, value, contract)?;
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

/// A successful response envelope: `<OpResponse xmlns=tns><OpResult>…</OpResult></OpResponse>`
/// in the form `form` chose.
pub fn response(
    version: SoapVersion,
    service: &ServiceDef,
    op: &Operation,
    form: &Chosen,
    value: &Value,
) -> SoapResult<String> {
    let mut out = String::with_capacity(512);
    open_envelope(&mut out, version);
    let _ = write!(out, r#"<soap:Body><{}Response xmlns="{}">"#, op.name, service.namespace);
    let result = format!("{}Result", op.name);
    element(&mut out, &result, &form.result, value, false, form.contract)?;
    let _ = write!(out, "</{}Response></soap:Body></soap:Envelope>", op.name);
    Ok(out)
}

/// The ASMX HTTP-POST answer: the bare typed element (`<boolean xmlns=tns>true</boolean>`).
pub fn bare(service: &ServiceDef, form: &Chosen, value: &Value) -> SoapResult<String> {
    let mut out = String::with_capacity(256);
    out.push_str(DECLARATION);
    out.push('\n');
    let ty = &form.result;
    let name = ty.bare_element();
    let ns = service.namespace;
    match ty {
        XsdType::Complex(_) | XsdType::ArrayOf(_) => {
            let _ = write!(out, r#"<{name} xmlns:xsi="{XSI}" xmlns:xsd="{XSD}" xmlns="{ns}">"#);
        }
        _ => {
            let _ = write!(out, r#"<{name} xmlns="{ns}">"#);
        }
    }
    content(&mut out, ty, value, form.contract)?;
    let _ = write!(out, "</{name}>");
    Ok(out)
}

/// ECGridOS's fault detail as its own clients read it: `<ErrorInfo>` with unqualified
/// `ErrorCode` (the `RetCode` number), `ErrorString`, `ErrorItem` (the parameter at fault) and
/// `ErrorMessage`.
fn error_info(out: &mut String, fault: &Fault) {
    let _ = write!(
        out,
        "<ErrorInfo><ErrorCode>{}</ErrorCode><ErrorString>{}</ErrorString><ErrorItem>",
        fault.ret_code.number(),
        fault.ret_code.describe()
    );
    escape(out, fault.item.as_deref().unwrap_or_default());
    out.push_str("</ErrorItem><ErrorMessage>");
    escape(out, &fault.message);
    out.push_str("</ErrorMessage></ErrorInfo>");
}

/// A fault envelope in `version`: the detail holds `<ErrorInfo>` first where the service has
/// it, then the error code in `<{service.fault_detail}>`.
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
        if service.error_info {
            error_info(&mut detail, fault);
        }
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
