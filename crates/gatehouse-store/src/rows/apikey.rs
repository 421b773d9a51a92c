//! API key rows: read (without the key hash) and insert.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::apikey::ApiKey;
use gatehouse_core::user::UserId;

use super::from_db;
use crate::schema::api_keys;

/// An API key without its hash.
#[derive(Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub(crate) struct ApiKeyRow {
    id: i64,
    user_id: i64,
    created: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
}

impl ApiKeyRow {
    /// The selected columns as a plain tuple, for `RETURNING`.
    pub(crate) fn columns() -> <Self as Selectable<crate::conn::MultiBackend>>::SelectExpression {
        <Self as Selectable<crate::conn::MultiBackend>>::construct_selection()
    }

    /// The core API key.
    pub(crate) fn into_api_key(self) -> ApiKey {
        ApiKey {
            id: self.id,
            user_id: UserId(self.user_id),
            created: from_db(self.created),
            revoked_at: self.revoked_at.map(from_db),
        }
    }
}

/// An API key to insert.
#[derive(Insertable)]
#[diesel(table_name = api_keys)]
pub(crate) struct NewApiKeyRow<'a> {
    /// Owner.
    pub(crate) user_id: i64,
    /// SHA-256 of the key.
    pub(crate) key_hash: &'a str,
    /// Creation time.
    pub(crate) created: NaiveDateTime,
}
