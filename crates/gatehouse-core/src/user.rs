//! Users and the value types that describe them (SPEC §3.1).

use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

use crate::error::CoreError;
use crate::profile::Profile;
use crate::session::SessionEpochs;
use crate::session_settings::SessionSettings;

/// Store-assigned user id (ECGrid `UserID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Authorization level, highest first (SPEC §3.1); the variant names are the wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
pub enum AuthLevel {
    /// Administers every user.
    Root,
    /// Global operations staff.
    TechOps,
    /// Global network operations staff.
    NetOps,
    /// Administers lower users of one network.
    NetworkAdmin,
    /// A network-level user.
    NetworkUser,
    /// Administers lower users of one mailbox.
    MailboxAdmin,
    /// A mailbox-level user.
    MailboxUser,
    /// Trading-partner user.
    TPUser,
    /// Lowest level.
    General,
}

impl AuthLevel {
    /// Every level, highest first.
    pub const ALL: &'static [AuthLevel] = <AuthLevel as strum::VariantArray>::VARIANTS;

    /// Numeric rank: higher means more privileged (the declaration order, reversed).
    pub fn rank(self) -> u8 {
        AuthLevel::General as u8 - self as u8
    }

    /// True when `self` is strictly below `other`.
    pub fn is_below(self, other: AuthLevel) -> bool {
        self.rank() < other.rank()
    }

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl FromStr for AuthLevel {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuthLevel::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| CoreError::invalid("authLevel", format!("unknown auth level `{s}`")))
    }
}

impl fmt::Display for AuthLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Account status (SPEC §3.1); the variant names are the wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
pub enum Status {
    /// Being set up.
    Development,
    /// In normal use.
    Active,
    /// Staging use.
    Preproduction,
    /// Temporarily barred from authenticating.
    Suspended,
    /// Permanently closed.
    Terminated,
}

impl Status {
    /// Every status.
    pub const ALL: &'static [Status] = <Status as strum::VariantArray>::VARIANTS;

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Suspended and terminated users cannot authenticate by any credential (SPEC §3.5).
    pub fn may_authenticate(self) -> bool {
        !matches!(self, Status::Suspended | Status::Terminated)
    }
}

impl FromStr for Status {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| CoreError::invalid("status", format!("unknown status `{s}`")))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A login name, normalised so that uniqueness ignores case and compatibility forms (SPEC §3.3):
/// trimmed, Unicode NFKC, case-folded. Control, format (zero-width, bidi), separator and
/// default-ignorable characters are refused, since they make two names look alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Login(String);

/// Longest login name, in characters.
pub const MAX_LOGIN_CHARS: usize = 128;

impl Login {
    /// Validate and normalise a login name.
    pub fn parse(raw: &str) -> Result<Self, CoreError> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = raw.trim().nfkc().collect::<String>().to_lowercase().nfkc().collect();
        if folded.is_empty() || folded.chars().count() > MAX_LOGIN_CHARS {
            return Err(CoreError::invalid("login", format!("must be 1 to {MAX_LOGIN_CHARS} characters")));
        }
        if let Some(bad) = folded.chars().find(|&c| invisible(c)) {
            return Err(CoreError::invalid(
                "login",
                format!(
                    "must not contain spaces, control, format or invisible characters (found U+{:04X})",
                    bad as u32
                ),
            ));
        }
        Ok(Login(folded))
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The confusable skeleton (Unicode TR39): two logins with the same skeleton look alike,
    /// so the second is a `Conflict`.
    /// The skeleton is folded to lower case and taken again, as logins are compared without
    /// case (TR39 maps `0` to `O`, which a lower-case login would never match).
    pub fn skeleton(&self) -> String {
        use unicode_security::confusable_detection::skeleton;
        let once: String = skeleton(&self.0).collect();
        skeleton(&once.to_lowercase()).collect()
    }
}

/// True for a character that is, or can pass for, nothing: controls, format characters
/// (zero-width, bidi controls), separators and the other default-ignorable code points (whose
/// TR39 skeleton is empty).
fn invisible(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    let category = matches!(
        get_general_category(c),
        G::Control | G::Format | G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator | G::Unassigned
    );
    let mut buf = [0u8; 4];
    category
        || c.is_whitespace()
        || unicode_security::confusable_detection::skeleton(c.encode_utf8(&mut buf)).next().is_none()
}

pub use crate::naming::{domain_login, domain_prefix};

/// Longest first or last name.
pub const MAX_NAME_CHARS: usize = 100;

/// A first or last name, trimmed; the same rule on create and update: at most
/// [`MAX_NAME_CHARS`] characters, no NUL or other control characters.
pub fn person_name(field: &str, raw: &str) -> Result<String, CoreError> {
    if raw.chars().count() > MAX_NAME_CHARS {
        return Err(CoreError::invalid(field, format!("must be at most {MAX_NAME_CHARS} characters")));
    }
    if raw.chars().any(char::is_control) {
        return Err(CoreError::invalid(field, "must not contain control characters"));
    }
    Ok(raw.trim().to_string())
}

