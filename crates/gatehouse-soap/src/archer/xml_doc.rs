//! The XML documents Archer returns inside a string (README "Archer XML answers"). One shape
//! for users, from Archer's `GetUserList` sample:
//! `<Return><User><row_num>1</row_num><ID>7</ID><UserName>…</UserName><LastName>…</LastName>
//! <FirstName>…</FirstName><AccountStatus>Active</AccountStatus><Email>…</Email></User>…</Return>`.
//! Written with quick-xml, so `<`, `&` and non-ASCII text round-trip; the SOAP writer escapes
//! the whole document again as string content.

use gatehouse_core::user::{Status, User};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::fault::{SoapError, SoapResult};

/// Archer's account status name of a Gatehouse status (`Suspended` is Archer's `Inactive`).
pub fn account_status(status: Status) -> &'static str {
    match status {
        Status::Active => "Active",
        Status::Suspended => "Inactive",
        other => other.as_str(),
    }
}

/// `<Return>` with one `<User>` per user; `first_row` is the 1-based `row_num` of the first.
pub fn users(users: &[User], first_row: i64) -> SoapResult<String> {
    let mut w = Writer::new(Vec::new());
    let fail = |e: std::io::Error| SoapError::Core(gatehouse_core::CoreError::internal(e));
    w.write_event(Event::Start(BytesStart::new("Return"))).map_err(fail)?;
    for (row, user) in (first_row..).zip(users) {
        w.write_event(Event::Start(BytesStart::new("User"))).map_err(fail)?;
        let fields = [
            ("row_num", row.to_string()),
            ("ID", user.id.0.to_string()),
            ("UserName", user.login.clone()),
            ("LastName", user.last_name.clone()),
            ("FirstName", user.first_name.clone()),
            ("AccountStatus", account_status(user.status).to_string()),
            ("Email", user.email.clone()),
        ];
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
