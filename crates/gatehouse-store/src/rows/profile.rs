//! The `users.profile` column: the optional profile fields as one JSON object (camelCase
//! keys, unset fields left out, NULL when all are unset). Only the store reads and writes it.

use gatehouse_core::profile::{CellCarrier, Locale, Profile, TimeZone};
use gatehouse_core::{CoreError, CoreResult};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ProfileDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    middle_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell_carrier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone_offset: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<String>,
}

/// The column text of `profile`; `None` when no field is set.
pub(crate) fn encode(profile: &Profile) -> Option<String> {
    if *profile == Profile::default() {
        return None;
    }
    let doc = ProfileDoc {
        middle_name: profile.middle_name.clone(),
        title: profile.title.clone(),
        company: profile.company.clone(),
        address: profile.address.clone(),
        phone: profile.phone.clone(),
        cell_phone: profile.cell_phone.clone(),
        cell_carrier: profile.cell_carrier.map(|c| c.as_str().to_string()),
        time_zone_offset: profile.time_zone_offset,
        time_zone: profile.time_zone.as_ref().map(|t| t.as_str().to_string()),
        locale: profile.locale.as_ref().map(|l| l.as_str().to_string()),
    };
    serde_json::to_string(&doc).ok()
}

/// The profile a column holds; text that is not a profile is an internal error.
pub(crate) fn decode(column: Option<&str>) -> CoreResult<Profile> {
    let Some(text) = column else { return Ok(Profile::default()) };
    let corrupt = |e: &dyn std::fmt::Display| CoreError::internal(format!("stored users.profile: {e}"));
    let doc: ProfileDoc = serde_json::from_str(text).map_err(|e| corrupt(&e))?;
    Ok(Profile {
        middle_name: doc.middle_name,
        title: doc.title,
        company: doc.company,
        address: doc.address,
        phone: doc.phone,
        cell_phone: doc.cell_phone,
        cell_carrier: doc
            .cell_carrier
            .as_deref()
            .map(CellCarrier::parse)
            .transpose()
            .map_err(|e| corrupt(&e))?
            .flatten(),
        time_zone_offset: doc.time_zone_offset,
        time_zone: doc.time_zone.as_deref().map(TimeZone::parse).transpose().map_err(|e| corrupt(&e))?,
        locale: doc.locale.as_deref().map(Locale::parse).transpose().map_err(|e| corrupt(&e))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_core::profile::ProfileUpdate;

    #[test]
    fn an_empty_profile_is_null_and_a_full_one_round_trips() {
        assert_eq!(encode(&Profile::default()), None);
        assert_eq!(decode(None).unwrap(), Profile::default());
        let full = ProfileUpdate {
            middle_name: Some("Q".into()),
            title: Some("CTO".into()),
            company: Some("Acme \"Ltd\"".into()),
            address: Some("1 Main St\nSpringfield".into()),
            phone: Some("+1 555 0100".into()),
            cell_phone: Some("+1 555 0101".into()),
            cell_carrier: Some(Some(CellCarrier::ATT)),
            time_zone_offset: Some(Some(-300)),
            time_zone: Some("Eastern Standard Time".into()),
            locale: Some("en-US".into()),
        }
        .apply(&Profile::default())
        .unwrap();
        let text = encode(&full).unwrap();
        assert!(text.contains("\"cellCarrier\":\"ATT\""), "{text}");
        assert_eq!(decode(Some(&text)).unwrap(), full);
        assert!(decode(Some("{\"locale\":\"not a tag\"}")).is_err());
        assert!(decode(Some("[")).is_err());
    }
}
