//! The ECGrid-style `/v2` REST API.

pub mod auth;
pub mod dto;
