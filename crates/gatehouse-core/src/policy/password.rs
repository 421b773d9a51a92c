//! The password rule (SPEC §3.3): character classes from the seeds plus length bounds.

/// One rule a password can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    /// Shorter than the configured minimum.
    MinLength(usize),
    /// Longer than the maximum.
    MaxLength(usize),
    /// No lowercase letter.
    Lowercase,
    /// No uppercase letter.
    Uppercase,
    /// No digit.
    Digit,
    /// No character that is not a letter or digit.
    Symbol,
}

impl PasswordRule {
    /// A sentence naming the rule.
    pub fn describe(&self) -> String {
        match self {
            PasswordRule::MinLength(n) => format!("must be at least {n} characters long"),
            PasswordRule::MaxLength(n) => format!("must be at most {n} characters long"),
            PasswordRule::Lowercase => "must contain a lowercase letter".into(),
            PasswordRule::Uppercase => "must contain an uppercase letter".into(),
            PasswordRule::Digit => "must contain a digit".into(),
            PasswordRule::Symbol => "must contain a character that is not a letter or digit".into(),
        }
    }
}

/// Hard upper bound on password length (SPEC §3.3).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Configured password policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length in characters.
    pub min_length: usize,
}

/// Default minimum password length (SPEC §3.3).
pub const DEFAULT_MIN_LENGTH: usize = 8;

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_length: DEFAULT_MIN_LENGTH }
    }
}

impl PasswordPolicy {
    /// Check a candidate password and return every rule it breaks.
    ///
    /// The classes follow the seed regex `^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^a-zA-Z0-9]).+$`,
    /// which is ASCII: `é` counts as "not a letter or digit", as it does there.
    pub fn check(&self, password: &str) -> Result<(), Vec<PasswordRule>> {
        let len = password.chars().count();
        let mut broken = Vec::new();
        if len < self.min_length {
            broken.push(PasswordRule::MinLength(self.min_length));
        }
        if len > MAX_PASSWORD_CHARS {
            broken.push(PasswordRule::MaxLength(MAX_PASSWORD_CHARS));
        }
        let has = |p: fn(&char) -> bool| password.chars().any(|c| p(&c));
        if !has(char::is_ascii_lowercase) {
            broken.push(PasswordRule::Lowercase);
        }
        if !has(char::is_ascii_uppercase) {
            broken.push(PasswordRule::Uppercase);
        }
        if !has(char::is_ascii_digit) {
            broken.push(PasswordRule::Digit);
        }
        if !has(|c| !c.is_ascii_alphanumeric()) {
            broken.push(PasswordRule::Symbol);
        }
        if broken.is_empty() {
            Ok(())
        } else {
            Err(broken)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordRule::*;
    use super::*;

    #[test]
    fn each_rule_is_reported_alone_and_together() {
        let policy = PasswordPolicy { min_length: 8 };
        let long = format!("aA1!{}", "x".repeat(MAX_PASSWORD_CHARS));
        let cases: &[(&str, &[PasswordRule])] = &[
            ("Abcdef1!", &[]),
            ("Ab1!", &[MinLength(8)]),
            ("ABCDEFG1!", &[Lowercase]),
            ("abcdefg1!", &[Uppercase]),
            ("Abcdefgh!", &[Digit]),
            ("Abcdefgh1", &[Symbol]),
            ("Abcdefg 1", &[]),
            ("Abcdefgé1", &[]),
            ("", &[MinLength(8), Lowercase, Uppercase, Digit, Symbol]),
            ("abc", &[MinLength(8), Uppercase, Digit, Symbol]),
            ("12345678", &[Lowercase, Uppercase, Symbol]),
            (&long, &[MaxLength(MAX_PASSWORD_CHARS)]),
        ];
        for (pw, expected) in cases {
            let got = policy.check(pw).err().unwrap_or_default();
            assert_eq!(&got, expected, "password {pw:?}");
        }
    }

    #[test]
    fn minimum_length_is_configurable_and_counts_characters_not_bytes() {
        let policy = PasswordPolicy { min_length: 12 };
        assert_eq!(policy.check("Abcdefg1!"), Err(vec![MinLength(12)]));
        assert_eq!(policy.check("Abcdefgh1!éé"), Ok(()));
        assert_eq!(policy.check("Ab1!éééé"), Err(vec![MinLength(12)]));
    }
}
