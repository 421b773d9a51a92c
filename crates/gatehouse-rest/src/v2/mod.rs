//! The ECGrid-style `/v2` REST API.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod dto;
pub mod profile_dto;
pub mod session_policy;
pub mod sessions;
pub mod user_dto;
pub mod user_family;
pub mod users;
