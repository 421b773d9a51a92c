//! HTTP tests against the real server on port 0, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod process;
mod support;
mod throttle;

mod api_key_forms;
mod archer;
mod archer_accounts;
mod audit_detail;
mod auth;
mod concurrent_auth;
mod config_refused;
mod crash;
mod db_fault;
mod deploy;
mod documented_statuses;
mod ecgridos_family;
mod errors;
mod force_password_change;
mod gate;
mod hostile_http;
mod instances;
mod lockouts;
mod observe;
mod profile;
mod retention;
mod secrets;
mod service;
mod slow_body;
mod soap_archer;
mod soap_cross;
mod soap_ecgridos;
mod soap_faults;
mod soap_hostile;
mod soap_http_post;
mod soap_support;
mod soap_wsdl;
mod strict_requests;
mod tls;
mod user_family;
mod users;
mod webapi;
mod webapi_family;
