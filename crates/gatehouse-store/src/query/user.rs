//! Users: lookups, insert, partial update and the visibility-filtered listing.

use diesel::dsl::count_star;
use diesel::prelude::*;
use gatehouse_core::user::{Login, NewUser, Status, User, UserChanges, UserFilter, UserId};
use gatehouse_core::{CoreError, CoreResult};

use super::{lower, visible_users};
use crate::backend;
use crate::conn::DbConn;
use crate::error::{internal, user_insert, LOGIN_TAKEN};
use crate::rows::{NewUserRow, UserChangeset, UserRow};
use crate::schema::users;

fn one(row: Option<UserRow>) -> CoreResult<Option<User>> {
    row.map(UserRow::into_user).transpose()
}

fn many(rows: Vec<UserRow>) -> CoreResult<Vec<User>> {
    rows.into_iter().map(UserRow::into_user).collect()
}

/// A user by id.
pub(crate) fn get(conn: &mut DbConn, id: UserId) -> CoreResult<Option<User>> {
    let row =
        users::table.find(id.0).select(UserRow::as_select()).first(conn).optional().map_err(internal)?;
    one(row)
}

/// A user by id, locked until commit.
pub(crate) fn get_for_update(conn: &mut DbConn, id: UserId) -> CoreResult<Option<User>> {
    one(backend::user_row_for_update(conn, id.0).map_err(internal)?)
}

/// A user by normalised (lower-case) login with its password hash.
pub(crate) fn by_login_with_hash(
    conn: &mut DbConn,
    login: &Login,
) -> CoreResult<Option<(User, Option<String>)>> {
    let row = users::table
        .filter(users::login.eq(login.as_str()))
        .select((UserRow::as_select(), users::password_hash))
        .first::<(UserRow, Option<String>)>(conn)
        .optional()
        .map_err(internal)?;
    row.map(|(user, hash)| Ok((user.into_user()?, hash))).transpose()
}

/// Users whose email equals `email` ignoring case, by id.
pub(crate) fn by_email(conn: &mut DbConn, email: &str) -> CoreResult<Vec<User>> {
    let rows = users::table
        .filter(lower(users::email).eq(lower(email)))
        .order(users::id.asc())
        .select(UserRow::as_select())
        .load(conn)
        .map_err(internal)?;
    many(rows)
}

/// The stored password hash.
pub(crate) fn password_hash(conn: &mut DbConn, id: UserId) -> CoreResult<Option<String>> {
    let hash = users::table
        .find(id.0)
        .select(users::password_hash)
        .first::<Option<String>>(conn)
        .optional()
        .map_err(internal)?;
    Ok(hash.flatten())
}

/// Insert a user; a taken login is a conflict.
pub(crate) fn insert(conn: &mut DbConn, user: &NewUser) -> CoreResult<User> {
    // A savepoint keeps a PostgreSQL transaction usable after a taken login, as SQLite's is.
    let row: CoreResult<UserRow> = conn
        .transaction(|conn| {
            diesel::insert_into(users::table)
                .values(NewUserRow::from(user))
                .returning(UserRow::columns())
                .get_result(conn)
        })
        .map_err(user_insert);
    match row {
        // SQLite may report the skeleton index first for an exact duplicate: say what it is.
        Err(CoreError::Conflict(_)) if by_login_with_hash(conn, &user.login)?.is_some() => {
            Err(CoreError::Conflict(LOGIN_TAKEN.into()))
        }
        other => other?.into_user(),
    }
}

/// Apply the `Some` fields of `changes`; an unknown id is `NotFound`.
pub(crate) fn update(conn: &mut DbConn, id: UserId, changes: &UserChanges) -> CoreResult<User> {
    let changeset = UserChangeset::from(changes);
    if changeset.is_empty() {
        return get(conn, id)?.ok_or(CoreError::NotFound);
    }
    let Some(login) = &changes.login else {
        let row: Option<UserRow> = diesel::update(users::table.find(id.0))
            .set(&changeset)
            .returning(UserRow::columns())
            .get_result(conn)
            .optional()
            .map_err(internal)?;
        return row.ok_or(CoreError::NotFound)?.into_user();
    };
    // A rename can meet a taken login or a lookalike of one: a savepoint keeps a PostgreSQL
    // transaction usable after the violation, as an insert does.
    let row: CoreResult<Option<UserRow>> = conn
        .transaction(|conn| {
            diesel::update(users::table.find(id.0))
                .set(&changeset)
                .returning(UserRow::columns())
                .get_result(conn)
                .optional()
        })
        .map_err(user_insert);
    match row {
        Err(CoreError::Conflict(_)) if by_login_with_hash(conn, login)?.is_some_and(|(u, _)| u.id != id) => {
            Err(CoreError::Conflict(LOGIN_TAKEN.into()))
        }
        other => other?.ok_or(CoreError::NotFound)?.into_user(),
    }
}

