//! Web API arguments as Slack accepts them (SPEC §6): query string plus a form-urlencoded,
//! multipart, JSON or text/plain body, with Slack's transport errors and charset warnings.

use std::collections::HashMap;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap};
use actix_web::web::BytesMut;
use actix_web::HttpRequest;
use futures_util::StreamExt;
use gatehouse_core::user::UserId;
use serde_json::Value;

use super::error::SlackError;

/// The only arguments that may hold several values (Slack's `user_ids`).
const LIST_ARGS: &[&str] = &["user_ids"];

/// Arguments kept however often they come, so the core sees every copy (a second `token` is
/// a second credential, refused as such).
const KEEP_EVERY: &[&str] = &["token"];

/// Longest accepted argument name.
const MAX_ARG_NAME: usize = 64;

/// One argument: a string, or a list (JSON array; repeated form keys).
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A single value.
    Str(String),
    /// Several values.
    List(Vec<String>),
}

/// Decoded arguments and the warnings the transport earned.
#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, ArgValue>,
    /// `missing_charset`, `superfluous_charset`.
    pub warnings: Vec<&'static str>,
}

impl Args {
    /// A string argument; a list here is `invalid_array_arg`.
    pub fn str(&self, name: &str) -> Result<Option<&str>, SlackError> {
        match self.values.get(name) {
            None => Ok(None),
            Some(ArgValue::Str(s)) => Ok(Some(s.as_str())),
            Some(ArgValue::List(_)) => Err(SlackError::Code(
                "invalid_array_arg",
                Some(format!("`{name}` must be a single value, not an array")),
            )),
        }
    }

    /// Every value given for `name`, in the order they came (none when absent).
    pub fn all(&self, name: &str) -> Vec<&str> {
        match self.values.get(name) {
            None => Vec::new(),
            Some(ArgValue::Str(s)) => vec![s.as_str()],
            Some(ArgValue::List(v)) => v.iter().map(String::as_str).collect(),
        }
    }

    /// A required string argument.
    pub fn required(&self, name: &str) -> Result<&str, SlackError> {
        self.str(name)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| SlackError::invalid_arguments(format!("missing required field: {name}")))
    }

    /// A boolean argument: `true`/`false`/`1`/`0` (absent = `false`).
    pub fn flag(&self, name: &str) -> Result<bool, SlackError> {
        match self.str(name)? {
            None | Some("") => Ok(false),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(SlackError::invalid_arguments(format!("`{name}` must be true, false, 1 or 0"))),
            },
        }
    }

    /// A list argument: a JSON array, repeated keys, one comma-separated string, or the JSON
    /// text of an array in a form field.
    pub fn list(&self, name: &str) -> Vec<String> {
        match self.values.get(name) {
            None => Vec::new(),
            Some(ArgValue::List(v)) => v.clone(),
            // Slack's Node client sends an array in a form as its JSON text (`["W1","W2"]`).
            Some(ArgValue::Str(s)) if s.trim_start().starts_with('[') => {
                match serde_json::from_str::<Vec<serde_json::Value>>(s) {
                    Ok(items) => items
                        .into_iter()
                        .map(|v| match v {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        })
                        .collect(),
                    Err(_) => vec![s.clone()],
                }
            }
            Some(ArgValue::Str(s)) => {
                s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
            }
        }
    }

    fn insert(&mut self, name: String, value: ArgValue) -> Result<(), SlackError> {
        check_name(&name)?;
        let repeated = self.values.contains_key(&name) || matches!(value, ArgValue::List(_));
        if repeated && !LIST_ARGS.contains(&name.as_str()) && !KEEP_EVERY.contains(&name.as_str()) {
            return Err(SlackError::Code(
                "invalid_array_arg",
                Some(format!("`{name}` must be a single value, not an array")),
            ));
        }
        let merged = match (self.values.remove(&name), value) {
            (None, v) => v,
            (Some(ArgValue::Str(a)), ArgValue::Str(b)) => ArgValue::List(vec![a, b]),
            (Some(ArgValue::List(mut a)), ArgValue::Str(b)) => {
                a.push(b);
                ArgValue::List(a)
            }
            (Some(ArgValue::Str(a)), ArgValue::List(b)) => ArgValue::List([vec![a], b].concat()),
            (Some(ArgValue::List(a)), ArgValue::List(b)) => ArgValue::List([a, b].concat()),
        };
        self.values.insert(name, merged);
        Ok(())
    }
}

