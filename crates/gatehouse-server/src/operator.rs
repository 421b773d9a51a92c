//! The operator's commands on the database directly (issue #18): break-glass account recovery
//! (`gatehouse users set-password | unlock | reset-sessions`, audited with front end `cli`) and
//! `gatehouse backup`.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use gatehouse_core::clock::SystemClock;
use gatehouse_core::secret::Password;
use gatehouse_core::user::User;
use gatehouse_store::Backend;

use crate::app;
use crate::config::Config;

/// A break-glass action on one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Set a new password (lockout cleared, sessions revoked).
    SetPassword,
    /// Clear the brute-force lockout.
    Unlock,
    /// Revoke every session (and clear the lockout).
    ResetSessions,
}

/// Run `what` on the account `login`; prints what was done to standard output.
pub async fn recover(config: &Config, what: Recovery, login: &str) -> anyhow::Result<()> {
    let password = match what {
        Recovery::SetPassword => Some(new_password()?),
        _ => None,
    };
    let store = app::open_store(config)?;
    let core = app::core(config, store, Arc::new(SystemClock))?;
    let done: Result<User, _> = match (what, password) {
        (Recovery::SetPassword, Some(pw)) => core.operator_set_password(login, pw).await,
        (Recovery::Unlock, _) => core.operator_unlock(login).await,
        (Recovery::ResetSessions, _) => core.operator_reset_sessions(login).await,
        (Recovery::SetPassword, None) => anyhow::bail!("no password read"),
    };
    let user = done.map_err(|e| anyhow::anyhow!("{login}: {e}"))?;
    let what = match what {
        Recovery::SetPassword => "password set, lockout cleared, sessions revoked",
        Recovery::Unlock => "lockout cleared",
        Recovery::ResetSessions => "sessions revoked, lockout cleared",
    };
    println!("{} (user {}): {what}", user.login, user.id);
    Ok(())
}

/// The first line of standard input when it is piped, or a no-echo prompt (asked twice) on a terminal.
pub fn new_password() -> anyhow::Result<Password> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ").context("reading the password")?;
        let again = rpassword::prompt_password("Repeat it: ").context("reading the password")?;
        if first != again {
            anyhow::bail!("the two passwords differ");
        }
        if first.is_empty() {
            anyhow::bail!("empty password");
        }
        return Ok(Password::new(first));
    }
    read_password_line()
}

/// The password on the first line of standard input.
pub fn read_password_line() -> anyhow::Result<Password> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    let pw = line.trim_end_matches(['\r', '\n']);
    if pw.is_empty() {
        anyhow::bail!(
            "no password on standard input (pipe it in, e.g. `echo 'S3cret!pw' | gatehouse users ...`)"
        );
    }
    Ok(Password::new(pw))
}

/// `gatehouse backup PATH`: a consistent online copy of a SQLite database (the server may keep
/// serving), checked with `PRAGMA integrity_check`; PostgreSQL is refused with the advice to use `pg_dump`.
pub fn backup(config: &Config, path: &Path) -> anyhow::Result<()> {
    let store = app::open_store(config)?;
    if store.backend() == Backend::Postgres {
        anyhow::bail!(
            "the database is PostgreSQL: back it up with `pg_dump --format=custom` and restore with `pg_restore` \
             (see README, Run in production)"
        );
    }
    store.backup_to(path).with_context(|| format!("backing up to {}", path.display()))?;
    gatehouse_store::sqlite_integrity_check(path)?;
    println!("backup written to {} (integrity check ok)", path.display());
    Ok(())
}
