//! The effective configuration as the start-up line and `gatehouse config check` show it: each
//! setting in human units, where it came from (flag, env, file, default), the database named,
//! secrets redacted.

use std::collections::HashMap;
use std::path::Path;

use clap::parser::ValueSource;
use clap::ArgMatches;
use figment::providers::{Format, Toml};
use figment::Figment;

use super::{Config, LogFormat, Settings};

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// A `GATEHOUSE_*` environment variable (or its `_FILE` variant).
    Env,
    /// The TOML file.
    File,
    /// The built-in default.
    Default,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::File => "file",
            Source::Default => "default",
        }
    }
}

/// The source of each setting, by variable name (`GATEHOUSE_LISTEN`).
#[derive(Debug, Clone, Default)]
pub struct Sources(HashMap<String, Source>);

impl Sources {
    /// Read from the parsed command lines (the top level and a subcommand's own settings) and
    /// the TOML file; a flag anywhere beats the environment, which beats the file.
    pub fn read(matches: &[&ArgMatches], file: Option<&Path>) -> Sources {
        let cmd = <Settings as clap::Args>::augment_args(clap::Command::new("settings"));
        let in_file = file.map(|f| Figment::from(Toml::file(f)));
        let mut sources = HashMap::new();
        for arg in cmd.get_arguments() {
            let Some(var) = arg.get_env().map(|e| e.to_string_lossy().into_owned()) else { continue };
            let id = arg.get_id().as_str();
            let given: Vec<ValueSource> = matches
                .iter()
                .filter(|m| m.try_contains_id(id).unwrap_or(false))
                .filter_map(|m| m.value_source(id))
                .collect();
            let key = var.trim_start_matches("GATEHOUSE_").to_ascii_lowercase();
            let source = if given.contains(&ValueSource::CommandLine) {
                Source::Flag
            } else if given.contains(&ValueSource::EnvVariable) {
                Source::Env
            } else if in_file.as_ref().is_some_and(|f| f.find_value(&key).is_ok()) {
                Source::File
            } else {
                Source::Default
            };
            sources.insert(var, source);
        }
        Sources(sources)
    }

    /// Where `var` (or, for a secret, its `_FILE` variant) came from.
    fn of(&self, var: &str) -> Source {
        let direct = self.0.get(var).copied().unwrap_or(Source::Default);
        match (direct, self.0.get(&format!("{var}_FILE"))) {
            (Source::Default, Some(&from_file)) => from_file,
            _ => direct,
        }
    }
}

