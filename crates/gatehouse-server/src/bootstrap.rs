//! The primary owner on first start (SPEC §7, issue #18). It runs after the listener is bound,
//! so a start that cannot bind uses nothing up. A generated password goes to the terminal when
//! standard output is one, otherwise to a file only the service user can read; never to the
//! log stream (standard error).

use std::io::{IsTerminal, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use gatehouse_core::secret::Password;
use gatehouse_core::service::Bootstrapped;
use gatehouse_core::Core;

use crate::config::Config;

/// Where a generated owner password is written when standard output is not a terminal
/// (relative to the working directory, the data volume in the container image).
pub const PASSWORD_FILE: &str = "gatehouse-admin-password.txt";

/// Where a generated password will be shown.
enum Destination {
    Terminal,
    File(PathBuf, std::fs::File),
}

/// Create the primary owner on an empty database; warn when bootstrap settings are ignored.
pub async fn run(config: &Config, core: &Core) -> anyhow::Result<()> {
    let password = config.bootstrap_password.as_ref().map(|s| Password::new(s.0.clone()));
    let configured = password.is_some();
    let has_users =
        core.has_users().await.map_err(|e| anyhow::anyhow!("bootstrapping the primary owner: {e}"))?;
    // Opened before the owner exists, so if the file cannot be written nothing is used up; and
    // only when a password will be generated, so a restart never touches an unread file.
    let destination =
        if configured || has_users { None } else { Some(destination(Path::new(PASSWORD_FILE))?) };
    let outcome = core.bootstrap(config.bootstrap_login.clone(), password).await;
    match (outcome, destination) {
        (Ok(Bootstrapped::AlreadyDone), destination) => {
            if let Some(Destination::File(path, file)) = destination {
                drop(file);
                let _ = std::fs::remove_file(path);
            }
            if configured {
                tracing::warn!(
                    "GATEHOUSE_BOOTSTRAP_LOGIN and GATEHOUSE_BOOTSTRAP_PASSWORD were ignored: the database already \
                     has users (to recover an account use `gatehouse users set-password --login <login>`)"
                );
            }
        }
        (Ok(Bootstrapped::Created(user)), _) => {
            tracing::info!(login = %user.login, user_id = %user.id, "created the primary owner");
        }
        (Ok(Bootstrapped::CreatedWithPassword(user, password)), Some(destination)) => {
            let text = format!(
                "Primary owner created: login `{}`, password `{}`\n(shown once; it must be changed at first login)\n",
                user.login,
                password.expose()
            );
            match destination {
                Destination::Terminal => {
                    tracing::warn!(login = %user.login, "created the primary owner with a generated password, shown on the terminal");
                    println!("\n{text}");
                }
                Destination::File(path, mut file) => {
                    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).with_context(|| {
                        format!("writing the generated owner password to {}", path.display())
                    })?;
                    tracing::warn!(
                        login = %user.login,
                        file = %std::fs::canonicalize(&path).unwrap_or(path).display(),
                        "created the primary owner with a generated password, written to this file (mode 0600); \
                         read it, then delete it"
                    );
                }
            }
        }
        (Ok(Bootstrapped::CreatedWithPassword(user, _)), None) => anyhow::bail!(
            "bootstrap generated a password for `{}` with nowhere to show it; set one with \
             `gatehouse users set-password --login {}`",
            user.login,
            user.login
        ),
        (Err(e), _) => anyhow::bail!("bootstrapping the primary owner: {e}"),
    }
    Ok(())
}

fn destination(path: &Path) -> anyhow::Result<Destination> {
    if std::io::stdout().is_terminal() {
        return Ok(Destination::Terminal);
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {} for the generated owner password", path.display()))?;
    // An older file keeps its mode on open: narrow it.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot make {} private", path.display()))?;
    Ok(Destination::File(path.to_path_buf(), file))
}
