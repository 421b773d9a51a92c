//! The XML Schema types an operation table speaks, and the values handlers return in them.
//! The WSDL's `types` section, parameter decoding and result encoding all read these
//! definitions, so the wire and the description cannot disagree.

use chrono::{DateTime, Utc};

/// Which ECGridOS contract a WSDL describes and an answer follows (SPEC §5.2): the seeds'
/// (Gatehouse's own first description) or the vendor's WSDL "v4.1 Build 472". Services without
/// contracts (Archer) read the same table either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contract {
    /// The seed documents' shapes: 10-field `UserIDInfo` with `Login`, `Email`.
    Seed,
    /// The vendor's WSDL shapes: 20-field `UserIDInfo` with `LoginName`, `EMail`.
    Build472,
}

impl Contract {
    /// Both contracts.
    pub const ALL: [Contract; 2] = [Contract::Seed, Contract::Build472];

    /// The configuration and query-string name (`seed`, `build472`).
    pub fn as_str(self) -> &'static str {
        match self {
            Contract::Seed => "seed",
            Contract::Build472 => "build472",
        }
    }

    /// A contract by its name, ignoring case.
    pub fn parse(name: &str) -> Option<Contract> {
        Contract::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// The type of a parameter, a result or a field.
#[derive(Debug, Clone, Copy)]
pub enum XsdType {
    /// `xsd:int` (32-bit).
    Int,
    /// `xsd:short` (16-bit).
    Short,
    /// `xsd:float`.
    Float,
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
    /// ASMX's `ArrayOf<Type>`: a sequence of `<Type>` elements.
    ArrayOf(&'static ComplexType),
}

impl XsdType {
    /// The qualified type name as the WSDL writes it (`s:` is XML Schema, `tns:` the service).
    pub fn qname(&self) -> String {
        match self {
            XsdType::Int => "s:int".into(),
            XsdType::Short => "s:short".into(),
            XsdType::Float => "s:float".into(),
            XsdType::Boolean => "s:boolean".into(),
            XsdType::String => "s:string".into(),
            XsdType::DateTime => "s:dateTime".into(),
            XsdType::Enum(e) => format!("tns:{}", e.name),
            XsdType::Complex(c) => format!("tns:{}", c.name),
            XsdType::ArrayOf(c) => format!("tns:ArrayOf{}", c.name),
        }
    }

    /// The element name of a bare value of this type (ASMX HTTP-POST answers `<boolean>`).
    pub fn bare_element(&self) -> String {
        match self {
            XsdType::ArrayOf(c) => format!("ArrayOf{}", c.name),
            other => other.simple_name().to_string(),
        }
    }

    /// The type's own name without a namespace prefix (`int`, `UserIDInfo`); an array names
    /// its item type.
    pub fn simple_name(&self) -> &'static str {
        match self {
            XsdType::Int => "int",
            XsdType::Short => "short",
            XsdType::Float => "float",
            XsdType::Boolean => "boolean",
            XsdType::String => "string",
            XsdType::DateTime => "dateTime",
            XsdType::Enum(e) => e.name,
            XsdType::Complex(c) | XsdType::ArrayOf(c) => c.name,
        }
    }

    /// True for types a .NET client sees as references (may be absent), false for values:
    /// ASMX declares references `minOccurs="0"` and values `minOccurs="1"`.
    pub fn is_reference(&self) -> bool {
        matches!(self, XsdType::String | XsdType::Complex(_) | XsdType::ArrayOf(_))
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
    /// Fields in wire order (the vendor's, where the contracts differ).
    pub fields: &'static [Field],
    /// The seeds' fields, where they differ from [`ComplexType::fields`].
    pub seed_fields: Option<&'static [Field]>,
}

impl ComplexType {
    /// The fields under `contract`.
    pub fn fields(&self, contract: Contract) -> &'static [Field] {
        match (contract, self.seed_fields) {
            (Contract::Seed, Some(seed)) => seed,
            _ => self.fields,
        }
    }
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
    /// A complex value: `(field name, value)`, at least every field the type declares under
    /// the answer's contract (the writer takes those, in the type's order).
    Object(Vec<(&'static str, Value)>),
    /// An `ArrayOf…` value: its items.
    List(Vec<Value>),
}

impl Value {
    /// An optional time: the time, or nil.
    pub fn opt_time(t: Option<DateTime<Utc>>) -> Value {
        t.map_or(Value::Nil, Value::DateTime)
    }
}
