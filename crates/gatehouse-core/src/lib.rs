//! Gatehouse domain core: users, credentials, sessions, API keys, audit, and the rules over them.
//!
//! This crate knows nothing of HTTP, JSON, XML or SQL. Front ends decode a request into one
//! call on [`Core`]; the store implements [`store::Store`]. A rule lives here exactly once.

pub mod access;
pub mod apikey;
pub mod audit;
pub mod caller;
pub mod clock;
pub mod credential;
pub mod error;
pub mod hasher;
pub mod limits;
mod lookups;
pub mod naming;
pub mod policy;
pub mod profile;
pub mod secret;
pub mod service;
pub mod session;
pub mod session_settings;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod user;

pub use caller::{Caller, Credential, RequestContext};
pub use error::{CoreError, CoreResult};
pub use service::{Core, CoreConfig};
