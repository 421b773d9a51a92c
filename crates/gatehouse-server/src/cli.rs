//! Command-line interface: `serve` (default), `config check`, `migrate`, `users create |
//! set-password | unlock | reset-sessions`, `backup`, `openapi`. The settings are flags of
//! `gatehouse` itself (before the subcommand), of `serve` and of `config check`; each other
//! subcommand's help shows its own flags only.

use std::path::PathBuf;

use anyhow::Context;
use clap::builder::PossibleValuesParser;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use figment::providers::Serialized;
use figment::Figment;
use gatehouse_core::clock::SystemClock;
use gatehouse_core::service::{NewLogin, NewUserRequest};
use gatehouse_core::user::AuthLevel;
use gatehouse_core::RequestContext;

use crate::config::describe::{self, Sources};
use crate::config::{self, Config, Settings};
use crate::logging;
use crate::operator::{self, Recovery};
use crate::{app, shutdown};

/// Gatehouse: user and session administration over REST, a Slack-style Web API and SOAP.
///
/// Settings come from flags (here, or after `serve` / `config check`), GATEHOUSE_* variables and
/// the --config file, in that order of precedence.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version)]
pub struct Cli {
    /// Optional TOML configuration file (keys are the variable names without GATEHOUSE_, lower-case)
    #[arg(long, env = "GATEHOUSE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Settings (flags and environment)
    #[command(flatten)]
    pub settings: Settings,
    /// What to do (default: serve)
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The settings a subcommand that reads them all takes as its own flags.
#[derive(Debug, Default, Args)]
pub struct WithSettings {
    /// Settings (flags and environment)
    #[command(flatten)]
    pub settings: Settings,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve HTTP until SIGTERM or Ctrl-C (the default)
    Serve(WithSettings),
    /// Check the configuration without starting: print the effective settings, or the first error
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Run database migrations and exit (database from GATEHOUSE_DATABASE_URL or `gatehouse --database-url`)
    Migrate,
    /// Manage users from the command line
    #[command(subcommand)]
    Users(UsersCommand),
    /// Write a consistent copy of the SQLite database to PATH while it serves (PostgreSQL: use pg_dump)
    Backup {
        /// Where to write the copy; must not exist
        path: PathBuf,
    },
    /// Print the OpenAPI document
    Openapi,
    /// Measure the raw argon2id verification rate of the configured hasher (for bench/run)
    #[command(hide = true)]
    BenchHash {
        /// How long to measure
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
}

/// `gatehouse config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate flags, GATEHOUSE_* variables and the --config file; print the effective settings
    Check(WithSettings),
}

/// `gatehouse users ...` (database from GATEHOUSE_DATABASE_URL or `gatehouse --database-url URL users ...`)
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user; the password is asked without echo on a terminal, else read from the first line of standard input
    Create {
        /// Login name
        #[arg(long)]
        login: String,
        /// Email address
        #[arg(long)]
        email: String,
        /// Authorization level
        #[arg(long, default_value = "MailboxUser", value_parser = levels())]
        level: String,
        /// Network id
        #[arg(long, default_value_t = 1)]
        network: i64,
        /// Mailbox id (0 = network-level user)
        #[arg(long, default_value_t = 0)]
        mailbox: i64,
        /// Given name
        #[arg(long, default_value = "")]
        first_name: String,
        /// Family name
        #[arg(long, default_value = "")]
        last_name: String,
        /// A bot user (API keys only; no password is read)
        #[arg(long)]
        bot: bool,
    },
    /// Break glass: set a user's password (from standard input, or a no-echo prompt on a terminal)
    SetPassword {
        /// Login name
        #[arg(long)]
        login: String,
    },
    /// Break glass: clear a user's brute-force lockout
    Unlock {
        /// Login name
        #[arg(long)]
        login: String,
    },
    /// Break glass: revoke every session of a user
    ResetSessions {
        /// Login name
        #[arg(long)]
        login: String,
    },
}

