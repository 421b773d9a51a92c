//! The `gatehouse` binary's library: configuration, CLI commands, wiring, health and metrics.
//!
//! Only this crate sees the store and the front ends together.

pub mod access;
pub mod app;
pub mod bench_hash;
pub mod bootstrap;
pub mod cli;
pub mod config;
pub mod deadline;
pub mod health;
pub mod logging;
pub mod metrics;
pub mod operator;
pub mod retention;
pub mod shutdown;
pub mod tls;
