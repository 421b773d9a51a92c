//! Login names built from other names (SPEC §5.3): domain users (`DOMAIN\name`), a login moved
//! into or out of a domain, and the names Archer's `CreateUserEx` generates from a person's
//! names.

use crate::error::CoreError;
use crate::user::{Login, MAX_LOGIN_CHARS};

/// The login of a domain user (SPEC §5.3): `DOMAIN\\name`, normalised like every login, so
/// the domain compares without case. Neither part may be empty or hold a backslash.
pub fn domain_login(domain: &str, name: &str) -> Result<Login, CoreError> {
    let prefix = domain_prefix(domain)?;
    let name = name.trim();
    if name.is_empty() || name.contains('\\') {
        return Err(CoreError::invalid("userName", "must be non-empty and hold no backslash"));
    }
    Login::parse(&format!("{prefix}{name}"))
}

/// The normalised `domain\\` every login of `domain` starts with.
pub fn domain_prefix(domain: &str) -> Result<String, CoreError> {
    let domain = domain.trim();
    if domain.is_empty() || domain.contains('\\') {
        return Err(CoreError::invalid("usersDomain", "must be non-empty and hold no backslash"));
    }
    let login = Login::parse(domain).map_err(|e| match e {
        CoreError::InvalidParameter { reason, .. } => CoreError::invalid("usersDomain", reason),
        other => other,
    })?;
    Ok(format!("{}\\", login.as_str()))
}

/// The part of a login after its domain (`corp\jsmith` → `jsmith`; no domain: all of it).
pub fn local_part(login: &str) -> &str {
    login.rsplit_once('\\').map_or(login, |(_, local)| local)
}

/// `login` moved into `domain`, or out of any domain when `domain` is `None` (Archer
/// `UpdateUserEx`'s `userDomain`; an empty one removes the domain).
pub fn with_domain(login: &str, domain: Option<&str>) -> Result<Login, CoreError> {
    match domain {
        Some(domain) => domain_login(domain, local_part(login)),
        None => Login::parse(local_part(login)),
    }
}

/// How many numbered variants of a generated name are tried before giving up.
pub const GENERATED_NAME_TRIES: u32 = 100;

/// The `n`th candidate login for a person (Archer generates user names): `first.last` from the
/// letters and digits of each name (`Mary Ann O'Neil` → `maryann.oneil`), `user` when both are
/// empty, with `n + 1` appended after the first try, under `DOMAIN\` when a domain is given.
pub fn generated_login(first: &str, last: &str, domain: Option<&str>, n: u32) -> Result<Login, CoreError> {
    let part = |name: &str| -> String { name.chars().filter(|c| c.is_alphanumeric()).collect() };
    let joined: Vec<String> = [part(first), part(last)].into_iter().filter(|p| !p.is_empty()).collect();
    let mut base = match joined.is_empty() {
        true => "user".to_string(),
        false => joined.join("."),
    };
    let suffix = if n == 0 { String::new() } else { (n + 1).to_string() };
    // Leave room for the domain and the number within the longest login.
    let room = MAX_LOGIN_CHARS - suffix.len() - domain.map_or(0, |d| d.chars().count() + 1);
    if let Some((cut, _)) = base.char_indices().nth(room) {
        base.truncate(cut);
    }
    let name = format!("{base}{suffix}");
    match domain {
        Some(domain) => domain_login(domain, &name),
        None => Login::parse(&name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (first, last, domain, try, login), written from the rule above.
    #[test]
    fn generated_names_come_from_the_persons_names() {
        let table = [
            ("John", "Smith", None, 0, "john.smith"),
            ("John", "Smith", None, 1, "john.smith2"),
            ("Mary Ann", "O'Neil", None, 0, "maryann.oneil"),
            ("Zoë", "Ünal", None, 4, "zoë.ünal5"),
            ("", "", None, 0, "user"),
            ("", "Prince", None, 0, "prince"),
            ("Ann", "Lee", Some("CORP"), 0, "corp\\ann.lee"),
            ("<b>", "&amp;", None, 0, "b.amp"),
        ];
        for (first, last, domain, n, login) in table {
            assert_eq!(generated_login(first, last, domain, n).unwrap().as_str(), login, "{first} {last}");
        }
        let long = "x".repeat(300);
        let made = generated_login(&long, &long, Some("CORP"), 57).unwrap();
        assert!(made.as_str().chars().count() <= MAX_LOGIN_CHARS && made.as_str().ends_with("58"));
    }

    #[test]
    fn a_login_moves_into_and_out_of_a_domain() {
        assert_eq!(with_domain("corp\\jsmith", Some("Sales")).unwrap().as_str(), "sales\\jsmith");
        assert_eq!(with_domain("jsmith", Some("CORP")).unwrap().as_str(), "corp\\jsmith");
        assert_eq!(with_domain("corp\\jsmith", None).unwrap().as_str(), "jsmith");
        assert_eq!(local_part("a\\b"), "b");
        assert!(with_domain("jsmith", Some("a\\b")).is_err());
    }
}
