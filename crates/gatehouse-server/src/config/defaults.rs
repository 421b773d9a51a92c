//! Every configuration default, written once (the core's policy defaults are named here, not
//! repeated): validation reads these constants, `--help`
//! shows them through [`in_help`], and a test holds the README table to them.

use gatehouse_core::hasher::HashParams;
use gatehouse_core::limits::defaults as limits;
use gatehouse_core::policy::{lockout, password, session};

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://gatehouse.db";
/// Default token lifetime in seconds.
pub const DEFAULT_TOKEN_TTL_SECS: i64 = session::DEFAULT_TOKEN_TTL_SECS;
/// Default session idle timeout in seconds.
pub const DEFAULT_SESSION_IDLE_SECS: i64 = session::DEFAULT_IDLE_SECS;
/// Default absolute session lifetime in seconds.
pub const DEFAULT_SESSION_MAX_SECS: i64 = session::DEFAULT_MAX_LIFE_SECS;
/// Default minimum password length.
pub const DEFAULT_PASSWORD_MIN_LENGTH: usize = password::DEFAULT_MIN_LENGTH;
/// Default failed logins before a lock.
pub const DEFAULT_LOCKOUT_THRESHOLD: i32 = lockout::DEFAULT_THRESHOLD;
/// Default lock duration in seconds.
pub const DEFAULT_LOCKOUT_SECS: i64 = lockout::DEFAULT_LOCK_SECS;
/// Default Web API calls per minute per token and method (Slack Tier 2).
pub const DEFAULT_WEBAPI_RATE_PER_MIN: u32 = limits::WEBAPI_TIER2;
/// Default login attempts per minute per client address.
pub const DEFAULT_LOGIN_RATE_PER_MIN_IP: u32 = limits::LOGIN_PER_ADDRESS;
/// Default login attempts per minute per account.
pub const DEFAULT_LOGIN_RATE_PER_MIN_LOGIN: u32 = limits::LOGIN_PER_ACCOUNT;
/// Default seconds a request body may take to arrive.
pub const DEFAULT_BODY_TIMEOUT_SECS: u64 = 10;
/// Default request body limit in bytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 65536;
/// Default ECGridOS contract of the WSDL and of answers the request cannot tell.
pub const DEFAULT_ECGRIDOS_CONTRACT: &str = "seed";
/// Default Archer instance name.
pub const DEFAULT_ARCHER_INSTANCE: &str = "Default";
/// Default database connections per instance.
pub const DEFAULT_DB_POOL_SIZE: u32 = 16;
/// Default rate limiting switch.
pub const DEFAULT_RATE_LIMIT: &str = "on";
/// Default log format.
pub const DEFAULT_LOG_FORMAT: &str = "pretty";
/// Default seconds an expired or revoked session row is kept before it is purged.
pub const DEFAULT_SESSION_PURGE_GRACE_SECS: i64 = 86400;
/// Default audit retention: keep every event.
pub const DEFAULT_AUDIT_RETENTION: &str = "keep";
/// Default seconds between purge runs.
pub const DEFAULT_PURGE_INTERVAL_SECS: u64 = 300;
/// Default rows per purge transaction.
pub const DEFAULT_PURGE_BATCH: i64 = 500;
/// Shortest JWT secret accepted: an HS256 key under 256 bits can be brute-forced (SPEC §7).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Each variable's default as `--help` and the README show it, from the constants above.
pub fn shown() -> Vec<(&'static str, String)> {
    let hash = HashParams::default();
    vec![
        ("GATEHOUSE_LISTEN", DEFAULT_LISTEN.to_string()),
        ("GATEHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL.to_string()),
        ("GATEHOUSE_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE.to_string()),
        ("GATEHOUSE_TOKEN_TTL_SECS", DEFAULT_TOKEN_TTL_SECS.to_string()),
        ("GATEHOUSE_SESSION_IDLE_SECS", DEFAULT_SESSION_IDLE_SECS.to_string()),
        ("GATEHOUSE_SESSION_MAX_SECS", DEFAULT_SESSION_MAX_SECS.to_string()),
        ("GATEHOUSE_ARGON2_MEMORY_KIB", hash.memory_kib.to_string()),
        ("GATEHOUSE_ARGON2_ITERATIONS", hash.iterations.to_string()),
        ("GATEHOUSE_ARGON2_PARALLELISM", hash.parallelism.to_string()),
        ("GATEHOUSE_PASSWORD_MIN_LENGTH", DEFAULT_PASSWORD_MIN_LENGTH.to_string()),
        ("GATEHOUSE_LOCKOUT_THRESHOLD", DEFAULT_LOCKOUT_THRESHOLD.to_string()),
        ("GATEHOUSE_LOCKOUT_SECS", DEFAULT_LOCKOUT_SECS.to_string()),
        ("GATEHOUSE_RATE_LIMIT", DEFAULT_RATE_LIMIT.to_string()),
        ("GATEHOUSE_WEBAPI_RATE_PER_MIN", DEFAULT_WEBAPI_RATE_PER_MIN.to_string()),
        ("GATEHOUSE_LOGIN_RATE_PER_MIN_IP", DEFAULT_LOGIN_RATE_PER_MIN_IP.to_string()),
        ("GATEHOUSE_LOGIN_RATE_PER_MIN_LOGIN", DEFAULT_LOGIN_RATE_PER_MIN_LOGIN.to_string()),
        ("GATEHOUSE_BODY_TIMEOUT_SECS", DEFAULT_BODY_TIMEOUT_SECS.to_string()),
        ("GATEHOUSE_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES.to_string()),
        ("GATEHOUSE_ARCHER_INSTANCE", DEFAULT_ARCHER_INSTANCE.to_string()),
        ("GATEHOUSE_ECGRIDOS_CONTRACT", DEFAULT_ECGRIDOS_CONTRACT.to_string()),
        ("GATEHOUSE_LOG_FORMAT", DEFAULT_LOG_FORMAT.to_string()),
        ("GATEHOUSE_SESSION_PURGE_GRACE_SECS", DEFAULT_SESSION_PURGE_GRACE_SECS.to_string()),
        ("GATEHOUSE_AUDIT_RETENTION_DAYS", DEFAULT_AUDIT_RETENTION.to_string()),
        ("GATEHOUSE_PURGE_INTERVAL_SECS", DEFAULT_PURGE_INTERVAL_SECS.to_string()),
        ("GATEHOUSE_PURGE_BATCH", DEFAULT_PURGE_BATCH.to_string()),
    ]
}

/// `cmd` (and its subcommands) with `[default: ...]` appended to the help of every argument
/// whose variable has one.
pub fn in_help(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let cmd = names.into_iter().fold(cmd, |cmd, name| cmd.mut_subcommand(name, in_help));
    let shown = shown();
    cmd.mut_args(|arg| {
        let env = arg.get_env().and_then(|e| e.to_str()).unwrap_or_default().to_string();
        match shown.iter().find(|(name, _)| *name == env) {
            Some((_, default)) => {
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                arg.help(format!("{help} [default: {default}]"))
            }
            None => arg,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cell of the README configuration table's default column in the row naming `var`.
    fn readme_default(readme: &str, var: &str) -> Option<String> {
        let row = readme.lines().find(|l| {
            l.starts_with('|') && l.split('|').nth(1).is_some_and(|c| c.contains(&format!("`{var}`")))
        })?;
        row.split('|').nth(3).map(str::to_string)
    }

    #[test]
    fn the_readme_table_shows_every_default_constant() {
        let readme = include_str!("../../../../README.md");
        for (var, default) in shown() {
            let short = var.rsplit_once("_ARGON2").map(|(_, tail)| tail.to_string());
            let cell = readme_default(readme, var)
                .or_else(|| short.and_then(|t| readme_default(readme, &t)))
                .unwrap_or_else(|| panic!("no README row for {var}"));
            assert!(
                cell.contains(&format!("`{default}`")),
                "README row of {var} says {cell}, not `{default}`"
            );
        }
    }

    /// Core's `Default` impls (used by core's own tests) are a second writing of some of these
    /// until core drops them; this keeps the two from drifting apart meanwhile.
    #[test]
    fn help_shows_each_default_once() {
        let cmd = in_help(<super::super::Settings as clap::Args>::augment_args(clap::Command::new("t")));
        let help = cmd.clone().render_help().to_string();
        for (var, default) in shown() {
            let arg = cmd
                .get_arguments()
                .find(|a| a.get_env().is_some_and(|e| e == var))
                .unwrap_or_else(|| panic!("no argument reads {var}"));
            let text = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(text.ends_with(&format!("[default: {default}]")), "{var}: {text}");
            assert_eq!(text.matches("[default:").count(), 1, "{var}: {text}");
        }
        assert!(help.contains("[default: 127.0.0.1:8080]"), "{help}");
    }
}