/// The level names `--level` accepts (clap lists them when one is wrong).
fn levels() -> PossibleValuesParser {
    PossibleValuesParser::new(AuthLevel::ALL.iter().map(|l| l.as_str()))
}

/// The command line's settings: the top level's, overridden by a subcommand's own.
fn settings_of(cli: &mut Cli) -> anyhow::Result<Settings> {
    let own = match &mut cli.command {
        Some(Command::Serve(w)) | Some(Command::Config(ConfigCommand::Check(w))) => {
            std::mem::take(&mut w.settings)
        }
        _ => Settings::default(),
    };
    let top = std::mem::take(&mut cli.settings);
    Figment::new()
        .merge(Serialized::defaults(top))
        .merge(Serialized::defaults(own))
        .extract()
        .map_err(|e| anyhow::anyhow!("reading the command line: {e}"))
}

/// Parse the command line and run it.
pub async fn run() -> anyhow::Result<()> {
    let matches = config::in_help(Cli::command()).get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let mut given = vec![&matches];
    if let Some(("serve", sub)) = matches.subcommand() {
        given.push(sub);
    }
    if let Some(("config", sub)) = matches.subcommand() {
        given.extend(sub.subcommand().map(|(_, check)| check));
    }
    let sources = Sources::read(&given, cli.config.as_deref());
    let settings = settings_of(&mut cli)?;
    let config = settings.layered(cli.config.as_ref())?.validate()?;
    let effective = describe::effective(&config, &sources);
    if let Some(Command::Config(ConfigCommand::Check(_))) = cli.command {
        println!("configuration is valid: {effective}");
        return Ok(());
    }
    logging::init(config.log_format);
    match cli.command.unwrap_or(Command::Serve(WithSettings::default())) {
        Command::Serve(_) => serve(config, &effective).await,
        Command::Config(_) => Ok(()),
        Command::Migrate => {
            app::open_store(&config)?;
            eprintln!("migrations are up to date");
            Ok(())
        }
        Command::Users(UsersCommand::Create {
            login,
            email,
            level,
            network,
            mailbox,
            first_name,
            last_name,
            bot,
        }) => {
            let level: AuthLevel = level.parse().map_err(|e| anyhow::anyhow!("--level: {e}"))?;
            let password = if bot { None } else { Some(operator::new_password()?) };
            let store = app::open_store(&config)?;
            let core = app::core(&config, store, std::sync::Arc::new(SystemClock))?;
            let req = NewUserRequest {
                login: NewLogin::Given(login),
                password,
                password_later: false,
                email: Some(email),
                first_name,
                last_name,
                network_id: Some(network),
                mailbox_id: Some(mailbox),
                auth_level: Some(level),
                is_bot: bot,
                profile: Default::default(),
                recovery: None,
            };
            let user =
                core.provision_user(req, &RequestContext::cli()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}", user.id);
            Ok(())
        }
        Command::Users(UsersCommand::SetPassword { login }) => {
            operator::recover(&config, Recovery::SetPassword, &login).await
        }
        Command::Users(UsersCommand::Unlock { login }) => {
            operator::recover(&config, Recovery::Unlock, &login).await
        }
        Command::Users(UsersCommand::ResetSessions { login }) => {
            operator::recover(&config, Recovery::ResetSessions, &login).await
        }
        Command::Backup { path } => operator::backup(&config, &path),
        Command::Openapi => {
            println!("{}", gatehouse_rest::openapi::document_json());
            Ok(())
        }
        Command::BenchHash { seconds } => crate::bench_hash::run(&config, seconds).await,
    }
}

async fn serve(config: Config, effective: &str) -> anyhow::Result<()> {
    tracing::info!(config = %effective, "starting");
    let running = app::build(config).await?;
    shutdown::on_signals(running.handle.clone())?;
    running.server.await.context("server failed")?;
    let store = running.store.clone();
    match tokio::task::spawn_blocking(move || store.checkpoint()).await? {
        Ok(()) => tracing::info!("stopped"),
        Err(e) => tracing::warn!(error = %e, "stopped; the SQLite checkpoint did not complete"),
    }
    Ok(())
}
