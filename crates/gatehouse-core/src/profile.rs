//! A user's optional profile (SPEC §3.1): the fields ECGridOS (`Company`, `Phone`, `CellPhone`,
//! `CellCarrier`, `TimeZoneOffset`) and Archer (`middleName`, `title`, `companyName`, `address`,
//! `timeZone`, `locale`) carry beside the name and email. Every field is optional; the rules
//! that validate them live here once, for create and update alike.

use std::fmt;
use std::str::FromStr;

use crate::error::{CoreError, CoreResult};

/// The profile of a user; `None` is unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Middle name (Archer).
    pub middle_name: Option<String>,
    /// Job title (Archer).
    pub title: Option<String>,
    /// Company (ECGridOS `Company`, Archer `companyName`).
    pub company: Option<String>,
    /// Postal address, lines separated by newlines (Archer).
    pub address: Option<String>,
    /// Phone number (ECGridOS).
    pub phone: Option<String>,
    /// Cell phone number (ECGridOS).
    pub cell_phone: Option<String>,
    /// Cell carrier (ECGridOS `CellCarrier`; unset is its `Undefined`).
    pub cell_carrier: Option<CellCarrier>,
    /// Offset from UTC in minutes (ECGridOS `TimeZoneOffset`).
    pub time_zone_offset: Option<i16>,
    /// Time zone: an IANA id (`Europe/Berlin`) or a Windows id (`W. Europe Standard Time`).
    pub time_zone: Option<TimeZone>,
    /// Locale as a BCP 47 tag (`en-US`).
    pub locale: Option<Locale>,
}

/// A change to a profile as a front end decoded it: `None` keeps a field, an empty string
/// (or `Some(None)`) clears it, anything else is validated and set.
#[derive(Debug, Clone, Default)]
pub struct ProfileUpdate {
    /// New middle name.
    pub middle_name: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New company.
    pub company: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// New phone number.
    pub phone: Option<String>,
    /// New cell phone number.
    pub cell_phone: Option<String>,
    /// New cell carrier (`Some(None)` clears it, as ECGridOS `Undefined` does).
    pub cell_carrier: Option<Option<CellCarrier>>,
    /// New offset from UTC in minutes (`Some(None)` clears it).
    pub time_zone_offset: Option<Option<i32>>,
    /// New time zone id.
    pub time_zone: Option<String>,
    /// New locale tag.
    pub locale: Option<String>,
}

/// Longest middle name or title, in characters.
pub const MAX_SHORT_TEXT: usize = 100;
/// Longest company name, in characters.
pub const MAX_COMPANY: usize = 200;
/// Longest address, in characters.
pub const MAX_ADDRESS: usize = 500;
/// Longest phone number, in characters.
pub const MAX_PHONE: usize = 32;
/// The UTC offsets in use on Earth, in minutes: UTC-12:00 to UTC+14:00.
pub const OFFSET_RANGE: std::ops::RangeInclusive<i32> = -720..=840;

impl ProfileUpdate {
    /// True when the update changes nothing.
    pub fn is_empty(&self) -> bool {
        self.middle_name.is_none()
            && self.title.is_none()
            && self.company.is_none()
            && self.address.is_none()
            && self.phone.is_none()
            && self.cell_phone.is_none()
            && self.cell_carrier.is_none()
            && self.time_zone_offset.is_none()
            && self.time_zone.is_none()
            && self.locale.is_none()
    }

    /// Validate the update and apply it to `base`; every field is checked before any is kept.
    pub fn apply(self, base: &Profile) -> CoreResult<Profile> {
        let keep = |new: Option<Option<String>>, old: &Option<String>| new.unwrap_or_else(|| old.clone());
        Ok(Profile {
            middle_name: keep(
                text(self.middle_name, "middleName", MAX_SHORT_TEXT, false)?,
                &base.middle_name,
            ),
            title: keep(text(self.title, "title", MAX_SHORT_TEXT, false)?, &base.title),
            company: keep(text(self.company, "company", MAX_COMPANY, false)?, &base.company),
            address: keep(text(self.address, "address", MAX_ADDRESS, true)?, &base.address),
            phone: keep(phone(self.phone, "phone")?, &base.phone),
            cell_phone: keep(phone(self.cell_phone, "cellPhone")?, &base.cell_phone),
            cell_carrier: self.cell_carrier.unwrap_or(base.cell_carrier),
            time_zone_offset: match self.time_zone_offset {
                None => base.time_zone_offset,
                Some(offset) => offset.map(time_zone_offset).transpose()?,
            },
            time_zone: match cleared(self.time_zone) {
                None => base.time_zone.clone(),
                Some(tz) => tz.as_deref().map(TimeZone::parse).transpose()?,
            },
            locale: match cleared(self.locale) {
                None => base.locale.clone(),
                Some(tag) => tag.as_deref().map(Locale::parse).transpose()?,
            },
        })
    }
}

