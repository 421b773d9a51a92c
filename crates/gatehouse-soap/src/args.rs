//! Typed parameter decoding from the operation table (SPEC §5.1): parameters in any order,
//! unknown ones ignored (older generated clients send fields this version dropped), a missing
//! required one or text that is not of the declared type is an `InvalidParameter` naming it.

use gatehouse_core::CoreError;

use crate::fault::SoapResult;
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::operation::Param;
use crate::schema::XsdType;

/// A parameter as a binding found it, before typing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParam {
    /// Local element name or form field name.
    pub name: String,
    /// What it held.
    pub value: RawValue,
}

/// The content of a raw parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// Text (entities resolved, CDATA joined).
    Text(String),
    /// `xsi:nil="true"`: treated as absent.
    Nil,
    /// Child elements where a simple value was expected.
    Element,
}

/// A decoded parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// An `int`.
    Int(i64),
    /// A `boolean`.
    Bool(bool),
    /// A `string` or `dateTime` text.
    Str(String),
    /// An enumeration value, as declared.
    Enum(&'static str),
}

/// The decoded parameters of one call, by declared name.
#[derive(Debug, Clone, Default)]
pub struct Args {
    values: Vec<(&'static str, Arg)>,
}

fn invalid(name: &str, reason: impl Into<String>) -> CoreError {
    CoreError::invalid(name, reason)
}

/// A handler asked for a parameter its table row does not declare: a programming error.
fn undeclared(name: &str) -> CoreError {
    CoreError::internal(format!("handler reads undeclared parameter `{name}`"))
}

impl Args {
    /// Decode `raw` against a parameter list. The first occurrence of a name wins.
    pub fn decode(params: &[Param], raw: &[RawParam]) -> SoapResult<Args> {
        let mut values = Vec::with_capacity(params.len());
        for param in params {
            let found = raw.iter().find(|r| param.answers_to(&r.name));
            match found.map(|r| &r.value) {
                None | Some(RawValue::Nil) if param.required => {
                    return Err(invalid(param.name, "is required").into())
                }
                None | Some(RawValue::Nil) => {}
                Some(RawValue::Element) => {
                    return Err(invalid(param.name, "must be text, not elements").into())
                }
                Some(RawValue::Text(text)) => values.push((param.name, typed(param, text)?)),
            }
        }
        Ok(Args { values })
    }

    fn get(&self, name: &str) -> Option<&Arg> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A required `string` parameter.
    pub fn string(&self, name: &str) -> SoapResult<&str> {
        self.opt_string(name)?.ok_or_else(|| invalid(name, "is required").into())
    }

    /// An optional `string` parameter.
    pub fn opt_string(&self, name: &str) -> SoapResult<Option<&str>> {
        match self.get(name) {
            Some(Arg::Str(s)) => Ok(Some(s)),
            Some(_) => Err(undeclared(name).into()),
            None => Ok(None),
        }
    }

    /// A required `int` parameter.
    pub fn int(&self, name: &str) -> SoapResult<i64> {
        match self.get(name) {
            Some(Arg::Int(i)) => Ok(*i),
            Some(_) => Err(undeclared(name).into()),
            None => Err(invalid(name, "is required").into()),
        }
    }

    /// An optional `int` or `short` parameter.
    pub fn opt_int(&self, name: &str) -> SoapResult<Option<i64>> {
        match self.get(name) {
            Some(Arg::Int(i)) => Ok(Some(*i)),
            Some(_) => Err(undeclared(name).into()),
            None => Ok(None),
        }
    }

    /// A required `dateTime` parameter, in UTC (a time without an offset is taken as UTC, as
    /// .NET sends `DateTimeKind.Unspecified` values).
    pub fn datetime(&self, name: &str) -> SoapResult<DateTime<Utc>> {
        let text = self.string(name)?.trim();
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map(|t| t.and_utc()))
            .map_err(|_| invalid(name, format!("`{}` is not a valid dateTime", clip(text))).into())
    }

    /// An optional enumeration parameter.
    pub fn opt_enumeration(&self, name: &str) -> SoapResult<Option<&'static str>> {
        match self.get(name) {
            Some(Arg::Enum(v)) => Ok(Some(v)),
            Some(_) => Err(undeclared(name).into()),
            None => Ok(None),
        }
    }

    /// A required `boolean` parameter.
    pub fn bool(&self, name: &str) -> SoapResult<bool> {
        match self.get(name) {
            Some(Arg::Bool(b)) => Ok(*b),
            Some(_) => Err(undeclared(name).into()),
            None => Err(invalid(name, "is required").into()),
        }
    }

    /// A required enumeration parameter.
    pub fn enumeration(&self, name: &str) -> SoapResult<&'static str> {
        match self.get(name) {
            Some(Arg::Enum(v)) => Ok(v),
            Some(_) => Err(undeclared(name).into()),
            None => Err(invalid(name, "is required").into()),
        }
    }
}

