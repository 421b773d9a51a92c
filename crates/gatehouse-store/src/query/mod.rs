//! Queries written once against the multi-backend connection, one module per table.

pub(crate) mod apikey;
pub(crate) mod audit;
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
