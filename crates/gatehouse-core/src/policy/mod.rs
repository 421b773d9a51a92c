//! Pure rules: no I/O, no clock reads; every input is passed in.

pub mod access;
pub mod lockout;
pub mod password;
pub mod scope;
pub mod session;

pub use access::{authorize, Operation};
