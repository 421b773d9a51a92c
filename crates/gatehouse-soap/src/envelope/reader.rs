//! Read a SOAP 1.1 or 1.2 request envelope into the operation's qualified name and its raw
//! parameters, refusing hostile input on the way (SPEC §5.1): any DOCTYPE (so no entity can be
//! declared, expanded or fetched), processing instructions, nesting deeper than [`MAX_DEPTH`],
//! more than [`MAX_ELEMENTS`] elements, and anything but UTF-8. One forward pass over a body
//! already bounded in size: time and memory are linear in the body, and nothing panics.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::text::{check_declaration, decode_body, resolve_reference};
use crate::args::{RawParam, RawValue};
use crate::fault::SoapError;
use crate::version::{SoapVersion, XSI};

/// Deepest element nesting accepted (Envelope, Body, operation and parameter use four).
pub const MAX_DEPTH: usize = 32;
/// Most elements accepted in one message.
pub const MAX_ELEMENTS: usize = 1000;
/// The refusal of anything but whitespace after the root element.
const AFTER_ROOT: &str = "the message has content after the Envelope's end element";
/// Most namespace bindings in scope at once.
const MAX_NAMESPACE_BINDINGS: usize = 128;

/// A decoded request envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapRequest {
    /// The version of the envelope (the answer's version).
    pub version: SoapVersion,
    /// Namespace of the body element (empty when unqualified).
    pub namespace: String,
    /// Local name of the body element: the operation.
    pub operation: String,
    /// Child elements of the body element, in document order.
    pub params: Vec<RawParam>,
}

/// A refused envelope and the version to answer in (the envelope's, once known).
#[derive(Debug)]
pub struct ReadFailure {
    /// Version of the fault.
    pub version: SoapVersion,
    /// Why.
    pub error: SoapError,
}

/// What an open element is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Envelope,
    Header,
    Body,
    Operation,
    Param(usize),
    Other,
}

struct State {
    version: Option<SoapVersion>,
    declared: Option<SoapVersion>,
    stack: Vec<Role>,
    elements: usize,
    seen_root: bool,
    seen_body: bool,
    operation: Option<(String, String)>,
    params: Vec<RawParam>,
}

/// Read `body`; `hint` (from the content type) is the fault version until the root is read, and
/// an envelope of another version than `declared` (the one the media type names) is refused.
pub fn read_envelope(
    body: &[u8],
    hint: SoapVersion,
    declared: Option<SoapVersion>,
) -> Result<SoapRequest, ReadFailure> {
    let mut state = State {
        version: None,
        declared,
        stack: Vec::with_capacity(8),
        elements: 0,
        seen_root: false,
        seen_body: false,
        operation: None,
        params: Vec::new(),
    };
    let result = decode_body(body).and_then(|text| state.run(text));
    let version = state.version.unwrap_or(hint);
    match result {
        Ok(()) => {
            let (namespace, operation) = state.operation.unwrap_or_default();
            Ok(SoapRequest { version, namespace, operation, params: state.params })
        }
        Err(error) => Err(ReadFailure { version, error }),
    }
}

fn bad(message: impl Into<String>) -> SoapError {
    SoapError::bad(message)
}

