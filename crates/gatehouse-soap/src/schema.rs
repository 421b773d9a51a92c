//! The XML Schema types an operation table speaks, and the values handlers return in them.
//! The WSDL's `types` section, parameter decoding and result encoding all read these
//! definitions, so the wire and the description cannot disagree.

use chrono::{DateTime, Utc};

/// The type of a parameter, a result or a field.
#[derive(Debug, Clone, Copy)]
pub enum XsdType {
    /// `xsd:int` (32-bit).
    Int,
    /// `xsd:boolean` (`true`, `false`, `1`, `0`).
    Boolean,
    /// `xsd:string`.
    String,
    /// `xsd:dateTime`, always sent in UTC with `Z`.
    DateTime,
    /// A string enumeration declared in the schema.
    Enum(&'static EnumType),
    /// A complex type declared in the schema.
    Complex(&'static ComplexType),
}

impl XsdType {
    /// The qualified type name as the WSDL writes it (`s:` is XML Schema, `tns:` the service).
    pub fn qname(&self) -> String {
        match self {
            XsdType::Int => "s:int".into(),
            XsdType::Boolean => "s:boolean".into(),
            XsdType::String => "s:string".into(),
            XsdType::DateTime => "s:dateTime".into(),
            XsdType::Enum(e) => format!("tns:{}", e.name),
            XsdType::Complex(c) => format!("tns:{}", c.name),
        }
    }

    /// The element name of a bare value of this type (ASMX HTTP-POST answers `<boolean>`).
    pub fn bare_element(&self) -> &'static str {
        match self {
            XsdType::Int => "int",
            XsdType::Boolean => "boolean",
            XsdType::String => "string",
            XsdType::DateTime => "dateTime",
            XsdType::Enum(e) => e.name,
            XsdType::Complex(c) => c.name,
        }
    }

    /// True for types a .NET client sees as references (may be absent), false for values.
    pub fn is_reference(&self) -> bool {
        matches!(self, XsdType::String | XsdType::Complex(_))
    }
}

/// A string enumeration (`AuthLevel`, `Status`).
#[derive(Debug)]
pub struct EnumType {
    /// Schema type name.
    pub name: &'static str,
    /// Allowed values, in schema order.
    pub values: &'static [&'static str],
}

/// A complex type: a sequence of named fields.
#[derive(Debug)]
pub struct ComplexType {
    /// Schema type name (also the bare element name).
    pub name: &'static str,
    /// Fields in wire order.
    pub fields: &'static [Field],
}

/// One field of a complex type.
#[derive(Debug)]
pub struct Field {
    /// Element name.
    pub name: &'static str,
    /// Type.
    pub ty: XsdType,
    /// May be sent as `xsi:nil="true"`.
    pub nillable: bool,
}

/// A value a handler returns; the encoder checks it against the declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An `int`.
    Int(i64),
    /// A `boolean`.
    Bool(bool),
    /// A `string`.
    Str(String),
    /// A `dateTime`.
    DateTime(DateTime<Utc>),
    /// An enumeration value.
    Enum(&'static str),
    /// No value (`xsi:nil`), only where the field is nillable.
    Nil,
    /// A complex value: `(field name, value)` in the type's field order.
    Object(Vec<(&'static str, Value)>),
}

impl Value {
    /// An optional time: the time, or nil.
    pub fn opt_time(t: Option<DateTime<Utc>>) -> Value {
        t.map_or(Value::Nil, Value::DateTime)
    }
}
