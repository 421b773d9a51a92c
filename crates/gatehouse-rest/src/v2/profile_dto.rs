//! The optional profile fields of a user on the wire (middle name, title, company, address,
//! phone, cell phone and carrier, time-zone offset, time zone, locale): declared once and
//! appended to every request body that sets them, so create and update cannot drift.

use gatehouse_core::profile::CellCarrier;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// ECGridOS cell carriers, with the core conversion both ways; `Undefined` is none.
macro_rules! carriers {
    ($($carrier:ident),* $(,)?) => {
        /// A cell carrier as ECGridOS names it; `Undefined` means none (and clears it).
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[schema(as = CellCarrier)]
        pub enum CellCarrierDto {
            Undefined,
            $($carrier,)*
        }

        impl CellCarrierDto {
            /// The core carrier; `None` for `Undefined`.
            pub fn to_core(self) -> Option<CellCarrier> {
                match self {
                    CellCarrierDto::Undefined => None,
                    $(CellCarrierDto::$carrier => Some(CellCarrier::$carrier),)*
                }
            }
        }

        impl From<Option<CellCarrier>> for CellCarrierDto {
            fn from(c: Option<CellCarrier>) -> Self {
                match c {
                    None => CellCarrierDto::Undefined,
                    $(Some(CellCarrier::$carrier) => CellCarrierDto::$carrier,)*
                }
            }
        }
    };
}

carriers!(
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
);

/// Declare a request body with the profile fields appended (an absent field keeps the stored
/// value, an empty string clears it) and its `profile_update()`.
macro_rules! body_with_profile {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Middle name ("" clears).
            #[schema(max_length = 100)]
            pub middle_name: Option<String>,
            /// Job title ("" clears).
            #[schema(max_length = 100)]
            pub title: Option<String>,
            /// Company ("" clears).
            #[schema(max_length = 200)]
            pub company: Option<String>,
            /// Postal address; lines separated by newlines ("" clears).
            #[schema(max_length = 500)]
            pub address: Option<String>,
            /// Phone number: digits and + - . ( ) / x ("" clears).
            #[schema(max_length = 32, example = "+1 555 0100")]
            pub phone: Option<String>,
            /// Cell phone number ("" clears).
            #[schema(max_length = 32)]
            pub cell_phone: Option<String>,
            /// Cell carrier (`Undefined` clears).
            pub cell_carrier: Option<$crate::v2::profile_dto::CellCarrierDto>,
            /// Offset from UTC in minutes, -720 to 840.
            #[schema(minimum = -720, maximum = 840, example = -300)]
            pub time_zone_offset: Option<i32>,
            /// IANA (`Europe/Berlin`) or Windows (`W. Europe Standard Time`) time-zone id ("" clears).
            #[schema(example = "Europe/Berlin")]
            pub time_zone: Option<String>,
            /// BCP 47 locale tag such as `en-US` ("" clears).
            #[schema(example = "en-US")]
            pub locale: Option<String>,
        }

        impl $name {
            /// The profile fields this body sets, for the core to validate.
            pub fn profile_update(&mut self) -> gatehouse_core::profile::ProfileUpdate {
                gatehouse_core::profile::ProfileUpdate {
                    middle_name: self.middle_name.take(),
                    title: self.title.take(),
                    company: self.company.take(),
                    address: self.address.take(),
                    phone: self.phone.take(),
                    cell_phone: self.cell_phone.take(),
                    cell_carrier: self.cell_carrier.take().map(|c| c.to_core()),
                    time_zone_offset: self.time_zone_offset.take().map(Some),
                    time_zone: self.time_zone.take(),
                    locale: self.locale.take(),
                }
            }
        }
    };
}
pub(crate) use body_with_profile;