/// A Slack user id: `W123`, `U123` or `123`; anything else is `user_not_found`.
pub fn parse_user_id(raw: &str) -> Result<UserId, SlackError> {
    let digits = raw.strip_prefix(['W', 'U']).unwrap_or(raw);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && !digits.starts_with('+'))
        .map(UserId)
        .ok_or(SlackError::Code("user_not_found", Some(format!("`{raw}` is not a user id"))))
}

fn check_name(name: &str) -> Result<(), SlackError> {
    if name.ends_with("[]") || name.contains('[') {
        return Err(SlackError::Code("invalid_array_arg", Some(format!("`{name}` is an array argument"))));
    }
    let ok = !name.is_empty()
        && name.len() <= MAX_ARG_NAME
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        let shown: String = name.chars().take(MAX_ARG_NAME).collect();
        Err(SlackError::Code(
            "invalid_arg_name",
            Some(format!("`{shown}` is not an acceptable argument name")),
        ))
    }
}

/// The kinds of body Slack accepts.
enum PostType {
    Form,
    Multipart,
    Json,
    Text,
}

/// Decode the query string and body into [`Args`].
pub async fn decode(req: &HttpRequest, payload: &mut Payload, limit: usize) -> Result<Args, SlackError> {
    let mut args = Args::default();
    add_form(&mut args, req.query_string().as_bytes(), false)?;
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let has_body = declared.is_some_and(|n| n > 0) || chunked;
    let Some(content_type) = req.headers().get(header::CONTENT_TYPE) else {
        if has_body {
            return Err(SlackError::Code("missing_post_type", None));
        }
        return Ok(args);
    };
    if declared.is_some_and(|n| n > limit) {
        return Err(SlackError::invalid_arguments(format!("the request body is larger than {limit} bytes")));
    }
    let content_type = content_type.to_str().map_err(|_| SlackError::Code("invalid_post_type", None))?;
    let (post_type, latin1) = classify(content_type, &mut args.warnings)?;
    if let PostType::Multipart = post_type {
        return read_multipart(args, req.headers(), payload, limit).await;
    }
    let body = read_body(payload, limit).await?;
    if body.trim_ascii().is_empty() {
        return Ok(args); // slack_sdk posts an empty JSON body for argument-less methods
    }
    let text =
        if latin1 { body.iter().map(|&b| b as char).collect::<String>().into_bytes() } else { body.to_vec() };
    match post_type {
        PostType::Form => add_form(&mut args, &text, true)?,
        PostType::Json => add_json(&mut args, &text)?,
        PostType::Text if text.trim_ascii_start().starts_with(b"{") => add_json(&mut args, &text)?,
        PostType::Text => add_form(&mut args, &text, true)?,
        PostType::Multipart => {}
    }
    Ok(args)
}

/// The post type and whether the charset is ISO-8859-1; records charset warnings.
fn classify(content_type: &str, warnings: &mut Vec<&'static str>) -> Result<(PostType, bool), SlackError> {
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("").to_ascii_lowercase();
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
    let post_type = match essence.as_str() {
        "application/x-www-form-urlencoded" => PostType::Form,
        "multipart/form-data" => PostType::Multipart,
        "application/json" => PostType::Json,
        "text/plain" => PostType::Text,
        _ => return Err(SlackError::Code("invalid_post_type", Some(format!("`{essence}` is not accepted")))),
    };
    let latin1 = match charset.as_deref() {
        None => {
            if matches!(post_type, PostType::Json | PostType::Text) {
                warnings.push("missing_charset");
            }
            false
        }
        Some(_) if matches!(post_type, PostType::Multipart) => {
            warnings.push("superfluous_charset");
            false
        }
        Some("utf-8" | "utf8") => false,
        Some("iso-8859-1" | "latin1") => true,
        Some(other) => {
            return Err(SlackError::Code(
                "invalid_charset",
                Some(format!("charset `{other}` is not supported")),
            ))
        }
    };
    Ok((post_type, latin1))
}

