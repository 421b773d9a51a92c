//! Wire enums of the `/v2` API, mirroring the core's and named as ECGrid names them.

use gatehouse_core::session::ClientKind;
use gatehouse_core::user::{AuthLevel, Status};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Authorization level, highest first (`NoChange` only in update requests).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum AuthLevelDto {
    Root,
    TechOps,
    NetOps,
    NetworkAdmin,
    NetworkUser,
    MailboxAdmin,
    MailboxUser,
    TPUser,
    General,
    NoChange,
}

impl AuthLevelDto {
    /// The core level; `None` for `NoChange`.
    pub fn to_core(self) -> Option<AuthLevel> {
        Some(match self {
            AuthLevelDto::Root => AuthLevel::Root,
            AuthLevelDto::TechOps => AuthLevel::TechOps,
            AuthLevelDto::NetOps => AuthLevel::NetOps,
            AuthLevelDto::NetworkAdmin => AuthLevel::NetworkAdmin,
            AuthLevelDto::NetworkUser => AuthLevel::NetworkUser,
            AuthLevelDto::MailboxAdmin => AuthLevel::MailboxAdmin,
            AuthLevelDto::MailboxUser => AuthLevel::MailboxUser,
            AuthLevelDto::TPUser => AuthLevel::TPUser,
            AuthLevelDto::General => AuthLevel::General,
            AuthLevelDto::NoChange => return None,
        })
    }
}

impl From<AuthLevel> for AuthLevelDto {
    fn from(l: AuthLevel) -> Self {
        match l {
            AuthLevel::Root => AuthLevelDto::Root,
            AuthLevel::TechOps => AuthLevelDto::TechOps,
            AuthLevel::NetOps => AuthLevelDto::NetOps,
            AuthLevel::NetworkAdmin => AuthLevelDto::NetworkAdmin,
            AuthLevel::NetworkUser => AuthLevelDto::NetworkUser,
            AuthLevel::MailboxAdmin => AuthLevelDto::MailboxAdmin,
            AuthLevel::MailboxUser => AuthLevelDto::MailboxUser,
            AuthLevel::TPUser => AuthLevelDto::TPUser,
            AuthLevel::General => AuthLevelDto::General,
        }
    }
}

/// Account status.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum StatusDto {
    Development,
    Active,
    Preproduction,
    Suspended,
    Terminated,
}

impl From<Status> for StatusDto {
    fn from(s: Status) -> Self {
        match s {
            Status::Development => StatusDto::Development,
            Status::Active => StatusDto::Active,
            Status::Preproduction => StatusDto::Preproduction,
            Status::Suspended => StatusDto::Suspended,
            Status::Terminated => StatusDto::Terminated,
        }
    }
}

impl From<StatusDto> for Status {
    fn from(s: StatusDto) -> Self {
        match s {
            StatusDto::Development => Status::Development,
            StatusDto::Active => Status::Active,
            StatusDto::Preproduction => Status::Preproduction,
            StatusDto::Suspended => Status::Suspended,
            StatusDto::Terminated => Status::Terminated,
        }
    }
}

/// Kind of client holding a session.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientTypeDto {
    Web,
    Mobile,
    Desktop,
    Api,
}

impl From<ClientTypeDto> for ClientKind {
    fn from(c: ClientTypeDto) -> Self {
        match c {
            ClientTypeDto::Web => ClientKind::Web,
            ClientTypeDto::Mobile => ClientKind::Mobile,
            ClientTypeDto::Desktop => ClientKind::Desktop,
            ClientTypeDto::Api => ClientKind::Api,
        }
    }
}

impl From<ClientKind> for ClientTypeDto {
    fn from(c: ClientKind) -> Self {
        match c {
            ClientKind::Web => ClientTypeDto::Web,
            ClientKind::Mobile => ClientTypeDto::Mobile,
            ClientKind::Desktop => ClientTypeDto::Desktop,
            ClientKind::Api => ClientTypeDto::Api,
        }
    }
}