/// A syntactically valid email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Validate an address with the `email_address` crate's RFC 5322 parser.
    pub fn parse(raw: &str) -> Result<Self, CoreError> {
        let s = raw.trim();
        if s.len() > 254 || !email_address::EmailAddress::is_valid(s) {
            return Err(CoreError::invalid("email", format!("`{s}` is not a valid email address")));
        }
        Ok(Email(s.to_string()))
    }

    /// No address (a user created without one, as Archer creates users); stored empty.
    pub fn none() -> Self {
        Email(String::new())
    }

    /// The address text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user as the core sees it; the password hash never leaves the store and hasher.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Store-assigned id.
    pub id: UserId,
    /// Normalised login name.
    pub login: String,
    /// Email address.
    pub email: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Network scope.
    pub network_id: i64,
    /// Mailbox scope (0 = network-level user).
    pub mailbox_id: i64,
    /// Authorization level.
    pub auth_level: AuthLevel,
    /// Account status.
    pub status: Status,
    /// Creation time.
    pub created: DateTime<Utc>,
    /// Last modification time.
    pub modified: DateTime<Utc>,
    /// Last successful login.
    pub last_login: Option<DateTime<Utc>>,
    /// Sessions are restricted until the password is changed (SPEC §3.4).
    pub force_password_change: bool,
    /// Consecutive failed logins.
    pub failed_logins: i32,
    /// Locked until this time after too many failures.
    pub locked_until: Option<DateTime<Utc>>,
    /// Bot users authenticate only with API keys.
    pub is_bot: bool,
    /// The bootstrap user, administered only by itself.
    pub is_primary_owner: bool,
    /// Generations its sessions must carry to be live; a reset bumps them.
    pub session_epochs: SessionEpochs,
    /// The per-user session policy (SPEC §3.5); unset fields take the service's defaults.
    pub session_settings: SessionSettings,
    /// Account expiry (Slack `setExpiration`): from then on the user cannot authenticate.
    pub expires_at: Option<DateTime<Utc>>,
    /// Optional profile fields (SPEC §3.1).
    pub profile: Profile,
    /// The recovery question (ECGridOS security information); its answer is only stored hashed.
    pub recovery_question: Option<String>,
}

impl User {
    /// True when the lockout is in force at `now`.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }

    /// True when the account has expired at `now` (Slack `setExpiration`).
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    /// Whether the user may authenticate by any credential at `now` (SPEC §3.5): not
    /// suspended, terminated or expired.
    pub fn may_authenticate(&self, now: DateTime<Utc>) -> bool {
        self.status.may_authenticate() && !self.is_expired(now)
    }
}

/// Everything needed to insert a user; `Debug` hides the password hash.
#[derive(Clone)]
pub struct NewUser {
    /// Normalised login.
    pub login: Login,
    /// Email address.
    pub email: Email,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Network scope.
    pub network_id: i64,
    /// Mailbox scope.
    pub mailbox_id: i64,
    /// Authorization level.
    pub auth_level: AuthLevel,
    /// Initial status.
    pub status: Status,
    /// argon2id PHC string, `None` for bots.
    pub password_hash: Option<String>,
    /// Force a password change at first login.
    pub force_password_change: bool,
    /// Bot account.
    pub is_bot: bool,
    /// Bootstrap owner.
    pub is_primary_owner: bool,
    /// Optional profile fields.
    pub profile: Profile,
    /// Recovery question and hashed answer, when given.
    pub recovery: Option<Recovery>,
    /// Creation time.
    pub now: DateTime<Utc>,
}

/// A recovery question with its answer hashed like a password (ECGridOS `RecoveryQuestion`,
/// `RecoveryAnswer`); `Debug` hides the hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The question, shown to whoever reads the user.
    pub question: String,
    /// argon2id PHC string of the normalised answer; never leaves the store and hasher.
    pub answer_hash: String,
}

impl fmt::Debug for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recovery").field("question", &self.question).finish_non_exhaustive()
    }
}

