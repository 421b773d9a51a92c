//! The store behaviour suite: every test runs on SQLite and on PostgreSQL, each on its own
//! fresh database (`gatehouse_store::testing`), written against `&dyn Store`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod apikeys;
mod audit;
mod connect;
mod schema;
mod sessions;
mod settings;
mod support;
mod transactions;
mod users;
