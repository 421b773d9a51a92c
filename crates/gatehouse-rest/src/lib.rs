//! Gatehouse REST front ends: ECGrid-style `/v2` JSON and (later) the Slack-style `/api` methods.
//!
//! Handlers decode a request, authenticate through the [`extract::Authenticated`] extractor,
//! make one core call and encode the result. This crate depends on the core only; it never
//! sees the store.

pub mod docs;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod json;
pub mod jwt;
pub mod openapi;
pub mod openapi30;
pub mod path_ids;
pub mod query;
pub mod routes;
pub mod state;
pub mod v2;
pub mod webapi;
pub mod wording;

pub use routes::{configure, default_service};
pub use state::RestState;
