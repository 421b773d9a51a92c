//! Lockout counters (SPEC §3.3): a user's live on its row, an unknown name's in
//! `login_failures`. Read locked against concurrent writers until commit.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::policy::lockout::{LockoutKey, LockoutState};
use gatehouse_core::{CoreError, CoreResult};

use crate::backend;
use crate::conn::DbConn;
use crate::error::internal;
use crate::rows::{from_db, to_db};
use crate::schema::{login_failures, users};

/// The stored columns of a lockout state.
pub(crate) type LockoutColumns = (i32, Option<NaiveDateTime>, i32, Option<NaiveDateTime>);

fn state((failed, locked_until, in_flight, since): LockoutColumns) -> LockoutState {
    LockoutState {
        failed,
        locked_until: locked_until.map(from_db),
        in_flight,
        in_flight_since: since.map(from_db),
    }
}

/// The counters of `key`, locked until commit; an unknown name starts with a fresh row.
pub(crate) fn get_for_update(conn: &mut DbConn, key: &LockoutKey) -> CoreResult<LockoutState> {
    let row = match key {
        LockoutKey::User(id) => backend::user_lockout_for_update(conn, id.0).map_err(internal)?,
        LockoutKey::Name(hash) => {
            backend::insert_login_failure_if_absent(conn, hash).map_err(internal)?;
            backend::name_lockout_for_update(conn, hash).map_err(internal)?
        }
    };
    row.map(state).ok_or(CoreError::NotFound)
}

/// Store the counters of `key`.
pub(crate) fn set(conn: &mut DbConn, key: &LockoutKey, s: &LockoutState) -> CoreResult<()> {
    let (failed, locked, in_flight, since) =
        (s.failed, s.locked_until.map(to_db), s.in_flight, s.in_flight_since.map(to_db));
    match key {
        LockoutKey::User(id) => diesel::update(users::table.find(id.0))
            .set((
                users::failed_logins.eq(failed),
                users::locked_until.eq(locked),
                users::logins_in_flight.eq(in_flight),
                users::in_flight_since.eq(since),
            ))
            .execute(conn),
        LockoutKey::Name(hash) => diesel::update(login_failures::table.find(hash))
            .set((
                login_failures::failed_logins.eq(failed),
                login_failures::locked_until.eq(locked),
                login_failures::logins_in_flight.eq(in_flight),
                login_failures::in_flight_since.eq(since),
            ))
            .execute(conn),
    }
    .map(drop)
    .map_err(internal)
}
