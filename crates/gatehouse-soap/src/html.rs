//! The small HTML page a browser sees on `GET <endpoint>` (SPEC §5.1): the operations, their
//! parameters and a link to the WSDL, all from the operation table.

use std::fmt::Write as _;

use crate::envelope::writer::escape;
use crate::operation::ServiceDef;

/// The operation list of `service` at `address`.
pub fn page(service: &ServiceDef, address: &str) -> String {
    let mut out = String::with_capacity(4096);
    let mut name = String::new();
    escape(&mut name, service.name);
    let mut wsdl = String::new();
    escape(&mut wsdl, &format!("{address}?WSDL"));
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name} web service</title></head><body><h1>{name}</h1><p>"#
    );
    escape(&mut out, service.documentation);
    let _ = write!(
        out,
        r#"</p><p>Service description: <a href="{wsdl}">{wsdl}</a></p><p>SOAP 1.1 and SOAP 1.2 at this address; target namespace <code>"#
    );
    escape(&mut out, service.namespace);
    out.push_str("</code>.</p><h2>Operations</h2><ul>");
    for op in service.operations {
        let params: Vec<String> =
            op.params.iter().map(|p| format!("{} {}", p.ty.bare_element(), p.name)).collect();
        out.push_str("<li><b>");
        escape(&mut out, op.name);
        out.push_str("</b>(");
        escape(&mut out, &params.join(", "));
        out.push_str(") → ");
        escape(&mut out, op.result.bare_element());
        out.push_str(": ");
        escape(&mut out, op.doc);
        out.push_str("</li>");
    }
    out.push_str("</ul></body></html>");
    out
}
