//! The one connection type: either backend behind diesel's multi-backend derive.
//!
//! Queries written against [`DbConn`] run on both; `backend.rs` matches on the variant
//! where the SQL must differ.

use diesel::{PgConnection, SqliteConnection};

/// A pooled connection to PostgreSQL or SQLite.
#[derive(diesel::MultiConnection)]
pub(crate) enum DbConn {
    /// PostgreSQL.
    Pg(PgConnection),
    /// SQLite.
    Sqlite(SqliteConnection),
}
