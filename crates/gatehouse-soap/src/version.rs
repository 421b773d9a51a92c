//! The two SOAP versions and the three bindings a request can arrive through (SPEC §5.1).

use gatehouse_core::audit::FrontEnd;

/// Envelope namespace of SOAP 1.1.
pub const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// Envelope namespace of SOAP 1.2.
pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
/// XML Schema instance namespace (`xsi:nil`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// XML Schema namespace.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// A SOAP version; a request is answered in the version it was sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, `SOAPAction` header).
    V11,
    /// SOAP 1.2 (`application/soap+xml; action=...`).
    V12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn envelope_ns(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_ENV,
            SoapVersion::V12 => SOAP12_ENV,
        }
    }

    /// The version whose envelope namespace is `ns`.
    pub fn from_envelope_ns(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_ENV => Some(SoapVersion::V11),
            SOAP12_ENV => Some(SoapVersion::V12),
            _ => None,
        }
    }

    /// The content type of a message in this version.
    pub fn content_type(self) -> &'static str {
        match self {
            SoapVersion::V11 => "text/xml; charset=utf-8",
            SoapVersion::V12 => "application/soap+xml; charset=utf-8",
        }
    }

    /// The media type an envelope of this version is sent as.
    pub fn media_type(self) -> &'static str {
        match self {
            SoapVersion::V11 => "text/xml",
            SoapVersion::V12 => "application/soap+xml",
        }
    }

    /// The version's name, as messages spell it.
    pub fn name(self) -> &'static str {
        match self {
            SoapVersion::V11 => "SOAP 1.1",
            SoapVersion::V12 => "SOAP 1.2",
        }
    }

    /// The `mustUnderstand` values that mean true in this version.
    pub fn is_true(self, value: &str) -> bool {
        match self {
            SoapVersion::V11 => value.trim() == "1",
            SoapVersion::V12 => matches!(value.trim(), "1" | "true"),
        }
    }
}

/// How a request reached a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A SOAP envelope.
    Soap(SoapVersion),
    /// ASMX HTTP-POST: form fields in, bare XML element out.
    HttpPost,
    /// ASMX HTTP-GET: query-string parameters in, bare XML element out.
    HttpGet,
}

impl Binding {
    /// The audit front end of a request on this binding.
    pub fn front_end(self) -> FrontEnd {
        match self {
            Binding::Soap(SoapVersion::V11) => FrontEnd::Soap11,
            Binding::Soap(SoapVersion::V12) => FrontEnd::Soap12,
            // Audit has one plain-HTTP front end; both ASMX verbs are it.
            Binding::HttpPost | Binding::HttpGet => FrontEnd::HttpPost,
        }
    }
}
