//! The one `Config`: flags beat `GATEHOUSE_*` environment variables, which beat the TOML file
//! (`--config`), which beats the `DEFAULT_*` constants (SPEC §7).

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use gatehouse_core::limits::LimitsPolicy;
use gatehouse_core::policy::lockout::LockoutPolicy;
use gatehouse_core::policy::password::PasswordPolicy;
use gatehouse_core::policy::session::SessionPolicy;
use gatehouse_core::CoreConfig;
use gatehouse_soap::schema::Contract;
use serde::{Deserialize, Serialize};

mod defaults;
pub mod describe;
pub mod operations;
pub mod parse;
pub mod secret_files;
pub use defaults::*;
pub use operations::{Retention, TlsFiles};
use parse::number;

use crate::access::TrustedProxies;

/// Settings as given by flags, environment and file; `None` means "not given here".
#[derive(Debug, Clone, Default, Args, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on
    #[arg(long, env = "GATEHOUSE_LISTEN")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    /// Database URL: sqlite://<path>, a bare path, or postgres://...
    #[arg(long, env = "GATEHOUSE_DATABASE_URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    /// Database connections per instance, plus one for credential lookups on PostgreSQL
    #[arg(long, env = "GATEHOUSE_DB_POOL_SIZE", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_pool_size: Option<u32>,
    /// Public base URL used in WSDL addresses [default: derived from the request]
    #[arg(long, env = "GATEHOUSE_PUBLIC_URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    /// JWT signing secret [default: generated once and stored in the database]
    #[arg(long, env = "GATEHOUSE_JWT_SECRET", hide_env_values = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwt_secret: Option<String>,
    /// Lifetime of one REST token in seconds
    #[arg(long, env = "GATEHOUSE_TOKEN_TTL_SECS", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_ttl_secs: Option<i64>,
    /// Session idle timeout in seconds
    #[arg(long, env = "GATEHOUSE_SESSION_IDLE_SECS", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_idle_secs: Option<i64>,
    /// Absolute session lifetime in seconds
    #[arg(long, env = "GATEHOUSE_SESSION_MAX_SECS", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_max_secs: Option<i64>,
    /// Login of the primary owner created on an empty database
    #[arg(long, env = "GATEHOUSE_BOOTSTRAP_LOGIN")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap_login: Option<String>,
    /// Password of the primary owner created on an empty database
    #[arg(long, env = "GATEHOUSE_BOOTSTRAP_PASSWORD", hide_env_values = true)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap_password: Option<String>,
    /// argon2id memory in KiB
    #[arg(long, env = "GATEHOUSE_ARGON2_MEMORY_KIB", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub argon2_memory_kib: Option<u32>,
    /// argon2id iterations
    #[arg(long, env = "GATEHOUSE_ARGON2_ITERATIONS", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub argon2_iterations: Option<u32>,
    /// argon2id parallelism
    #[arg(long, env = "GATEHOUSE_ARGON2_PARALLELISM", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub argon2_parallelism: Option<u32>,
    /// Minimum password length
    #[arg(long, env = "GATEHOUSE_PASSWORD_MIN_LENGTH", value_parser = number::<usize>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_min_length: Option<usize>,
    /// Consecutive failed logins that lock an account
    #[arg(long, env = "GATEHOUSE_LOCKOUT_THRESHOLD", value_parser = number::<i32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockout_threshold: Option<i32>,
    /// Lock duration in seconds
    #[arg(long, env = "GATEHOUSE_LOCKOUT_SECS", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockout_secs: Option<i64>,
    /// Rate limiting: on or off
    #[arg(long, env = "GATEHOUSE_RATE_LIMIT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<String>,
    /// Most live sessions per user when the user's own policy does not say (unset: unlimited)
    #[arg(long, env = "GATEHOUSE_MAX_SESSIONS_PER_USER", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_sessions_per_user: Option<u32>,
    /// Web API calls per minute per token and method when rate limits are on (Slack Tier 2)
    #[arg(long, env = "GATEHOUSE_WEBAPI_RATE_PER_MIN", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webapi_rate_per_min: Option<u32>,
    /// Login attempts per minute from one client address, on every front end
    #[arg(long, env = "GATEHOUSE_LOGIN_RATE_PER_MIN_IP", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_rate_per_min_ip: Option<u32>,
    /// Login attempts per minute at one login name, on every front end
    #[arg(long, env = "GATEHOUSE_LOGIN_RATE_PER_MIN_LOGIN", value_parser = number::<u32>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_rate_per_min_login: Option<u32>,
    /// Seconds a request body may take to arrive
    #[arg(long, env = "GATEHOUSE_BODY_TIMEOUT_SECS", value_parser = number::<u64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_timeout_secs: Option<u64>,
    /// Largest request body in bytes
    #[arg(long, env = "GATEHOUSE_MAX_BODY_BYTES", value_parser = number::<usize>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_body_bytes: Option<usize>,
    /// Archer instance name clients must send
    #[arg(long, env = "GATEHOUSE_ARCHER_INSTANCE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archer_instance: Option<String>,
    /// ECGridOS contract of ?WSDL and of answers the request cannot tell: seed or build472
    #[arg(long, env = "GATEHOUSE_ECGRIDOS_CONTRACT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecgridos_contract: Option<String>,
    /// Log format: pretty or json
    #[arg(long, env = "GATEHOUSE_LOG_FORMAT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
    /// File holding the database URL (instead of GATEHOUSE_DATABASE_URL)
    #[arg(long, env = "GATEHOUSE_DATABASE_URL_FILE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url_file: Option<String>,
    /// File holding the JWT signing secret (instead of GATEHOUSE_JWT_SECRET)
    #[arg(long, env = "GATEHOUSE_JWT_SECRET_FILE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwt_secret_file: Option<String>,
    /// File holding the bootstrap password (instead of GATEHOUSE_BOOTSTRAP_PASSWORD)
    #[arg(long, env = "GATEHOUSE_BOOTSTRAP_PASSWORD_FILE")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap_password_file: Option<String>,
    /// Seconds an expired or revoked session is kept before the background purge deletes it
    #[arg(long, env = "GATEHOUSE_SESSION_PURGE_GRACE_SECS", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_purge_grace_secs: Option<i64>,
    /// Days audit events are kept: keep (forever) or a number of days
    #[arg(long, env = "GATEHOUSE_AUDIT_RETENTION_DAYS")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit_retention_days: Option<String>,
    /// Seconds between background purge runs
    #[arg(long, env = "GATEHOUSE_PURGE_INTERVAL_SECS", value_parser = number::<u64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_interval_secs: Option<u64>,
    /// Most rows one purge transaction deletes
    #[arg(long, env = "GATEHOUSE_PURGE_BATCH", value_parser = number::<i64>())]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_batch: Option<i64>,
    /// TLS certificate chain (PEM); with GATEHOUSE_TLS_KEY the listener speaks HTTPS, reloaded on SIGHUP
    #[arg(long, env = "GATEHOUSE_TLS_CERT")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert: Option<String>,
    /// TLS private key (PEM)
    #[arg(long, env = "GATEHOUSE_TLS_KEY")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key: Option<String>,
    /// Proxies whose X-Forwarded-For names the client: addresses or CIDR ranges, comma-separated
    #[arg(long, env = "GATEHOUSE_TRUSTED_PROXIES")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_proxies: Option<String>,
}

