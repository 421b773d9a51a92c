//! Queries written once against the multi-backend connection, one module per table.

pub(crate) mod apikey;
pub(crate) mod audit;
pub(crate) mod lockout;
pub(crate) mod purge;
pub(crate) mod session;
pub(crate) mod setting;
pub(crate) mod user;

use diesel::dsl;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use gatehouse_core::user::Visibility;

use crate::schema::users;

diesel::define_sql_function! {
    /// SQL `lower(text)`, the same function the email index is built on.
    fn lower(x: Text) -> Text;
}

diesel::define_sql_function! {
    /// SQL `coalesce(a, b)` over nullable ids.
    fn coalesce(a: Nullable<BigInt>, b: Nullable<BigInt>) -> Nullable<BigInt>;
}

/// The users `v` lets an actor see (SPEC §3.2): itself, plus others at one of `levels`,
/// in its network and mailbox when those are set, that are not the primary owner.
///
/// One concrete expression (no boxing), so it also works inside the audit subselect,
/// which the multi backend renders through each inner backend.
pub(crate) fn visible_users(v: &Visibility) -> visible_expr {
    let levels = v.levels.iter().map(|l| l.as_str()).collect();
    visible_expr(v.itself.map(|u| u.0), levels, v.network_id, v.mailbox_id)
}

/// `None` scopes compare a column with itself (`coalesce(NULL, col) = col`); an absent
/// `itself` compares with NULL, which is never true; no `levels` is `IN ()`, i.e. false.
#[dsl::auto_type]
fn visible_expr(
    itself: Option<i64>,
    levels: Vec<&'static str>,
    network: Option<i64>,
    mailbox: Option<i64>,
) -> _ {
    let not_owner: dsl::Eq<users::is_primary_owner, bool> = users::is_primary_owner.eq(false);
    users::id.nullable().eq(itself).or(users::auth_level
        .eq_any(levels)
        .and(not_owner)
        .and(users::network_id.nullable().eq(coalesce(network, users::network_id.nullable())))
        .and(users::mailbox_id.nullable().eq(coalesce(mailbox, users::mailbox_id.nullable()))))
}

/// Rows of `$query` (a select, not yet filtered) whose `$column` is one of `$keys` (a slice),
/// loaded as `$row`. It runs on the concrete connection with a statically typed query:
/// PostgreSQL gets one `= ANY($1)` statement (one round trip), SQLite one `=` statement per
/// key; each connection prepares them once and keeps them. Through the multi-backend wrapper
/// an `IN` list is parsed anew on every call and the SQL text is rebuilt on every use, which
/// was most of the cost of an authenticated read (SPEC §8).
macro_rules! load_by_keys {
    ($conn:expr, $query:expr, $column:expr, $keys:expr, $row:ty) => {
        match $conn {
            $crate::conn::DbConn::Pg(c) => $query.filter($column.eq_any($keys)).load::<$row>(c),
            $crate::conn::DbConn::Sqlite(c) => $keys.iter().try_fold(Vec::new(), |mut all, key| {
                all.extend($query.filter($column.eq(key)).load::<$row>(c)?);
                Ok(all)
            }),
        }
    };
}
pub(crate) use load_by_keys;
