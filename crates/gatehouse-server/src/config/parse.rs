//! Reading one configuration value: every refusal names the variable and the form it expects
//! (issue #19), whether the value came from a flag, the environment or the TOML file.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::str::FromStr;

use anyhow::bail;
use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use gatehouse_core::hasher::HashParams;

/// argon2's own bounds (RFC 9106): memory at least 8 KiB per lane, at most 2^32 - 1 KiB.
pub const ARGON2_MAX_MEMORY_KIB: u32 = u32::MAX;
/// argon2's most lanes (2^24 - 1).
pub const ARGON2_MAX_PARALLELISM: u32 = (1 << 24) - 1;

/// The form a variable's value takes, from its name (`…_SECS` are seconds).
pub fn expected_form(var: &str) -> &'static str {
    if var.ends_with("_SECS") {
        "a whole number of seconds (e.g. 1200)"
    } else if var.ends_with("_KIB") {
        "a whole number of KiB (e.g. 19456)"
    } else if var.ends_with("_BYTES") {
        "a whole number of bytes (e.g. 65536)"
    } else if var.contains("_PER_MIN") {
        "a whole number per minute (e.g. 20)"
    } else {
        "a whole number (e.g. 5)"
    }
}

/// A clap parser for a number that names the argument's variable when the value is not one.
#[derive(Debug)]
pub struct Number<T>(PhantomData<T>);

impl<T> Clone for Number<T> {
    fn clone(&self) -> Self {
        Number(PhantomData)
    }
}

/// The parser of a numeric setting.
pub fn number<T>() -> Number<T> {
    Number(PhantomData)
}

impl<T: FromStr + Clone + Send + Sync + 'static> TypedValueParser for Number<T> {
    type Value = T;

    fn parse_ref(&self, _: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.trim().parse::<T>().map_err(|_| {
            let var =
                arg.and_then(|a| a.get_env()).map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
            let shown: String = text.chars().take(40).collect();
            clap::Error::raw(
                ErrorKind::ValueValidation,
                format!("{var}: `{shown}` is not {}\n", expected_form(&var)),
            )
        })
    }
}

/// A figment error reading the TOML file, naming the variable of the key at fault.
pub fn file_error(file: &std::path::Path, e: figment::Error) -> anyhow::Error {
    let key = e.path.last().cloned().unwrap_or_default();
    let var = format!("GATEHOUSE_{}", key.to_ascii_uppercase());
    let form = match e.kind {
        figment::error::Kind::InvalidType(..) if !key.is_empty() => {
            format!("; expected {}", expected_form(&var))
        }
        _ => String::new(),
    };
    if key.is_empty() {
        anyhow::anyhow!("{}: {}", file.display(), e.kind)
    } else {
        anyhow::anyhow!("{var} (key `{key}` in {}): {}{form}", file.display(), e.kind)
    }
}

/// `GATEHOUSE_PUBLIC_URL`: an absolute `http` or `https` URL with a host, without query or fragment.
pub fn public_url(given: Option<String>) -> anyhow::Result<Option<String>> {
    let Some(url) = given else { return Ok(None) };
    let refuse = |why: &str| {
        anyhow::anyhow!(
            "GATEHOUSE_PUBLIC_URL: `{}` {why}; expected an absolute http(s) URL such as https://gatehouse.example.com",
            url.chars().take(80).collect::<String>()
        )
    };
    let uri = actix_web::http::Uri::try_from(url.as_str()).map_err(|_| refuse("is not a URL"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return Err(refuse("is not http or https")),
        None => return Err(refuse("is not absolute")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(refuse("has no host"));
    }
    if uri.query().is_some() || url.contains('#') {
        return Err(refuse("has a query or fragment"));
    }
    Ok(Some(url))
}

/// The argon2id cost, each number checked against argon2's bounds and named when out of them.
pub fn hash_params(
    memory_kib: Option<u32>,
    iterations: Option<u32>,
    parallelism: Option<u32>,
) -> anyhow::Result<HashParams> {
    let d = HashParams::default();
    let hash = HashParams {
        memory_kib: memory_kib.unwrap_or(d.memory_kib),
        iterations: iterations.unwrap_or(d.iterations),
        parallelism: parallelism.unwrap_or(d.parallelism),
    };
    if !(1..=ARGON2_MAX_PARALLELISM).contains(&hash.parallelism) {
        bail!(
            "GATEHOUSE_ARGON2_PARALLELISM: `{}` must be 1 to {ARGON2_MAX_PARALLELISM} lanes (default {})",
            hash.parallelism,
            d.parallelism
        );
    }
    if hash.iterations < 1 {
        bail!(
            "GATEHOUSE_ARGON2_ITERATIONS: `{}` must be at least 1 (default {})",
            hash.iterations,
            d.iterations
        );
    }
    let least = 8u64 * u64::from(hash.parallelism);
    if u64::from(hash.memory_kib) < least {
        bail!(
            "GATEHOUSE_ARGON2_MEMORY_KIB: `{}` must be at least 8 KiB per lane ({least} KiB with \
             GATEHOUSE_ARGON2_PARALLELISM={}) and at most {ARGON2_MAX_MEMORY_KIB} KiB (default {})",
            hash.memory_kib,
            hash.parallelism,
            d.memory_kib
        );
    }
    hash.validate().map_err(|e| {
        anyhow::anyhow!(
            "GATEHOUSE_ARGON2_*: argon2 refused m={} t={} p={}: {e}",
            hash.memory_kib,
            hash.iterations,
            hash.parallelism
        )
    })?;
    Ok(hash)
}