/// A partial update of a user; `None` keeps the stored value. `Debug` hides the password hash.
#[derive(Clone, Default)]
pub struct UserChanges {
    /// New login (a rename; its confusable skeleton must be free too).
    pub login: Option<Login>,
    /// New email.
    pub email: Option<String>,
    /// New given name.
    pub first_name: Option<String>,
    /// New family name.
    pub last_name: Option<String>,
    /// New level.
    pub auth_level: Option<AuthLevel>,
    /// New status.
    pub status: Option<Status>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// New force-password-change flag.
    pub force_password_change: Option<bool>,
    /// New failure count.
    pub failed_logins: Option<i32>,
    /// New lock time (`Some(None)` clears it).
    pub locked_until: Option<Option<DateTime<Utc>>>,
    /// New last login time.
    pub last_login: Option<DateTime<Utc>>,
    /// Modification time; always set by the service.
    pub modified: Option<DateTime<Utc>>,
    /// New per-user session policy (the whole of it; unset fields are written as NULL).
    pub session_settings: Option<SessionSettings>,
    /// New account expiry (`Some(None)` clears it).
    pub expires_at: Option<Option<DateTime<Utc>>>,
    /// New profile (the whole of it; unset fields are written as NULL).
    pub profile: Option<Profile>,
    /// New recovery question and answer (`Some(None)` clears them).
    pub recovery: Option<Option<Recovery>>,
}

/// Filter for listing users.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only this network.
    pub network_id: Option<i64>,
    /// Only this mailbox.
    pub mailbox_id: Option<i64>,
    /// Only this level.
    pub auth_level: Option<AuthLevel>,
    /// Only this status.
    pub status: Option<Status>,
    /// Login contains this text (lower-case).
    pub login: Option<String>,
    /// Only users that may authenticate by their status (`true`), or only suspended and
    /// terminated ones (`false`).
    pub active: Option<bool>,
    /// Only users with a larger id (cursor listings).
    pub after: Option<UserId>,
    /// Login starts with this text (lower-case; a domain's `domain\\`).
    pub login_prefix: Option<String>,
    /// First name starts with this text, ignoring case.
    pub first_name_prefix: Option<String>,
    /// Last name starts with this text, ignoring case.
    pub last_name_prefix: Option<String>,
    /// Which users the caller may see at all.
    pub visible: Visibility,
    /// 0-based offset.
    pub offset: i64,
    /// Maximum rows.
    pub limit: i64,
}

/// The users an actor may read: itself, plus users in scope below its level (SPEC §3.2).
#[derive(Debug, Clone, Default)]
pub struct Visibility {
    /// Always visible (the actor itself).
    pub itself: Option<UserId>,
    /// Others only in this network.
    pub network_id: Option<i64>,
    /// Others only in this mailbox.
    pub mailbox_id: Option<i64>,
    /// Others only at these levels (empty: no others).
    pub levels: Vec<AuthLevel>,
    /// Also audit events about no user (failed logins of unknown names): for global admins.
    pub unattributed: bool,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("login", &self.login)
            .field("auth_level", &self.auth_level)
            .field("network_id", &self.network_id)
            .field("mailbox_id", &self.mailbox_id)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for UserChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserChanges")
            .field("login", &self.login)
            .field("email", &self.email)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("auth_level", &self.auth_level)
            .field("status", &self.status)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "***"))
            .field("force_password_change", &self.force_password_change)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (raw, normalised or the refusal), written from SPEC §3.3.
    #[test]
    fn logins_are_normalised_and_invisible_characters_refused() {
        let table: &[(&str, Option<&str>)] = &[
            ("  Alice ", Some("alice")),
            ("ＡＬＩＣＥ", Some("alice")),
            ("ﬁle", Some("file")),
            ("STRASSE", Some("strasse")),
            ("DOMAIN\\jsmith", Some("domain\\jsmith")),
            ("j.smith@example.com", Some("j.smith@example.com")),
            ("Ünïcödé", Some("ünïcödé")),
            ("ad\u{200B}min", None),
            ("ad\u{200D}min", None),
            ("admin\u{202E}", None),
            ("ad\u{2066}min", None),
            ("ad\u{00AD}min", None),
            ("ad\u{034F}min", None),
            ("ad\u{FE0F}min", None),
            ("ad\u{3164}min", None),
            ("ad min", None),
            ("ad\u{00A0}min", None),
            ("ad\u{0}min", None),
            ("", None),
            ("   ", None),
        ];
        for (raw, expected) in table {
            let got = Login::parse(raw).ok();
            assert_eq!(got.as_ref().map(Login::as_str), *expected, "{raw:?}");
        }
        assert!(Login::parse(&"a".repeat(MAX_LOGIN_CHARS + 1)).is_err());
    }

    #[test]
    fn lookalike_logins_share_a_skeleton_and_different_ones_do_not() {
        let skeleton = |s: &str| Login::parse(s).unwrap().skeleton();
        assert_eq!(skeleton("admin"), skeleton("\u{0430}dmin"), "Cyrillic a");
        assert_eq!(skeleton("paypal"), skeleton("p\u{0430}yp\u{0430}l"));
        assert_eq!(skeleton("root1"), skeleton("rootl"), "digit one and letter l");
        assert_eq!(skeleton("operator"), skeleton("0perator"), "digit zero and letter o");
        assert_ne!(skeleton("alice"), skeleton("alicf"));
    }
}
