//! The XML documents Archer returns inside a string (README "Archer XML answers"), two kinds:
//!
//! - users (`GetUserList`, `Lookup…`, `GetDomainUserList…`), from Archer's `GetUserList` sample:
//!   `<Return><User><row_num>1</row_num><ID>7</ID><UserName>…</UserName><LastName>…</LastName>
//!   <FirstName>…</FirstName><AccountStatus>Active</AccountStatus><Email>…</Email></User>…</Return>`;
//! - one user's account (`GetUser`): the same `<User>` followed by `<MiddleName>`, `<Title>`,
//!   `<Company>`, `<Address>`, `<TimeZone>`, `<Locale>` (empty when unset).
//!
//! Written with quick-xml, so `<`, `&` and non-ASCII text round-trip; the SOAP writer escapes
//! the whole document again as string content.

use chrono::{DateTime, Utc};
use gatehouse_core::user::{Status, User};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::fault::{SoapError, SoapResult};

/// Archer's account status of a user at `now`: `Locked` while a lockout holds, `Inactive` for
/// a suspended user, else the Gatehouse status.
pub fn account_status(user: &User, now: DateTime<Utc>) -> &'static str {
    match user.status {
        Status::Active if user.is_locked(now) => "Locked",
        Status::Active => "Active",
        Status::Suspended => "Inactive",
        other => other.as_str(),
    }
}

/// `<Return>` with one `<User>` per user; `first_row` is the 1-based `row_num` of the first.
pub fn users(users: &[User], first_row: i64, now: DateTime<Utc>) -> SoapResult<String> {
    document(users.iter().zip(first_row..).map(|(user, row)| list_fields(user, row, now)))
}

/// `<Return>` with the account of one user: the list fields, then its profile.
pub fn account(user: &User, now: DateTime<Utc>) -> SoapResult<String> {
    let p = &user.profile;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut fields = list_fields(user, 1, now);
    fields.extend([
        ("MiddleName", text(&p.middle_name)),
        ("Title", text(&p.title)),
        ("Company", text(&p.company)),
        ("Address", text(&p.address)),
        ("TimeZone", p.time_zone.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default()),
        ("Locale", p.locale.as_ref().map(|l| l.as_str().to_string()).unwrap_or_default()),
    ]);
    document(std::iter::once(fields))
}

fn list_fields(user: &User, row: i64, now: DateTime<Utc>) -> Vec<(&'static str, String)> {
    vec![
        ("row_num", row.to_string()),
        ("ID", user.id.0.to_string()),
        ("UserName", user.login.clone()),
        ("LastName", user.last_name.clone()),
        ("FirstName", user.first_name.clone()),
        ("AccountStatus", account_status(user, now).to_string()),
        ("Email", user.email.clone()),
    ]
}

fn document(users: impl Iterator<Item = Vec<(&'static str, String)>>) -> SoapResult<String> {
    let mut w = Writer::new(Vec::new());
    let fail = |e: std::io::Error| SoapError::Core(gatehouse_core::CoreError::internal(e));
    w.write_event(Event::Start(BytesStart::new("Return"))).map_err(fail)?;
    for fields in users {
        w.write_event(Event::Start(BytesStart::new("User"))).map_err(fail)?;
        for (name, text) in fields {
            w.write_event(Event::Start(BytesStart::new(name))).map_err(fail)?;
            w.write_event(Event::Text(BytesText::new(&text))).map_err(fail)?;
            w.write_event(Event::End(BytesEnd::new(name))).map_err(fail)?;
        }
        w.write_event(Event::End(BytesEnd::new("User"))).map_err(fail)?;
    }
    w.write_event(Event::End(BytesEnd::new("Return"))).map_err(fail)?;
    String::from_utf8(w.into_inner()).map_err(|e| SoapError::Core(gatehouse_core::CoreError::internal(e)))
}
