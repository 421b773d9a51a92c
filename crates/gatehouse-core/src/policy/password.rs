//! The password rule (SPEC §3.3): character classes from the seeds plus length bounds, and
//! passwords generated to meet it (ECGridOS `GeneratePassword`).

use rand::seq::SliceRandom;
use rand::{CryptoRng, Rng};

use crate::error::CoreError;

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

/// Length of a generated password when the caller does not ask for one (ECGridOS's HTTP
/// sample asks for 13), or the policy minimum when that is longer.
pub const DEFAULT_GENERATED_CHARS: usize = 13;

/// Longest password [`PasswordPolicy::generate`] makes.
pub const MAX_GENERATED_CHARS: usize = 128;

/// The character classes of a generated password, one for each rule class. Look-alikes are
/// left out (`0`/`O`, `1`/`l`/`I`) so a password read aloud or off a screen survives, and so
/// are whitespace and the characters XML or a URL would have to escape.
const CLASSES: [&[u8]; 4] =
    [b"abcdefghijkmnopqrstuvwxyz", b"ABCDEFGHJKLMNPQRSTUVWXYZ", b"23456789", b"!#$%*+-=?@^_~"];

impl PasswordPolicy {
    /// The length a generated password gets: `asked`, or the default; refused below the
    /// policy minimum (or the four classes) and above [`MAX_GENERATED_CHARS`].
    pub fn generated_length(&self, asked: Option<u32>) -> Result<usize, CoreError> {
        let shortest = self.min_length.max(CLASSES.len());
        let length = match asked {
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => DEFAULT_GENERATED_CHARS.max(shortest),
        };
        if (shortest..=MAX_GENERATED_CHARS).contains(&length) {
            Ok(length)
        } else {
            let reason = format!("must be between {shortest} and {MAX_GENERATED_CHARS}");
            Err(CoreError::invalid("length", reason))
        }
    }

    /// A password of `length` characters (at least one per class) that meets the rule: one
    /// character of each class and the rest from all of them, shuffled, so no class sits at
    /// a fixed place.
    pub fn generate<R: Rng + CryptoRng + ?Sized>(&self, length: usize, rng: &mut R) -> String {
        let all = CLASSES.concat();
        let pick = |class: &[u8], rng: &mut R| class[rng.gen_range(0..class.len())];
        let mut chars: Vec<u8> = CLASSES.iter().map(|class| pick(class, rng)).collect();
        while chars.len() < length {
            chars.push(pick(&all, rng));
        }
        chars.shuffle(rng);
        chars.into_iter().map(char::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordRule::*;
    use super::*;
    use proptest::prelude::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

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

    proptest! {
        #[test]
        fn every_generated_password_passes_the_rule_and_has_the_asked_length(
            min_length in 1usize..=40,
            asked in proptest::option::of(0u32..=140),
            seed in any::<u64>(),
        ) {
            let policy = PasswordPolicy { min_length };
            let shortest = min_length.max(4);
            match policy.generated_length(asked) {
                Ok(length) => {
                    let expected = asked.map_or(DEFAULT_GENERATED_CHARS.max(shortest), |n| n as usize);
                    prop_assert_eq!(length, expected);
                    let password = policy.generate(length, &mut StdRng::seed_from_u64(seed));
                    prop_assert_eq!(password.chars().count(), length);
                    prop_assert_eq!(policy.check(&password), Ok(()));
                    prop_assert!(password.chars().all(|c| c.is_ascii_graphic()), "{password:?}");
                    prop_assert!(!password.contains(['0', 'O', '1', 'l', 'I', '<', '&', '"', '\'']));
                }
                Err(CoreError::InvalidParameter { field, .. }) => {
                    prop_assert_eq!(field, "length");
                    let n = asked.map_or(DEFAULT_GENERATED_CHARS.max(shortest), |n| n as usize);
                    prop_assert!(n < shortest || n > MAX_GENERATED_CHARS, "{n} refused");
                }
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
        }
    }

    /// Each class is shuffled in: it shows at the first and at the last place in some of many
    /// passwords, so nothing is a fixed prefix or suffix.
    #[test]
    fn no_class_has_a_fixed_place() {
        let policy = PasswordPolicy::default();
        let mut rng = StdRng::seed_from_u64(7);
        let (mut first, mut last) = ([0; 4], [0; 4]);
        for _ in 0..2000 {
            let password = policy.generate(DEFAULT_GENERATED_CHARS, &mut rng).into_bytes();
            let class = |c: u8| CLASSES.iter().position(|k| k.contains(&c)).unwrap();
            first[class(password[0])] += 1;
            last[class(password[password.len() - 1])] += 1;
        }
        assert!(first.iter().chain(&last).all(|&n| n > 20), "first {first:?}, last {last:?}");
    }

    #[test]
    fn the_generated_length_defaults_to_13_and_stays_within_the_rule_and_128() {
        let policy = PasswordPolicy { min_length: 8 };
        assert_eq!(policy.generated_length(None).unwrap(), 13);
        assert_eq!(policy.generated_length(Some(8)).unwrap(), 8);
        assert_eq!(policy.generated_length(Some(128)).unwrap(), 128);
        for bad in [0, 7, 129, u32::MAX] {
            let e = policy.generated_length(Some(bad)).unwrap_err().to_string();
            assert_eq!(e, "length: must be between 8 and 128", "{bad}");
        }
        assert_eq!(PasswordPolicy { min_length: 20 }.generated_length(None).unwrap(), 20);
        assert_eq!(
            PasswordPolicy { min_length: 1 }.generated_length(Some(3)).unwrap_err().name(),
            "InvalidParameter"
        );
        assert!(PasswordPolicy { min_length: 200 }.generated_length(None).is_err());
    }
}