/// Type `text` as `param` declares; XML Schema collapses whitespace around simple values.
fn typed(param: &Param, text: &str) -> SoapResult<Arg> {
    let name = param.name;
    let arg = match param.ty {
        XsdType::String | XsdType::DateTime => Arg::Str(text.to_string()),
        XsdType::Int => {
            let t = text.trim();
            let n =
                t.parse::<i32>().map_err(|_| invalid(name, format!("`{}` is not a valid int", clip(t))))?;
            Arg::Int(i64::from(n))
        }
        XsdType::Short => {
            let t = text.trim();
            let n =
                t.parse::<i16>().map_err(|_| invalid(name, format!("`{}` is not a valid short", clip(t))))?;
            Arg::Int(i64::from(n))
        }
        XsdType::Boolean => match text.trim() {
            "true" | "1" => Arg::Bool(true),
            "false" | "0" => Arg::Bool(false),
            other => {
                let reason = format!("`{}` is not a valid boolean (true, false, 1, 0)", clip(other));
                return Err(invalid(name, reason).into());
            }
        },
        XsdType::Enum(e) => {
            let t = text.trim();
            let value = e.values.iter().find(|v| **v == t).ok_or_else(|| {
                let allowed = e.values.join(", ");
                invalid(name, format!("`{}` is not one of {allowed}", clip(t)))
            })?;
            Arg::Enum(value)
        }
        XsdType::Float | XsdType::Complex(_) | XsdType::ArrayOf(_) => {
            let reason = format!("parameter type {} is not supported", param.ty.qname());
            return Err(CoreError::internal(reason).into());
        }
    };
    Ok(arg)
}

/// At most 64 characters of client text, for messages.
fn clip(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Call;
    use crate::fault::SoapError;
    use crate::operation::{optional, required, HandlerFuture, Operation};
    use crate::schema::{EnumType, Value};

    static COLOUR: EnumType = EnumType { name: "Colour", values: &["Red", "Green"] };

    fn nothing(_: Call) -> HandlerFuture {
        Box::pin(async { Ok(Value::Nil) })
    }

    static OP: Operation = Operation {
        name: "Op",
        doc: "",
        params: &[
            Param { aliases: &["Name"], ..required("LoginName", XsdType::String) },
            required("Count", XsdType::Int),
            required("Flag", XsdType::Boolean),
            optional("Colour", XsdType::Enum(&COLOUR)),
        ],
        result: XsdType::Boolean,
        handler: nothing,
        seed: None,
    };

    fn raw(pairs: &[(&str, &str)]) -> Vec<RawParam> {
        pairs
            .iter()
            .map(|(n, v)| RawParam { name: (*n).into(), value: RawValue::Text((*v).into()) })
            .collect()
    }

    fn problem(pairs: &[(&str, &str)]) -> String {
        match Args::decode(OP.params, &raw(pairs)) {
            Err(SoapError::Core(CoreError::InvalidParameter { field, reason })) => {
                format!("{field}: {reason}")
            }
            other => panic!("expected InvalidParameter, got {other:?}"),
        }
    }

    #[test]
    fn decodes_typed_values_in_any_order_with_aliases_and_ignores_unknown_ones() {
        let args = Args::decode(
            OP.params,
            &raw(&[("Junk", "x"), ("Flag", " 1 "), ("Count", "-7"), ("Name", " jo "), ("Colour", "Green")]),
        )
        .unwrap();
        assert_eq!(args.string("LoginName").unwrap(), " jo ");
        assert_eq!(args.int("Count").unwrap(), -7);
        assert!(args.bool("Flag").unwrap());
        assert_eq!(args.enumeration("Colour").unwrap(), "Green");
        let without =
            Args::decode(OP.params, &raw(&[("LoginName", ""), ("Count", "0"), ("Flag", "false")])).unwrap();
        assert_eq!(without.string("LoginName").unwrap(), "");
        assert_eq!(without.opt_string("Colour").unwrap(), None);
    }

    #[test]
    fn missing_nil_and_mistyped_parameters_are_named() {
        assert_eq!(problem(&[("Count", "1"), ("Flag", "true")]), "LoginName: is required");
        let nil = vec![RawParam { name: "LoginName".into(), value: RawValue::Nil }];
        assert!(
            matches!(Args::decode(OP.params, &nil), Err(SoapError::Core(CoreError::InvalidParameter { field, .. })) if field == "LoginName")
        );
        let base = [("LoginName", "a"), ("Flag", "true")];
        for (count, reason) in [
            ("abc", "Count: `abc` is not a valid int"),
            ("2147483648", "Count: `2147483648` is not a valid int"),
            ("1.5", "Count: `1.5` is not a valid int"),
        ] {
            assert_eq!(problem(&[base[0], base[1], ("Count", count)]), reason);
        }
        assert!(problem(&[("LoginName", "a"), ("Count", "1"), ("Flag", "yes")])
            .starts_with("Flag: `yes` is not a valid boolean"));
        assert!(problem(&[("LoginName", "a"), ("Count", "1"), ("Flag", "1"), ("Colour", "Blue")])
            .starts_with("Colour: `Blue` is not one of Red, Green"));
        let nested = vec![
            RawParam { name: "LoginName".into(), value: RawValue::Element },
            RawParam { name: "Count".into(), value: RawValue::Text("1".into()) },
        ];
        assert!(
            matches!(Args::decode(OP.params, &nested), Err(SoapError::Core(CoreError::InvalidParameter { field, .. })) if field == "LoginName")
        );
    }

    #[test]
    fn reading_an_undeclared_parameter_is_an_internal_error() {
        let args =
            Args::decode(OP.params, &raw(&[("LoginName", "a"), ("Count", "1"), ("Flag", "1")])).unwrap();
        assert!(matches!(args.int("LoginName"), Err(SoapError::Core(CoreError::Internal(_)))));
    }
}