/// `90 s`, `20 min`, `12 h`, `1 d`: the largest unit that divides `secs` exactly.
pub fn human_secs(secs: i64) -> String {
    match secs {
        s if s != 0 && s % 86_400 == 0 => format!("{} d", s / 86_400),
        s if s != 0 && s % 3_600 == 0 => format!("{} h", s / 3_600),
        s if s != 0 && s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// `64 KiB`, `19 MiB`, or bytes.
fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b != 0 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b != 0 && b % 1024 == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// One line: `name=value (source)` per setting, `; `-separated.
pub fn effective(config: &Config, sources: &Sources) -> String {
    let core = &config.core;
    let set_or =
        |value: bool, unset: &str| if value { "set (redacted)".to_string() } else { unset.to_string() };
    let database = gatehouse_store::describe_database(&config.database_url.0).unwrap_or_default();
    let limits = match &core.limits {
        Some(l) => format!(
            "on (logins {}/min per address, {}/min per account; Web API Tier 2 {}/min)",
            l.login_per_address, l.login_per_account, l.webapi_tier2
        ),
        None => "off".into(),
    };
    let retention = &config.retention;
    let entries: Vec<(&str, String, &str)> = vec![
        ("listen", config.listen.to_string(), "GATEHOUSE_LISTEN"),
        ("database", database, "GATEHOUSE_DATABASE_URL"),
        ("db pool", format!("{} connections", config.db_pool_size), "GATEHOUSE_DB_POOL_SIZE"),
        (
            "public URL",
            config.public_url.clone().unwrap_or_else(|| "from each request".into()),
            "GATEHOUSE_PUBLIC_URL",
        ),
        ("JWT secret", set_or(config.jwt_secret.is_some(), "stored in the database"), "GATEHOUSE_JWT_SECRET"),
        ("token lifetime", human_secs(core.session.token_ttl.num_seconds()), "GATEHOUSE_TOKEN_TTL_SECS"),
        ("session idle", human_secs(core.session.idle.num_seconds()), "GATEHOUSE_SESSION_IDLE_SECS"),
        ("session lifetime", human_secs(core.session.max_life.num_seconds()), "GATEHOUSE_SESSION_MAX_SECS"),
        (
            "max sessions per user",
            core.max_sessions_per_user.map_or("unlimited".into(), |n| n.to_string()),
            "GATEHOUSE_MAX_SESSIONS_PER_USER",
        ),
        (
            "bootstrap login",
            config.bootstrap_login.clone().unwrap_or_else(|| "admin, generated password".into()),
            "GATEHOUSE_BOOTSTRAP_LOGIN",
        ),
        (
            "bootstrap password",
            set_or(config.bootstrap_password.is_some(), "unset"),
            "GATEHOUSE_BOOTSTRAP_PASSWORD",
        ),
        (
            "argon2id memory",
            human_bytes(u64::from(core.hash.memory_kib) * 1024),
            "GATEHOUSE_ARGON2_MEMORY_KIB",
        ),
        ("argon2id iterations", core.hash.iterations.to_string(), "GATEHOUSE_ARGON2_ITERATIONS"),
        ("argon2id parallelism", core.hash.parallelism.to_string(), "GATEHOUSE_ARGON2_PARALLELISM"),
        ("password min length", core.password.min_length.to_string(), "GATEHOUSE_PASSWORD_MIN_LENGTH"),
        ("lockout after", format!("{} failures", core.lockout.threshold), "GATEHOUSE_LOCKOUT_THRESHOLD"),
        ("lockout", human_secs(core.lockout.duration.num_seconds()), "GATEHOUSE_LOCKOUT_SECS"),
        ("rate limits", limits, "GATEHOUSE_RATE_LIMIT"),
        ("max body", human_bytes(config.max_body_bytes as u64), "GATEHOUSE_MAX_BODY_BYTES"),
        ("body timeout", human_secs(config.body_timeout.as_secs() as i64), "GATEHOUSE_BODY_TIMEOUT_SECS"),
        ("Archer instance", core.instance_name.clone(), "GATEHOUSE_ARCHER_INSTANCE"),
        ("ECGridOS contract", config.ecgridos_contract.as_str().into(), "GATEHOUSE_ECGRIDOS_CONTRACT"),
        (
            "log format",
            match config.log_format {
                LogFormat::Pretty => "pretty".into(),
                LogFormat::Json => "json".into(),
            },
            "GATEHOUSE_LOG_FORMAT",
        ),
        ("purge every", human_secs(retention.interval.as_secs() as i64), "GATEHOUSE_PURGE_INTERVAL_SECS"),
        (
            "dead sessions kept",
            human_secs(retention.session_grace.num_seconds()),
            "GATEHOUSE_SESSION_PURGE_GRACE_SECS",
        ),
        (
            "audit kept",
            retention.audit.map_or("forever".into(), |d| human_secs(d.num_seconds())),
            "GATEHOUSE_AUDIT_RETENTION_DAYS",
        ),
        ("purge batch", format!("{} rows", retention.batch), "GATEHOUSE_PURGE_BATCH"),
        (
            "TLS",
            config.tls.as_ref().map_or("off".into(), |t| format!("cert {}", t.cert.display())),
            "GATEHOUSE_TLS_CERT",
        ),
        (
            "trusted proxies",
            match config.trusted_proxies.0.as_slice() {
                [] => "none".into(),
                nets => nets.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            },
            "GATEHOUSE_TRUSTED_PROXIES",
        ),
    ];
    entries
        .into_iter()
        .map(|(name, value, var)| format!("{name}={value} ({})", sources.of(var).as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}
