//! Service-wide settings (e.g. the generated JWT secret every instance shares).

use diesel::prelude::*;
use gatehouse_core::{CoreError, CoreResult};

use crate::backend;
use crate::conn::DbConn;
use crate::error::internal;
use crate::schema::settings;

/// The value stored under `name`.
pub(crate) fn get(conn: &mut DbConn, name: &str) -> CoreResult<Option<String>> {
    settings::table.find(name).select(settings::value).first(conn).optional().map_err(internal)
}

/// Store `value` unless a value exists, then return the stored one: two processes racing
/// both end up with the first committed value.
pub(crate) fn get_or_insert(conn: &mut DbConn, name: &str, value: &str) -> CoreResult<String> {
    backend::insert_setting_if_absent(conn, name, value).map_err(internal)?;
    get(conn, name)?.ok_or_else(|| CoreError::internal(format!("setting `{name}` vanished after insert")))
}