/// A secret configuration value; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Validated configuration; safe to print with `{:?}` (secrets are redacted).
#[derive(Debug, Clone)]
pub struct Config {
    /// Listen address.
    pub listen: SocketAddr,
    /// Database URL (a PostgreSQL password in it is redacted when printed).
    pub database_url: Secret,
    /// Database connections per instance.
    pub db_pool_size: u32,
    /// Public base URL.
    pub public_url: Option<String>,
    /// JWT secret from configuration.
    pub jwt_secret: Option<Secret>,
    /// Bootstrap owner login.
    pub bootstrap_login: Option<String>,
    /// Bootstrap owner password.
    pub bootstrap_password: Option<Secret>,
    /// Rate limiting on.
    pub rate_limit: bool,
    /// Request body limit.
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive.
    pub body_timeout: std::time::Duration,
    /// Log format.
    pub log_format: LogFormat,
    /// Background purge of dead sessions and old audit events.
    pub retention: Retention,
    /// The TLS listener's files; `None` serves plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// The ECGridOS endpoints' contract (SPEC §5.2).
    pub ecgridos_contract: Contract,
    /// What the core reads.
    pub core: CoreConfig,
}

impl Settings {
    /// Layer flags/env (`self`) over the optional TOML file.
    pub fn layered(self, file: Option<&PathBuf>) -> anyhow::Result<Settings> {
        let mut fig = Figment::new();
        if let Some(path) = file {
            if !path.exists() {
                bail!("GATEHOUSE_CONFIG (--config): the file {} does not exist", path.display());
            }
            // The file alone first, so a bad value there is named as the file's.
            Figment::from(Toml::file(path)).extract::<Settings>().map_err(|e| parse::file_error(path, e))?;
            fig = fig.merge(Toml::file(path));
        }
        fig.merge(Serialized::defaults(self)).extract().context("reading configuration")
    }