impl State {
    fn run(&mut self, text: &str) -> Result<(), SoapError> {
        let mut reader = NsReader::from_str(text);
        reader.resolver_mut().set_max_namespace_bindings(MAX_NAMESPACE_BINDINGS);
        loop {
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = reader.error_position();
                    return Err(bad(format!("the message is not well-formed XML at byte {at}: {e}")));
                }
            };
            match event {
                // Refused before anything else: no entity is ever declared or expanded.
                Event::DocType(_) => return Err(bad("DOCTYPE declarations (DTDs) are not accepted")),
                Event::Decl(decl) => check_declaration(&decl)?,
                Event::PI(_) => return Err(bad("processing instructions are not allowed in a SOAP message")),
                // Only whitespace may follow the Envelope's end element.
                Event::Text(t) if self.after_root() => {
                    if !t.as_ref().chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
                        return Err(bad(AFTER_ROOT));
                    }
                }
                Event::Start(_)
                | Event::Empty(_)
                | Event::CData(_)
                | Event::GeneralRef(_)
                | Event::Comment(_)
                    if self.after_root() =>
                {
                    return Err(bad(AFTER_ROOT));
                }
                Event::Start(e) => {
                    let role = self.open(&e, &reader)?;
                    self.stack.push(role);
                }
                Event::Empty(e) => {
                    self.open(&e, &reader)?;
                }
                Event::End(_) => {
                    self.stack.pop();
                }
                Event::Text(t) => self.append(&t.xml10_content()),
                Event::CData(t) => self.append(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c = resolve_reference(&r)?;
                    self.append(c.encode_utf8(&mut [0; 4]));
                }
                Event::Comment(_) => {}
                Event::Eof => return self.finish(),
            }
        }
    }

    /// True once the root element has closed.
    fn after_root(&self) -> bool {
        self.seen_root && self.stack.is_empty()
    }

    /// Account for a new element and decide its role from its parent's.
    fn open(&mut self, e: &BytesStart<'_>, reader: &NsReader<&[u8]>) -> Result<Role, SoapError> {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(bad(format!("the message has more than {MAX_ELEMENTS} elements")));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(bad(format!("elements are nested deeper than {MAX_DEPTH} levels")));
        }
        let (ns, local) = reader.resolver().resolve_element(e.name());
        let ns = match ns {
            ResolveResult::Bound(Namespace(n)) => n,
            ResolveResult::Unbound => "",
            ResolveResult::Unknown(prefix) => {
                return Err(bad(format!(
                    "namespace prefix `{}` is not declared",
                    prefix.chars().take(40).collect::<String>()
                )))
            }
        };
        let local = local.into_inner();
        let env_ns = self.version.map(SoapVersion::envelope_ns);
        let role = match self.stack.last().copied() {
            None => self.root(ns, local)?,
            Some(Role::Envelope) if Some(ns) == env_ns && local == "Header" && !self.seen_body => {
                Role::Header
            }
            Some(Role::Envelope) if Some(ns) == env_ns && local == "Body" => {
                if self.seen_body {
                    return Err(bad("the Envelope has more than one Body"));
                }
                self.seen_body = true;
                Role::Body
            }
            Some(Role::Header) => {
                self.header_block(ns, local, e, reader)?;
                Role::Other
            }
            Some(Role::Body) if self.operation.is_none() => {
                self.operation = Some((ns.to_string(), local.to_string()));
                Role::Operation
            }
            Some(Role::Operation) => {
                let value = if is_nil(e, reader) { RawValue::Nil } else { RawValue::Text(String::new()) };
                self.params.push(RawParam { name: local.to_string(), value });
                Role::Param(self.params.len() - 1)
            }
            Some(Role::Param(i)) => {
                if let Some(p) = self.params.get_mut(i) {
                    p.value = RawValue::Element;
                }
                Role::Other
            }
            Some(_) => Role::Other,
        };
        Ok(role)
    }

    fn root(&mut self, ns: &str, local: &str) -> Result<Role, SoapError> {
        if self.seen_root {
            return Err(bad("the message has more than one root element"));
        }
        self.seen_root = true;
        match SoapVersion::from_envelope_ns(ns) {
            Some(v) if local == "Envelope" => {
                self.version = Some(v);
                match self.declared {
                    // Answered in the envelope's version, the XML the client will read.
                    Some(declared) if declared != v => Err(SoapError::VersionMismatch(format!(
                        "a {} envelope ({}) is sent as {}, not {}",
                        v.name(),
                        v.envelope_ns(),
                        v.media_type(),
                        declared.media_type()
                    ))),
                    _ => Ok(Role::Envelope),
                }
            }
            _ if local == "Envelope" => Err(SoapError::VersionMismatch(format!(
                "the Envelope namespace `{}` is not SOAP 1.1 ({}) or SOAP 1.2 ({})",
                ns.chars().take(100).collect::<String>(),
                SoapVersion::V11.envelope_ns(),
                SoapVersion::V12.envelope_ns()
            ))),
            _ => Err(bad(format!(
                "the root element must be a SOAP Envelope, not `{}`",
                local.chars().take(100).collect::<String>()
            ))),
        }
    }

    /// A header block we must understand but do not is a `MustUnderstand` fault; headers
    /// addressed to another role, or optional ones, are ignored.
    fn header_block(
        &self,
        ns: &str,
        local: &str,
        e: &BytesStart<'_>,
        reader: &NsReader<&[u8]>,
    ) -> Result<(), SoapError> {
        let Some(version) = self.version else {
            return Ok(());
        };
        let mut must = false;
        let mut for_us = true;
        for attr in e.attributes().flatten() {
            let (attr_ns, name) = reader.resolver().resolve_attribute(attr.key);
            if attr_ns != ResolveResult::Bound(Namespace(version.envelope_ns())) {
                continue;
            }
            let value = attr.value.trim();
            match name.into_inner() {
                "mustUnderstand" => must = version.is_true(value),
                "actor" | "role" => for_us = addresses_us(value),
                _ => {}
            }
        }
        if must && for_us {
            return Err(SoapError::MustUnderstand(format!(
                "header block {{{}}}{} is not understood",
                ns.chars().take(100).collect::<String>(),
                local.chars().take(100).collect::<String>()
            )));
        }
        Ok(())
    }

    fn append(&mut self, text: &str) {
        if let Some(Role::Param(i)) = self.stack.last() {
            if let Some(RawParam { value: RawValue::Text(buf), .. }) = self.params.get_mut(*i) {
                buf.push_str(text);
            }
        }
    }

    fn finish(&self) -> Result<(), SoapError> {
        if !self.stack.is_empty() {
            return Err(bad("the message ends inside an element"));
        }
        if !self.seen_root {
            return Err(bad("the message contains no XML element; send a SOAP Envelope"));
        }
        if !self.seen_body {
            return Err(bad("the Envelope has no Body"));
        }
        if self.operation.is_none() {
            return Err(bad("the Body names no operation"));
        }
        Ok(())
    }
}

/// True for `xsi:nil="true"` (or `1`).
fn is_nil(e: &BytesStart<'_>, reader: &NsReader<&[u8]>) -> bool {
    e.attributes().flatten().any(|attr| {
        let (ns, name) = reader.resolver().resolve_attribute(attr.key);
        ns == ResolveResult::Bound(Namespace(XSI))
            && name.into_inner() == "nil"
            && matches!(attr.value.trim(), "true" | "1")
    })
}

/// True when a header's actor (1.1) or role (1.2) is this node: next or ultimate receiver.
fn addresses_us(role: &str) -> bool {
    matches!(
        role.trim(),
        "" | "http://schemas.xmlsoap.org/soap/actor/next"
            | "http://www.w3.org/2003/05/soap-envelope/role/next"
            | "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"
    )
}