/// Number of users.
pub(crate) fn count(conn: &mut DbConn) -> CoreResult<i64> {
    users::table.select(count_star()).first(conn).map_err(internal)
}

/// The users matching `filter` (not paged), as a boxed query.
fn matching(filter: &UserFilter) -> users::BoxedQuery<'_, crate::conn::MultiBackend> {
    let mut query = users::table.filter(visible_users(&filter.visible)).into_boxed();
    if let Some(network) = filter.network_id {
        query = query.filter(users::network_id.eq(network));
    }
    if let Some(mailbox) = filter.mailbox_id {
        query = query.filter(users::mailbox_id.eq(mailbox));
    }
    if let Some(level) = filter.auth_level {
        query = query.filter(users::auth_level.eq(level.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(users::status.eq(status.as_str()));
    }
    if let Some(active) = filter.active {
        let closed = [Status::Suspended.as_str(), Status::Terminated.as_str()];
        query = match active {
            true => query.filter(users::status.ne_all(closed)),
            false => query.filter(users::status.eq_any(closed)),
        };
    }
    if let Some(after) = filter.after {
        query = query.filter(users::id.gt(after.0));
    }
    if let Some(login) = &filter.login {
        // Logins are stored lower-case, so a lower-case pattern matches case-insensitively.
        query = query.filter(users::login.like(contains_pattern(&login.to_lowercase())).escape('\\'));
    }
    if let Some(prefix) = &filter.login_prefix {
        query = query.filter(users::login.like(prefix_pattern(&prefix.to_lowercase())).escape('\\'));
    }
    // Both sides go through the database's lower(), so they fold alike (SQLite folds ASCII
    // only, PostgreSQL every letter).
    if let Some(prefix) = &filter.first_name_prefix {
        query = query.filter(lower(users::first_name).like(lower(prefix_pattern(prefix))).escape('\\'));
    }
    if let Some(prefix) = &filter.last_name_prefix {
        query = query.filter(lower(users::last_name).like(lower(prefix_pattern(prefix))).escape('\\'));
    }
    query
}

/// Users matching `filter`, by id, paged.
pub(crate) fn list(conn: &mut DbConn, filter: &UserFilter) -> CoreResult<Vec<User>> {
    let rows = matching(filter)
        .select(UserRow::as_select())
        .order(users::id.asc())
        .offset(filter.offset.max(0))
        .limit(filter.limit.max(0))
        .load(conn)
        .map_err(internal)?;
    many(rows)
}

/// Number of users matching `filter`, ignoring its page.
pub(crate) fn count_matching(conn: &mut DbConn, filter: &UserFilter) -> CoreResult<i64> {
    matching(filter).select(count_star()).first(conn).map_err(internal)
}

/// `text%` with LIKE's wildcards in `text` escaped by `\`.
fn prefix_pattern(text: &str) -> String {
    let mut pattern = contains_pattern(text);
    pattern.remove(0);
    pattern
}

/// `%text%` with LIKE's wildcards in `text` escaped by `\`.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Give every user stored without a confusable skeleton (rows from before the column) its
/// skeleton; returns how many. A user whose skeleton another already has keeps none, with a
/// warning: both logins stay, and new lookalikes of either are still refused.
pub(crate) fn backfill_skeletons(conn: &mut DbConn) -> diesel::QueryResult<usize> {
    let rows: Vec<(i64, String)> =
        users::table.filter(users::login_skeleton.is_null()).select((users::id, users::login)).load(conn)?;
    let mut filled = 0;
    for (id, login) in rows {
        let Ok(login) = Login::parse(&login) else {
            tracing::warn!(user_id = id, "stored login is not a valid login today; no skeleton");
            continue;
        };
        match diesel::update(users::table.find(id))
            .set(users::login_skeleton.eq(login.skeleton()))
            .execute(conn)
        {
            Ok(_) => filled += 1,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                tracing::warn!(user_id = id, "login looks like another user's login; no skeleton");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
