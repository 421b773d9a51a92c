//! Which database a URL names, and how to show a URL without its password.

use crate::error::StoreError;

/// The database engine behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// An SQLite file (the embedded default, SPEC §2).
    Sqlite,
    /// A PostgreSQL server (production, shared by several instances).
    Postgres,
}

impl Backend {
    /// Lower-case name for logs and health output.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A parsed database URL. Not `Debug`: a PostgreSQL URL may carry a password.
#[derive(Clone)]
pub(crate) enum Target {
    /// A libpq connection URL, passed on unchanged.
    Postgres(String),
    /// Path of an SQLite database file.
    Sqlite(String),
}

impl Target {
    /// Read `postgres://`, `postgresql://`, `sqlite://<path>`, `sqlite:<path>` or a bare path.
    pub(crate) fn parse(url: &str) -> Result<Target, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::EmptyUrl);
        }
        let Some((scheme, rest)) = split_scheme(url) else {
            return sqlite_path(url);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" if rest.starts_with("//") => Ok(Target::Postgres(url.to_string())),
            "sqlite" => sqlite_path(rest.strip_prefix("//").unwrap_or(rest)),
            _ => Err(StoreError::UnsupportedScheme { scheme: scheme.to_string() }),
        }
    }

    /// The engine this target names.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Target::Postgres(_) => Backend::Postgres,
            Target::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// The URL or path with any password replaced by `***`, fit for errors and logs.
    pub(crate) fn redacted(&self) -> String {
        match self {
            Target::Postgres(url) => redact(url),
            Target::Sqlite(path) => format!("sqlite://{path}"),
        }
    }
}

/// Which database `url` names, for the start-up line, without any password: `SQLite file
/// <path>`, or `PostgreSQL database <db> on <host:port> as <user>`.
pub fn describe_database(url: &str) -> Result<String, StoreError> {
    Ok(match Target::parse(url)? {
        Target::Sqlite(path) => {
            let shown = std::path::absolute(&path).map(|p| p.display().to_string()).unwrap_or(path);
            format!("SQLite file {shown}")
        }
        Target::Postgres(url) => {
            let rest = url.split_once("//").map_or(url.as_str(), |(_, r)| r);
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let (user, host) = match authority.rsplit_once('@') {
                Some((userinfo, host)) => (userinfo.split(':').next().unwrap_or_default(), host),
                None => ("", authority),
            };
            let database = path.split('?').next().unwrap_or_default();
            let database = if database.is_empty() { "(the user's default)" } else { database };
            let host = if host.is_empty() { "the local socket" } else { host };
            match user {
                "" => format!("PostgreSQL database {database} on {host}"),
                user => format!("PostgreSQL database {database} on {host} as {user}"),
            }
        }
    })
}

/// Split `scheme:rest`; one-letter "schemes" are Windows drive letters, i.e. paths.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = scheme.len() > 1
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, rest))
}

fn sqlite_path(path: &str) -> Result<Target, StoreError> {
    if path.is_empty() {
        return Err(StoreError::EmptySqlitePath);
    }
    // Every pooled connection would open its own empty in-memory database.
    if path == ":memory:" || path.contains("mode=memory") {
        return Err(StoreError::InMemorySqlite);
    }
    Ok(Target::Sqlite(path.to_string()))
}

/// Replace the password in `scheme://user:password@host/...` and in a `password=` query parameter.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(url: &str) -> Option<String> {
        match Target::parse(url) {
            Ok(Target::Sqlite(path)) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn sqlite_urls_and_bare_paths_name_a_file() {
        let cases = [
            ("sqlite://gatehouse.db", "gatehouse.db"),
            ("sqlite:gatehouse.db", "gatehouse.db"),
            ("sqlite:///var/lib/gatehouse.db", "/var/lib/gatehouse.db"),
            ("gatehouse.db", "gatehouse.db"),
            ("./data/g.db", "./data/g.db"),
            ("/tmp/g.db", "/tmp/g.db"),
            (r"C:\data\g.db", r"C:\data\g.db"),
        ];
        for (url, path) in cases {
            assert_eq!(sqlite(url).as_deref(), Some(path), "{url}");
        }
    }

    #[test]
    fn postgres_urls_pass_through() {
        for url in ["postgres://u@h/db", "postgresql://u:p@h:5432/db", "POSTGRES://h/db"] {
            assert!(matches!(Target::parse(url), Ok(Target::Postgres(u)) if u == url), "{url}");
        }
    }

    #[test]
    fn bad_urls_name_the_problem_without_the_password() {
        let err = Target::parse("mysql://user:hunter2@h/db").err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.contains("`mysql`") && !err.contains("hunter2"), "{err}");
        assert!(matches!(Target::parse(""), Err(StoreError::EmptyUrl)));
        assert!(matches!(Target::parse("sqlite://"), Err(StoreError::EmptySqlitePath)));
        assert!(matches!(Target::parse("sqlite::memory:"), Err(StoreError::InMemorySqlite)));
        assert!(matches!(Target::parse("postgres:db"), Err(StoreError::UnsupportedScheme { .. })));
    }

    #[test]
    fn redact_hides_passwords() {
        let cases = [
            ("postgres://u:secret@h:5432/db", "postgres://u:***@h:5432/db"),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://h/db?user=u&password=secret", "postgres://h/db?user=u&password=***"),
            ("postgres://u:p@ss@h/db", "postgres://u:***@h/db"),
        ];
        for (url, want) in cases {
            assert_eq!(redact(url), want);
        }
    }
}
