//! The small HTML pages a browser sees on `GET <endpoint>` (SPEC §5.1): the bindings served, the
//! operations, their parameters and links to the WSDL; and on `GET <endpoint>?op=<Name>`, one
//! operation with a sample request and response for every binding the service serves, as ASMX
//! pages show them. All from the operation table, in the contract asked for.

use std::fmt::Write as _;

use crate::envelope::writer::escape;
use crate::operation::{Chosen, HttpBinding, Operation, ServiceDef};
use crate::schema::{Contract, XsdType};

/// `text`, escaped for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text);
    out
}

/// The bindings `service` answers on, for people.
fn bindings(service: &ServiceDef) -> String {
    let mut list = vec!["SOAP 1.1", "SOAP 1.2"];
    list.extend(service.http_bindings().map(|h| match h {
        HttpBinding::Post => "HTTP-POST",
        HttpBinding::Get => "HTTP-GET",
    }));
    list.join(", ")
}

/// The operation list of `service` at `address`.
pub fn page(service: &ServiceDef, address: &str, contract: Contract) -> String {
    let mut out = String::with_capacity(4096);
    let name = esc(service.names(contract).0);
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name} web service</title></head><body><h1>{name}</h1><p>{}</p><p>Bindings: {} at this address; target namespace <code>{}</code>.</p><p>Service description: <a href="{wsdl}">{wsdl}</a>"#,
        esc(service.documentation),
        bindings(service),
        esc(service.namespace),
        wsdl = esc(&format!("{address}?WSDL")),
    );
    if service.vendor.is_some() {
        for c in Contract::ALL {
            let link = esc(&format!("{address}?WSDL&contract={}", c.as_str()));
            let _ = write!(out, r#"; the {} contract: <a href="{link}">{link}</a>"#, c.as_str());
        }
    }
    out.push_str("</p><h2>Operations</h2><ul>");
    for op in service.operations {
        let form = op.form(contract);
        let params: Vec<String> =
            form.params.iter().map(|p| format!("{} {}", p.ty.bare_element(), p.name)).collect();
        let _ = write!(
            out,
            r#"<li><a href="?op={0}"><b>{0}</b></a>({1}) → {2}: {3}</li>"#,
            esc(op.name),
            esc(&params.join(", ")),
            esc(&form.result.bare_element()),
            esc(form.doc)
        );
    }
    out.push_str("</ul></body></html>");
    out
}

/// The page of one operation: its parameters and a sample request and response in each binding.
pub fn op_page(service: &ServiceDef, op: &Operation, address: &str, contract: Contract) -> String {
    let form = op.form(contract);
    let mut out = String::with_capacity(8192);
    let title = esc(&format!("{}.{}", service.names(contract).0, op.name));
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1><p>{}</p><p>Bindings: {}.</p><h2>Parameters</h2><ul>"#,
        esc(form.doc),
        bindings(service)
    );
    for p in form.params {
        let needed = if p.required { "required" } else { "optional" };
        let _ = write!(out, "<li><code>{}</code> {} ({needed})</li>", esc(p.name), esc(&p.ty.bare_element()));
    }
    out.push_str("</ul>");
    for (name, sample) in samples(service, op, &form, address) {
        let _ = write!(out, "<h2>{}</h2><pre>{}</pre>", esc(&name), esc(&sample));
    }
    let _ = write!(out, r#"<p><a href="{}">All operations</a></p></body></html>"#, esc(address));
    out
}

/// `(heading, text)` of each sample exchange: SOAP 1.1, SOAP 1.2, then the HTTP bindings.
fn samples(service: &ServiceDef, op: &Operation, form: &Chosen, address: &str) -> Vec<(String, String)> {
    let ns = service.namespace;
    let fields: String =
        form.params.iter().map(|p| format!("<{0}>{1}</{0}>", p.name, p.ty.bare_element())).collect();
    let request = format!(r#"<{0} xmlns="{ns}">{fields}</{0}>"#, op.name);
    let result = sample_value(&form.result, form.contract);
    let response =
        format!(r#"<{0}Response xmlns="{ns}"><{0}Result>{result}</{0}Result></{0}Response>"#, op.name);
    let soap11 = |body: &str| {
        format!(
            r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>{body}</soap:Body></soap:Envelope>"#
        )
    };
    let soap12 = |body: &str| {
        format!(
            r#"<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>{body}</soap12:Body></soap12:Envelope>"#
        )
    };
    let mut out = vec![
        (
            "SOAP 1.1 request".to_string(),
            format!(
                "POST {address}\nContent-Type: text/xml; charset=utf-8\nSOAPAction: \"{}\"\n\n{}",
                service.soap_action(op),
                soap11(&request)
            ),
        ),
        (
            "SOAP 1.1 response".into(),
            format!("HTTP/1.1 200 OK\nContent-Type: text/xml; charset=utf-8\n\n{}", soap11(&response)),
        ),
        (
            "SOAP 1.2 request".into(),
            format!(
                "POST {address}\nContent-Type: application/soap+xml; charset=utf-8\n\n{}",
                soap12(&request)
            ),
        ),
        (
            "SOAP 1.2 response".into(),
            format!(
                "HTTP/1.1 200 OK\nContent-Type: application/soap+xml; charset=utf-8\n\n{}",
                soap12(&response)
            ),
        ),
    ];
    let query: Vec<String> =
        form.params.iter().map(|p| format!("{}={}", p.name, p.ty.bare_element())).collect();
    let bare = format!(
        "HTTP/1.1 200 OK\nContent-Type: text/xml; charset=utf-8\n\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{0} xmlns=\"{ns}\">{result}</{0}>",
        form.result.bare_element()
    );
    for http in service.http_bindings() {
        let (name, request) = match http {
            HttpBinding::Post => (
                "HTTP-POST",
                format!(
                    "POST {address}/{}\nContent-Type: application/x-www-form-urlencoded\n\n{}",
                    op.name,
                    query.join("&")
                ),
            ),
            HttpBinding::Get => ("HTTP-GET", format!("GET {address}/{}?{}", op.name, query.join("&"))),
        };
        out.push((format!("{name} request ({})", http.suffix()), request));
        out.push((format!("{name} response"), bare.clone()));
    }
    out
}

/// A placeholder value of `ty`: its type name, or the fields of a complex type (an array shows
/// two items).
fn sample_value(ty: &XsdType, contract: Contract) -> String {
    match ty {
        XsdType::Complex(c) => c
            .fields(contract)
            .iter()
            .map(|f| format!("<{0}>{1}</{0}>", f.name, sample_value(&f.ty, contract)))
            .collect(),
        XsdType::ArrayOf(c) => {
            let item = format!("<{0}>{1}</{0}>", c.name, sample_value(&XsdType::Complex(c), contract));
            format!("{item}{item}")
        }
        other => other.simple_name().to_string(),
    }
}
