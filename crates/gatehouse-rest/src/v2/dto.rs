//! Wire enums of the `/v2` API, mirroring the core's and named as ECGrid names them. Each is
//! declared once with its variants; the conversions both ways come from that one list.

use gatehouse_core::apikey::KeyForm;
use gatehouse_core::session::ClientKind;
use gatehouse_core::user::{AuthLevel, Status};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One wire enum mirroring a core enum variant for variant, with `From` both ways.
macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident as $schema:ident mirrors $core:ident { $($variant:ident),* $(,)? }) => {
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        $(#[$meta])*
        #[schema(as = $schema)]
        pub enum $name {
            $($variant,)*
        }

        impl From<$core> for $name {
            fn from(v: $core) -> Self {
                match v {
                    $($core::$variant => $name::$variant,)*
                }
            }
        }

        impl From<$name> for $core {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => $core::$variant,)*
                }
            }
        }
    };
}

mirror!(
    /// Authorization level, highest first.
    AuthLevelDto as AuthLevel mirrors AuthLevel {
        Root, TechOps, NetOps, NetworkAdmin, NetworkUser, MailboxAdmin, MailboxUser, TPUser, General,
    }
);

mirror!(
    /// Account status.
    StatusDto as UserStatus mirrors Status { Development, Active, Preproduction, Suspended, Terminated }
);

mirror!(
    /// Kind of client holding a session.
    #[serde(rename_all = "lowercase")]
    ClientTypeDto as ClientType mirrors ClientKind { Web, Mobile, Desktop, Api }
);

mirror!(
    /// The shape of a new API key: `prefixed` (`ghk_…`, the default) or `guid` (a lowercase
    /// hyphenated UUID v4, for clients that only take GUIDs, such as ECGridOS's .NET client).
    #[serde(rename_all = "lowercase")]
    KeyFormDto as KeyForm mirrors KeyForm { Prefixed, Guid }
);

/// A new authorization level, or `NoChange` to keep the current one (requests that change a
/// level accept it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = AuthLevelChange)]
#[serde(untagged)]
pub enum AuthLevelChange {
    /// A level.
    Level(AuthLevelDto),
    /// Keep the current level.
    Keep(NoChange),
}

/// The literal `NoChange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum NoChange {
    /// Keep the current value.
    NoChange,
}

impl<'de> Deserialize<'de> for AuthLevelChange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IntoDeserializer};
        let name = String::deserialize(d)?;
        if name == "NoChange" {
            return Ok(AuthLevelChange::Keep(NoChange::NoChange));
        }
        let level: Result<AuthLevelDto, serde::de::value::Error> =
            AuthLevelDto::deserialize(name.as_str().into_deserializer());
        level.map(AuthLevelChange::Level).map_err(|_| {
            let names: Vec<&str> = AuthLevel::ALL.iter().map(|l| l.as_str()).collect();
            D::Error::custom(format!(
                "unknown level `{name}`, expected one of {} or NoChange",
                names.join(", ")
            ))
        })
    }
}

impl AuthLevelChange {
    /// The core level; `None` for `NoChange`.
    pub fn to_core(self) -> Option<AuthLevel> {
        match self {
            AuthLevelChange::Level(l) => Some(l.into()),
            AuthLevelChange::Keep(_) => None,
        }
    }
}

/// A status a user can be set to; terminating is its own operation (`DELETE /v2/users/{id}`).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub enum StatusChange {
    Development,
    Active,
    Preproduction,
    Suspended,
}

impl From<StatusChange> for Status {
    fn from(s: StatusChange) -> Self {
        match s {
            StatusChange::Development => Status::Development,
            StatusChange::Active => Status::Active,
            StatusChange::Preproduction => Status::Preproduction,
            StatusChange::Suspended => Status::Suspended,
        }
    }
}
