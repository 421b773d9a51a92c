//! Row types: the only place diesel meets the core types (core derives nothing from diesel).
//!
//! Rows holding a password hash, key hash or session secret hash are deliberately not
//! `Debug`, so a hash can never reach a log (STYLE §8).

mod apikey;
mod audit;
pub(crate) mod profile;
mod session;
mod user;

use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use gatehouse_core::{CoreError, CoreResult};

pub(crate) use self::apikey::{ApiKeyRow, NewApiKeyRow};
pub(crate) use self::audit::{AuditRow, NewAuditRow};
pub(crate) use self::session::{NewSessionRow, SessionRow};
pub(crate) use self::user::{NewUserRow, UserChangeset, UserRow};

/// A UTC time as stored: naive, truncated to the microseconds both backends keep.
pub(crate) fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    t.naive_utc().trunc_subsecs(6)
}

/// A stored time back in UTC.
pub(crate) fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// Parse an enum stored as text; a value the core does not know is an internal error.
pub(crate) fn stored<T: FromStr>(column: &str, value: &str) -> CoreResult<T> {
    value.parse().map_err(|_| CoreError::internal(format!("stored {column} `{value}` is not valid")))
}
