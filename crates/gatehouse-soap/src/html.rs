//! The small HTML pages a browser sees on `GET <endpoint>` (SPEC §5.1): the operations, their
//! parameters and a link to the WSDL; and on `GET <endpoint>?op=<Name>`, one operation with a
//! sample request for every binding the service serves. All from the operation table.

use std::fmt::Write as _;

use crate::envelope::writer::escape;
use crate::operation::{HttpBinding, Operation, ServiceDef};

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
        out.push_str("<li><a href=\"?op=");
        escape(&mut out, op.name);
        out.push_str("\"><b>");
        escape(&mut out, op.name);
        out.push_str("</b></a>(");
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

/// The page of one operation: its parameters and a sample request in each binding.
pub fn op_page(service: &ServiceDef, op: &Operation, address: &str) -> String {
    let mut out = String::with_capacity(4096);
    let mut title = String::new();
    escape(&mut title, &format!("{}.{}", service.name, op.name));
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1><p>"#
    );
    escape(&mut out, op.doc);
    out.push_str("</p><h2>Parameters</h2><ul>");
    for p in op.params {
        out.push_str("<li><code>");
        escape(&mut out, p.name);
        out.push_str("</code> ");
        escape(&mut out, p.ty.bare_element());
        out.push_str(if p.required { " (required)" } else { " (optional)" });
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    let fields: String =
        op.params.iter().map(|p| format!("<{0}>{1}</{0}>", p.name, p.ty.bare_element())).collect();
    let body = format!(r#"<{0} xmlns="{1}">{fields}</{0}></"#, op.name, service.namespace);
    let body = body.trim_end_matches("</");
    let samples = [
        (
            "SOAP 1.1",
            format!(
                "POST {address}\nContent-Type: text/xml; charset=utf-8\nSOAPAction: \"{}\"\n\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{body}</soap:Body></soap:Envelope>",
                service.soap_action(op)
            ),
        ),
        (
            "SOAP 1.2",
            format!(
                "POST {address}\nContent-Type: application/soap+xml; charset=utf-8\n\n<soap12:Envelope xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\"><soap12:Body>{body}</soap12:Body></soap12:Envelope>"
            ),
        ),
    ];
    let query: Vec<String> =
        op.params.iter().map(|p| format!("{}={}", p.name, p.ty.bare_element())).collect();
    let mut plain = Vec::new();
    for http in service.http_bindings() {
        let sample = match http {
            HttpBinding::Post => format!(
                "POST {address}/{}\nContent-Type: application/x-www-form-urlencoded\n\n{}",
                op.name,
                query.join("&")
            ),
            HttpBinding::Get => format!("GET {address}/{}?{}", op.name, query.join("&")),
        };
        plain.push((http.suffix(), sample));
    }
    for (name, sample) in
        samples.iter().map(|(n, s)| (*n, s.as_str())).chain(plain.iter().map(|(n, s)| (*n, s.as_str())))
    {
        out.push_str("<h2>");
        escape(&mut out, name);
        out.push_str("</h2><pre>");
        escape(&mut out, sample);
        out.push_str("</pre>");
    }
    let _ = write!(out, r#"<p><a href="{}">All operations</a></p></body></html>"#, {
        let mut a = String::new();
        escape(&mut a, address);
        a
    });
    out
}