async fn read_body(payload: &mut Payload, limit: usize) -> Result<BytesMut, SlackError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(payload_error)?;
        if body.len() + chunk.len() > limit {
            return Err(SlackError::invalid_arguments(format!(
                "the request body is larger than {limit} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn payload_error(e: PayloadError) -> SlackError {
    match e {
        PayloadError::Incomplete(_) => {
            SlackError::Code("request_timeout", Some("the request body was truncated".into()))
        }
        PayloadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            SlackError::Code("request_timeout", Some(e.to_string()))
        }
        other => SlackError::Code("invalid_form_data", Some(other.to_string())),
    }
}

/// Strict `application/x-www-form-urlencoded` decoding: a value that is not UTF-8 once
/// percent-decoded is an error, where lenient decoders would silently substitute characters.
fn add_form(args: &mut Args, bytes: &[u8], body: bool) -> Result<(), SlackError> {
    let fail = |what: String| {
        if body {
            SlackError::Code("invalid_form_data", Some(what))
        } else {
            SlackError::invalid_arguments(format!("query string: {what}"))
        }
    };
    for pair in bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let decode = |raw: &[u8]| -> Result<String, SlackError> {
            let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
            let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
            String::from_utf8(bytes).map_err(|_| fail("a name or value is not UTF-8".into()))
        };
        args.insert(decode(k)?, ArgValue::Str(decode(v)?))?;
    }
    Ok(())
}

/// The members of a JSON object in order, duplicates kept (a `Map` keeps only the last, which
/// would hide a second `token`).
struct Members(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visit)
    }
}

fn add_json(args: &mut Args, bytes: &[u8]) -> Result<(), SlackError> {
    let members: Members = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() {
            SlackError::invalid_arguments("the JSON body must be an object")
        } else {
            SlackError::invalid_arguments(format!("malformed JSON body: {e}"))
        }
    })?;
    for (k, v) in members.0 {
        let arg = match v {
            Value::Null => continue,
            Value::String(s) => ArgValue::Str(s),
            Value::Bool(b) => ArgValue::Str(b.to_string()),
            Value::Number(n) => ArgValue::Str(n.to_string()),
            Value::Array(items) => ArgValue::List(
                items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => Ok(s),
                        Value::Number(n) => Ok(n.to_string()),
                        _ => Err(SlackError::Code(
                            "invalid_array_arg",
                            Some(format!("`{k}` holds a non-scalar")),
                        )),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(_) => {
                return Err(SlackError::invalid_arguments(format!("`{k}` must not be an object")))
            }
        };
        args.insert(k, arg)?;
    }
    Ok(())
}

async fn read_multipart(
    mut args: Args,
    headers: &HeaderMap,
    payload: &mut Payload,
    limit: usize,
) -> Result<Args, SlackError> {
    let bad = |m: String| SlackError::Code("invalid_form_data", Some(m));
    let mut form = Multipart::new(headers, payload.take());
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|e| bad(e.to_string()))?;
        let name = field.name().map(str::to_string).ok_or_else(|| bad("a part has no name".into()))?;
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| bad(e.to_string()))?;
            total += chunk.len();
            if total > limit {
                return Err(SlackError::invalid_arguments(format!(
                    "the request body is larger than {limit} bytes"
                )));
            }
            value.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(value).map_err(|_| bad(format!("`{name}` is not UTF-8")))?;
        args.insert(name, ArgValue::Str(value))?;
    }
    Ok(args)
}
