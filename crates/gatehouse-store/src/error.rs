//! Store errors at startup ([`StoreError`]) and the mapping of diesel errors to core errors.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use gatehouse_core::CoreError;

/// Why the store could not be opened or migrated. Messages never contain a URL's password.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is empty.
    #[error("database URL is empty")]
    EmptyUrl,
    /// The URL scheme names no supported database.
    #[error(
        "unsupported database URL scheme `{scheme}`: use postgres://, postgresql://, \
         sqlite://<path>, sqlite:<path> or a plain file path"
    )]
    UnsupportedScheme {
        /// The scheme as given.
        scheme: String,
    },
    /// An `sqlite:` URL without a file path.
    #[error("SQLite database URL names no file: use sqlite://<path>, e.g. sqlite://gatehouse.db")]
    EmptySqlitePath,
    /// In-memory SQLite cannot back a connection pool.
    #[error("in-memory SQLite is not supported (each pooled connection would see its own database); use a file path")]
    InMemorySqlite,
    /// The pool size must be positive.
    #[error("database pool size must be at least 1")]
    PoolSize,
    /// The SQLite database file could not be created.
    #[error("cannot create SQLite database file `{path}`")]
    CreateFile {
        /// The file path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The pool could not open a connection.
    #[error("cannot connect to database {url}")]
    Connect {
        /// The URL with its password redacted.
        url: String,
        /// The pool's error, naming the last connection failure.
        #[source]
        source: r2d2::Error,
    },
    /// A database statement failed outside a core transaction.
    #[error("database error")]
    Database(#[from] DieselError),
    /// A maintenance operation (purge, checkpoint, backup) failed or does not apply.
    #[error("{0}")]
    Maintenance(String),
    /// Running the embedded migrations failed.
    #[error("database migration failed")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

/// Map a diesel error that has no special meaning to [`CoreError::Internal`].
pub(crate) fn internal(e: DieselError) -> CoreError {
    CoreError::internal(e)
}

/// The conflict message of a login that is taken.
pub(crate) const LOGIN_TAKEN: &str = "login already taken";

/// Map the failure of a user insert: a taken login, or one that looks like a taken login, is a
/// conflict (SPEC §3.1, §3.3), the rest internal.
pub(crate) fn user_insert(e: DieselError) -> CoreError {
    // First: SQLite names the column, and `users.login_skeleton` contains `users.login`.
    if is_unique_violation_of(&e, "users_login_skeleton", "users.login_skeleton") {
        CoreError::Conflict("login looks like an existing one (Unicode confusables)".into())
    } else if is_unique_violation_of(&e, "users_login_key", "users.login") {
        CoreError::Conflict(LOGIN_TAKEN.into())
    } else {
        internal(e)
    }
}

/// True for a unique violation of a PostgreSQL constraint `pg_name` or SQLite column `sqlite_column`.
fn is_unique_violation_of(e: &DieselError, pg_name: &str, sqlite_column: &str) -> bool {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            info.constraint_name() == Some(pg_name) || info.message().contains(sqlite_column)
        }
        _ => false,
    }
}