/// `Some(None)` for an empty (after trimming) string, `Some(Some(text))` otherwise.
fn cleared(raw: Option<String>) -> Option<Option<String>> {
    raw.map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// A free-text field: trimmed, at most `max` characters, no control characters (an address
/// may hold line breaks and tabs).
fn text(raw: Option<String>, field: &str, max: usize, multiline: bool) -> CoreResult<Option<Option<String>>> {
    let Some(value) = cleared(raw) else { return Ok(None) };
    if let Some(s) = &value {
        if s.chars().count() > max {
            return Err(CoreError::invalid(field, format!("must be at most {max} characters")));
        }
        let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        if s.chars().any(|c| c.is_control() && !allowed(c)) {
            return Err(CoreError::invalid(field, "must not contain control characters"));
        }
    }
    Ok(Some(value))
}

/// A phone number: digits with the usual punctuation (`+`, spaces, `-`, `.`, `(`, `)`, and `x`
/// or `ext` before an extension), at most [`MAX_PHONE`] characters, at least one digit.
fn phone(raw: Option<String>, field: &str) -> CoreResult<Option<Option<String>>> {
    let value = text(raw, field, MAX_PHONE, false)?;
    if let Some(Some(s)) = &value {
        let lower = s.to_ascii_lowercase().replace("ext", "x");
        let ok = lower.chars().all(|c| c.is_ascii_digit() || " +-.()x/".contains(c))
            && lower.chars().any(|c| c.is_ascii_digit());
        if !ok {
            return Err(CoreError::invalid(
                field,
                "must be a phone number: digits, spaces and + - . ( ) / x (for an extension)",
            ));
        }
    }
    Ok(value)
}

fn time_zone_offset(minutes: i32) -> CoreResult<i16> {
    if !OFFSET_RANGE.contains(&minutes) {
        return Err(CoreError::invalid(
            "timeZoneOffset",
            "must be minutes from -720 (UTC-12) to 840 (UTC+14)",
        ));
    }
    i16::try_from(minutes).map_err(CoreError::internal)
}

/// A validated time-zone id: an IANA id, or a Windows id (which .NET clients such as Archer's
/// send), kept in the spelling the tables give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone(String);

impl TimeZone {
    /// Accept an IANA id (`America/New_York`) or a Windows id (`Eastern Standard Time`).
    pub fn parse(raw: &str) -> CoreResult<Self> {
        let raw = raw.trim();
        if let Ok(tz) = chrono_tz::Tz::from_str(raw) {
            return Ok(TimeZone(tz.name().to_string()));
        }
        if let Ok(windows) = windows_timezones::WindowsTimezone::from_str(raw) {
            return Ok(TimeZone(windows.name().to_string()));
        }
        Err(CoreError::invalid(
            "timeZone",
            "must be an IANA time-zone id such as `Europe/Berlin` or a Windows id such as `W. Europe Standard Time`",
        ))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IANA id: itself, or the zone CLDR maps a Windows id to (Slack's `tz`).
    pub fn iana(&self) -> &str {
        match windows_timezones::WindowsTimezone::from_str(&self.0) {
            Ok(windows) if chrono_tz::Tz::from_str(&self.0).is_err() => windows.tzdb_id(),
            _ => &self.0,
        }
    }

    /// The zone's offset from UTC at `at`, in seconds.
    pub fn offset_seconds(&self, at: chrono::DateTime<chrono::Utc>) -> i32 {
        use chrono::Offset;
        chrono_tz::Tz::from_str(self.iana())
            .map(|tz| at.with_timezone(&tz).offset().fix().local_minus_utc())
            .unwrap_or(0)
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A validated BCP 47 language tag, in canonical case (`en-US`, `zh-Hant-TW`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale(String);

impl Locale {
    /// Accept a well-formed and valid BCP 47 tag (RFC 5646, against the IANA registry).
    /// .NET culture names such as `en-US` are such tags.
    pub fn parse(raw: &str) -> CoreResult<Self> {
        let bad = || CoreError::invalid("locale", "must be a BCP 47 language tag such as `en-US` or `de-CH`");
        let tag = language_tags::LanguageTag::parse(raw.trim()).map_err(|_| bad())?;
        tag.validate().map_err(|_| bad())?;
        let canonical = tag.canonicalize().map_err(|_| bad())?;
        Ok(Locale(canonical.to_string()))
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// ECGridOS `CellCarrier` (without its update-only `NoChange` and its unset `Undefined`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::VariantArray)]
#[allow(missing_docs)] // the carriers' names are their documentation
pub enum CellCarrier {
    ATTCingular,
    Verizon,
    TMobile,
    SprintPCS,
    Nextel,
    Alltel,
    VirginMobile,
    ATTPreCingular,
    ATT,
    BoostMobile,
    USCellular,
    MetroPCS,
    Powertel,
}

impl CellCarrier {
    /// Every carrier, in ECGridOS order.
    pub const ALL: &'static [CellCarrier] = <CellCarrier as strum::VariantArray>::VARIANTS;

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A carrier by name; `Undefined` (and an empty name) is none.
    pub fn parse(raw: &str) -> CoreResult<Option<Self>> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "Undefined" {
            return Ok(None);
        }
        CellCarrier::ALL.iter().copied().find(|c| c.as_str() == raw).map(Some).ok_or_else(|| {
            let names: Vec<&str> = CellCarrier::ALL.iter().map(|c| c.as_str()).collect();
            CoreError::invalid("cellCarrier", format!("must be Undefined or one of {}", names.join(", ")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(update: ProfileUpdate) -> CoreResult<Profile> {
        update.apply(&Profile::default())
    }

    /// (time zone as sent, as stored, its IANA id), from the IANA and CLDR tables.
    #[test]
    fn time_zones_are_iana_or_windows_ids() {
        let table = [
            ("Europe/Berlin", "Europe/Berlin", "Europe/Berlin"),
            (" America/New_York ", "America/New_York", "America/New_York"),
            ("UTC", "UTC", "UTC"),
            ("Eastern Standard Time", "Eastern Standard Time", "America/New_York"),
            ("W. Europe Standard Time", "W. Europe Standard Time", "Europe/Berlin"),
            ("Tokyo Standard Time", "Tokyo Standard Time", "Asia/Tokyo"),
        ];
        for (raw, stored, iana) in table {
            let tz = TimeZone::parse(raw).unwrap();
            assert_eq!((tz.as_str(), tz.iana()), (stored, iana), "{raw}");
        }
        for bad in ["Mars/Olympus", "europe/berlin", "EST5", "Eastern", "", "GMT+25"] {
            assert!(TimeZone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn locales_are_valid_bcp47_tags_in_canonical_form() {
        for (raw, canonical) in
            [("en-US", "en-US"), ("de-CH", "de-CH"), ("zh-Hant-TW", "zh-Hant-TW"), ("fr", "fr")]
        {
            assert_eq!(Locale::parse(raw).unwrap().as_str(), canonical, "{raw}");
        }
        for bad in ["english", "en_US", "xx-YY-ZZ-QQ1", "en--US", "123", "en-US-u"] {
            assert!(Locale::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_update_keeps_clears_and_sets_fields() {
        let base = set(ProfileUpdate {
            company: Some("Acme".into()),
            phone: Some("+1 (555) 010-2000 x12".into()),
            cell_carrier: Some(Some(CellCarrier::Verizon)),
            time_zone_offset: Some(Some(-300)),
            time_zone: Some("America/Chicago".into()),
            ..ProfileUpdate::default()
        })
        .unwrap();
        let next = ProfileUpdate {
            company: Some(String::new()),
            title: Some(" Engineer ".into()),
            cell_carrier: Some(None),
            ..ProfileUpdate::default()
        }
        .apply(&base)
        .unwrap();
        assert_eq!(next.company, None, "an empty string clears");
        assert_eq!(next.title.as_deref(), Some("Engineer"), "text is trimmed");
        assert_eq!(next.cell_carrier, None);
        assert_eq!(next.phone, base.phone, "an absent field is kept");
        assert_eq!(next.time_zone_offset, Some(-300));
        assert_eq!(next.time_zone.as_ref().map(TimeZone::as_str), Some("America/Chicago"));
    }

    /// (update, the field the refusal names), written from the rules above.
    #[test]
    fn bad_values_are_refused_naming_the_field() {
        let table: Vec<(ProfileUpdate, &str)> = vec![
            (ProfileUpdate { middle_name: Some("a".repeat(101)), ..Default::default() }, "middleName"),
            (ProfileUpdate { title: Some("a\u{7}b".into()), ..Default::default() }, "title"),
            (ProfileUpdate { company: Some("c".repeat(201)), ..Default::default() }, "company"),
            (ProfileUpdate { address: Some("x\u{0}".into()), ..Default::default() }, "address"),
            (ProfileUpdate { phone: Some("call me".into()), ..Default::default() }, "phone"),
            (ProfileUpdate { cell_phone: Some("1".repeat(33)), ..Default::default() }, "cellPhone"),
            (ProfileUpdate { time_zone_offset: Some(Some(900)), ..Default::default() }, "timeZoneOffset"),
            (ProfileUpdate { time_zone: Some("Nowhere".into()), ..Default::default() }, "timeZone"),
            (ProfileUpdate { locale: Some("english".into()), ..Default::default() }, "locale"),
        ];
        for (update, field) in table {
            match set(update) {
                Err(CoreError::InvalidParameter { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let multiline =
            set(ProfileUpdate { address: Some("1 Main St\nSpringfield".into()), ..Default::default() });
        assert_eq!(multiline.unwrap().address.as_deref(), Some("1 Main St\nSpringfield"));
    }

    #[test]
    fn cell_carriers_parse_by_ecgridos_name_and_undefined_is_none() {
        assert_eq!(CellCarrier::parse("TMobile").unwrap(), Some(CellCarrier::TMobile));
        assert_eq!(CellCarrier::parse("Undefined").unwrap(), None);
        assert!(CellCarrier::parse("NoChange").is_err());
        assert!(CellCarrier::parse("tmobile").is_err());
    }
}
