//! API keys, stored only as SHA-256 hashes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use gatehouse_core::apikey::ApiKey;
use gatehouse_core::user::{User, UserId};
use gatehouse_core::CoreResult;

use super::load_by_keys;
use crate::conn::DbConn;
use crate::error::internal;
use crate::rows::{to_db, ApiKeyRow, NewApiKeyRow, UserRow};
use crate::schema::{api_keys, users};

/// Revoke the user's keys and insert a new one; the caller's transaction makes it atomic.
pub(crate) fn replace(
    conn: &mut DbConn,
    user: UserId,
    key_hash: &str,
    now: DateTime<Utc>,
) -> CoreResult<ApiKey> {
    revoke_all(conn, user, now)?;
    let row: ApiKeyRow = diesel::insert_into(api_keys::table)
        .values(NewApiKeyRow { user_id: user.0, key_hash, created: to_db(now) })
        .returning(ApiKeyRow::columns())
        .get_result(conn)
        .map_err(internal)?;
    Ok(row.into_api_key())
}

/// Keys by hash, revoked or not, each with its hash and its owner.
pub(crate) fn by_hashes_with_owners(
    conn: &mut DbConn,
    key_hashes: &[String],
) -> CoreResult<Vec<(String, ApiKey, User)>> {
    // A macro, not a value: the query is typed anew for each backend.
    macro_rules! keys_with_owners {
        () => {
            api_keys::table.inner_join(users::table).select((
                api_keys::key_hash,
                ApiKeyRow::as_select(),
                UserRow::as_select(),
            ))
        };
    }
    let rows = load_by_keys!(
        conn,
        keys_with_owners!(),
        api_keys::key_hash,
        key_hashes,
        (String, ApiKeyRow, UserRow)
    );
    rows.map_err(internal)?
        .into_iter()
        .map(|(hash, k, u)| Ok((hash, k.into_api_key(), u.into_user()?)))
        .collect()
}

/// Revoke every unrevoked key of `user`; returns how many.
pub(crate) fn revoke_all(conn: &mut DbConn, user: UserId, now: DateTime<Utc>) -> CoreResult<u64> {
    let revoked = diesel::update(
        api_keys::table.filter(api_keys::user_id.eq(user.0)).filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(to_db(now)))
    .execute(conn)
    .map_err(internal)?;
    Ok(revoked as u64)
}
