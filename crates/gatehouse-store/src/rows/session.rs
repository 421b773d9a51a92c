//! Session rows: read (without the secret hash) and insert.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gatehouse_core::session::{NewSession, Session, SessionId};
use gatehouse_core::user::UserId;
use gatehouse_core::CoreResult;

use super::{from_db, stored, to_db};
use crate::schema::sessions;

/// A session without its secret hash.
#[derive(Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub(crate) struct SessionRow {
    id: String,
    user_id: i64,
    client_kind: String,
    created: NaiveDateTime,
    last_seen: NaiveDateTime,
    expires_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
    ip: Option<String>,
    user_agent: Option<String>,
    epoch: i64,
}

impl SessionRow {
    /// The core session.
    pub(crate) fn into_session(self) -> CoreResult<Session> {
        Ok(Session {
            kind: stored("sessions.client_kind", &self.client_kind)?,
            id: SessionId(self.id),
            user_id: UserId(self.user_id),
            created: from_db(self.created),
            last_seen: from_db(self.last_seen),
            expires_at: from_db(self.expires_at),
            revoked_at: self.revoked_at.map(from_db),
            epoch: self.epoch,
            ip: self.ip,
            user_agent: self.user_agent,
        })
    }
}

/// A session to insert, with its secret hash.
#[derive(Insertable)]
#[diesel(table_name = sessions)]
// None is NULL, not DEFAULT: the SQL is then the same for every row and the prepared
// statement is cached (the nullable columns have no default).
#[diesel(treat_none_as_default_value = false)]
pub(crate) struct NewSessionRow<'a> {
    id: &'a str,
    user_id: i64,
    client_kind: &'static str,
    created: NaiveDateTime,
    last_seen: NaiveDateTime,
    expires_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    secret_hash: Option<&'a str>,
    epoch: i64,
}

impl<'a> From<&'a NewSession> for NewSessionRow<'a> {
    fn from(n: &'a NewSession) -> Self {
        let s = &n.session;
        NewSessionRow {
            id: &s.id.0,
            user_id: s.user_id.0,
            client_kind: s.kind.as_str(),
            created: to_db(s.created),
            last_seen: to_db(s.last_seen),
            expires_at: to_db(s.expires_at),
            revoked_at: s.revoked_at.map(to_db),
            ip: s.ip.as_deref(),
            user_agent: s.user_agent.as_deref(),
            secret_hash: n.secret_hash.as_deref(),
            epoch: s.epoch,
        }
    }
}