    /// Validate into typed values; an error names the variable and the bad value.
    pub fn validate(mut self) -> anyhow::Result<Config> {
        self.database_url = secret_files::pick(
            "GATEHOUSE_DATABASE_URL",
            self.database_url.take(),
            self.database_url_file.as_deref(),
        )?;
        self.jwt_secret = secret_files::pick(
            "GATEHOUSE_JWT_SECRET",
            self.jwt_secret.take(),
            self.jwt_secret_file.as_deref(),
        )?;
        self.bootstrap_password = secret_files::pick(
            "GATEHOUSE_BOOTSTRAP_PASSWORD",
            self.bootstrap_password.take(),
            self.bootstrap_password_file.as_deref(),
        )?;
        let retention = operations::retention(&self)?;
        let tls = operations::tls(&self)?;
        let trusted_proxies = operations::trusted_proxies(self.trusted_proxies.as_deref())?;
        let listen_raw = self.listen.unwrap_or_else(|| DEFAULT_LISTEN.into());
        let listen = listen_raw.parse().with_context(|| {
            format!("GATEHOUSE_LISTEN: `{listen_raw}` is not an address like 127.0.0.1:8080")
        })?;
        let positive = |name: &str, v: i64| -> anyhow::Result<chrono::Duration> {
            if v <= 0 {
                bail!("{name}: `{v}` must be a positive number of seconds");
            }
            Ok(chrono::Duration::seconds(v))
        };
        let session = SessionPolicy {
            idle: positive(
                "GATEHOUSE_SESSION_IDLE_SECS",
                self.session_idle_secs.unwrap_or(DEFAULT_SESSION_IDLE_SECS),
            )?,
            max_life: positive(
                "GATEHOUSE_SESSION_MAX_SECS",
                self.session_max_secs.unwrap_or(DEFAULT_SESSION_MAX_SECS),
            )?,
            token_ttl: positive(
                "GATEHOUSE_TOKEN_TTL_SECS",
                self.token_ttl_secs.unwrap_or(DEFAULT_TOKEN_TTL_SECS),
            )?,
            ..SessionPolicy::default()
        };
        if session.idle > session.max_life {
            bail!(
                "GATEHOUSE_SESSION_IDLE_SECS: `{}` is longer than GATEHOUSE_SESSION_MAX_SECS `{}`; \
                 an idle timeout above the absolute lifetime never applies",
                session.idle.num_seconds(),
                session.max_life.num_seconds()
            );
        }
        if let Some(secret) = &self.jwt_secret {
            // The value is a secret: the message gives its length only.
            if secret.len() < MIN_JWT_SECRET_BYTES {
                bail!(
                    "GATEHOUSE_JWT_SECRET: {} bytes is too short; it must be at least {MIN_JWT_SECRET_BYTES} bytes \
                     (or unset, to generate one)",
                    secret.len()
                );
            }
        }
        let hash =
            parse::hash_params(self.argon2_memory_kib, self.argon2_iterations, self.argon2_parallelism)?;
        let public_url = parse::public_url(self.public_url.take())?;
        let database_url = self.database_url.take().unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        gatehouse_store::describe_database(&database_url)
            .map_err(|e| anyhow::anyhow!("GATEHOUSE_DATABASE_URL: {e}"))?;
        let min_length = self.password_min_length.unwrap_or(DEFAULT_PASSWORD_MIN_LENGTH);
        if !(1..=1024).contains(&min_length) {
            bail!("GATEHOUSE_PASSWORD_MIN_LENGTH: `{min_length}` must be between 1 and 1024");
        }
        let threshold = self.lockout_threshold.unwrap_or(DEFAULT_LOCKOUT_THRESHOLD);
        if threshold < 1 {
            bail!("GATEHOUSE_LOCKOUT_THRESHOLD: `{threshold}` must be at least 1");
        }
        let lockout = LockoutPolicy {
            threshold,
            duration: positive("GATEHOUSE_LOCKOUT_SECS", self.lockout_secs.unwrap_or(DEFAULT_LOCKOUT_SECS))?,
        };
        let rate_limit =
            match self.rate_limit.as_deref().unwrap_or(DEFAULT_RATE_LIMIT).to_ascii_lowercase().as_str() {
                "on" | "true" | "1" => true,
                "off" | "false" | "0" => false,
                other => bail!("GATEHOUSE_RATE_LIMIT: `{other}` must be on or off"),
            };
        let log_format = match self.log_format.as_deref().unwrap_or(DEFAULT_LOG_FORMAT) {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => bail!("GATEHOUSE_LOG_FORMAT: `{other}` must be pretty or json"),
        };
        let nonzero = |name: &str, v: u32| {
            NonZeroU32::new(v).ok_or_else(|| anyhow::anyhow!("{name}: must be at least 1"))
        };
        let limits = LimitsPolicy {
            login_per_address: nonzero(
                "GATEHOUSE_LOGIN_RATE_PER_MIN_IP",
                self.login_rate_per_min_ip.unwrap_or(DEFAULT_LOGIN_RATE_PER_MIN_IP),
            )?,
            login_per_account: nonzero(
                "GATEHOUSE_LOGIN_RATE_PER_MIN_LOGIN",
                self.login_rate_per_min_login.unwrap_or(DEFAULT_LOGIN_RATE_PER_MIN_LOGIN),
            )?,
            webapi_tier2: nonzero(
                "GATEHOUSE_WEBAPI_RATE_PER_MIN",
                self.webapi_rate_per_min.unwrap_or(DEFAULT_WEBAPI_RATE_PER_MIN),
            )?,
            ..LimitsPolicy::default()
        };
        let max_body_bytes = self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
        if max_body_bytes < 1024 {
            bail!("GATEHOUSE_MAX_BODY_BYTES: `{max_body_bytes}` must be at least 1024");
        }
        let body_timeout = match self.body_timeout_secs.unwrap_or(DEFAULT_BODY_TIMEOUT_SECS) {
            0 => bail!("GATEHOUSE_BODY_TIMEOUT_SECS: must be at least 1"),
            n => std::time::Duration::from_secs(n),
        };
        let db_pool_size = self.db_pool_size.unwrap_or(DEFAULT_DB_POOL_SIZE);
        if db_pool_size == 0 {
            bail!("GATEHOUSE_DB_POOL_SIZE: must be at least 1");
        }
        let contract_name = self.ecgridos_contract.as_deref().unwrap_or(DEFAULT_ECGRIDOS_CONTRACT);
        let Some(ecgridos_contract) = Contract::parse(contract_name) else {
            bail!("GATEHOUSE_ECGRIDOS_CONTRACT: `{contract_name}` must be seed or build472");
        };
        if self.bootstrap_login.is_some() != self.bootstrap_password.is_some() {
            bail!("GATEHOUSE_BOOTSTRAP_LOGIN and GATEHOUSE_BOOTSTRAP_PASSWORD must be set together");
        }
        Ok(Config {
            listen,
            database_url: Secret(database_url),
            db_pool_size,
            public_url,
            jwt_secret: self.jwt_secret.map(Secret),
            bootstrap_login: self.bootstrap_login,
            bootstrap_password: self.bootstrap_password.map(Secret),
            rate_limit,
            max_body_bytes,
            body_timeout,
            log_format,
            retention,
            tls,
            trusted_proxies,
            ecgridos_contract,
            core: CoreConfig {
                password: PasswordPolicy { min_length },
                session,
                lockout,
                hash,
                hash_concurrency: 0,
                limits: rate_limit.then_some(limits),
                max_sessions_per_user: match self.max_sessions_per_user {
                    Some(0) => {
                        bail!("GATEHOUSE_MAX_SESSIONS_PER_USER: must be at least 1 (unset it for unlimited)")
                    }
                    other => other,
                },
                instance_name: match self.archer_instance {
                    Some(name) if name.trim().is_empty() => {
                        bail!("GATEHOUSE_ARCHER_INSTANCE: must name the instance Archer clients send (e.g. Default)")
                    }
                    Some(name) => name,
                    None => DEFAULT_ARCHER_INSTANCE.into(),
                },
            },
        })
    }
}

#[cfg(test)]
mod tests;
