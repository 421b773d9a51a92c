//! HTTP tests against the real server on port 0, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod process;
mod support;

mod auth;
mod errors;
mod instances;
mod service;
mod users;
