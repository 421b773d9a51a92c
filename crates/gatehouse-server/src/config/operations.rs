//! The settings of running for a long time (issue #18): retention of dead sessions and audit
//! events, and the optional TLS listener.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;

use crate::access::TrustedProxies;

use super::{
    Settings, DEFAULT_AUDIT_RETENTION, DEFAULT_PURGE_BATCH, DEFAULT_PURGE_INTERVAL_SECS,
    DEFAULT_SESSION_PURGE_GRACE_SECS,
};

/// What the background purge removes and how often it runs.
#[derive(Debug, Clone)]
pub struct Retention {
    /// Time between purge runs.
    pub interval: Duration,
    /// How long an expired or revoked session row is kept before it is deleted.
    pub session_grace: chrono::Duration,
    /// How long audit events are kept; `None` keeps them forever.
    pub audit: Option<chrono::Duration>,
    /// Most rows one purge transaction deletes.
    pub batch: i64,
}

/// The PEM files of the TLS listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Certificate chain, leaf first.
    pub cert: PathBuf,
    /// Private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Validate the retention settings.
pub fn retention(s: &Settings) -> anyhow::Result<Retention> {
    let interval = s.purge_interval_secs.unwrap_or(DEFAULT_PURGE_INTERVAL_SECS);
    if interval == 0 {
        bail!("GATEHOUSE_PURGE_INTERVAL_SECS: must be at least 1");
    }
    let grace = s.session_purge_grace_secs.unwrap_or(DEFAULT_SESSION_PURGE_GRACE_SECS);
    if grace < 0 {
        bail!("GATEHOUSE_SESSION_PURGE_GRACE_SECS: `{grace}` must be 0 or more seconds");
    }
    let batch = s.purge_batch.unwrap_or(DEFAULT_PURGE_BATCH);
    if !(1..=100_000).contains(&batch) {
        bail!("GATEHOUSE_PURGE_BATCH: `{batch}` must be between 1 and 100000");
    }
    let audit = match s.audit_retention_days.as_deref().unwrap_or(DEFAULT_AUDIT_RETENTION).trim() {
        "keep" => None,
        days => match days.parse::<i64>() {
            Ok(d) if (1..=36_500).contains(&d) => Some(chrono::Duration::days(d)),
            _ => bail!(
                "GATEHOUSE_AUDIT_RETENTION_DAYS: `{days}` must be keep or a number of days from 1 to 36500"
            ),
        },
    };
    Ok(Retention {
        interval: Duration::from_secs(interval),
        session_grace: chrono::Duration::seconds(grace),
        audit,
        batch,
    })
}

/// Parse `GATEHOUSE_TRUSTED_PROXIES`: addresses or CIDR ranges, comma-separated.
pub fn trusted_proxies(given: Option<&str>) -> anyhow::Result<TrustedProxies> {
    let mut nets = Vec::new();
    for item in given.unwrap_or_default().split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let net = item
            .parse::<ipnet::IpNet>()
            .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .map_err(|_| {
                anyhow::anyhow!(
                    "GATEHOUSE_TRUSTED_PROXIES: `{item}` is not an IP address or CIDR range \
                     (e.g. 10.0.0.0/8,192.0.2.7)"
                )
            })?;
        nets.push(net);
    }
    Ok(TrustedProxies(nets))
}

/// Validate the TLS settings: both files or neither.
pub fn tls(s: &Settings) -> anyhow::Result<Option<TlsFiles>> {
    match (&s.tls_cert, &s.tls_key) {
        (Some(cert), Some(key)) => Ok(Some(TlsFiles { cert: cert.into(), key: key.into() })),
        (None, None) => Ok(None),
        _ => bail!("GATEHOUSE_TLS_CERT and GATEHOUSE_TLS_KEY must be set together"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_defaults_keep_audit_events_and_bad_values_name_their_variable() {
        let r = retention(&Settings::default()).unwrap();
        assert_eq!(r.audit, None);
        assert_eq!(r.session_grace.num_seconds(), DEFAULT_SESSION_PURGE_GRACE_SECS);
        let days = Settings { audit_retention_days: Some("30".into()), ..Settings::default() };
        assert_eq!(retention(&days).unwrap().audit, Some(chrono::Duration::days(30)));
        let cases = [
            (
                Settings { audit_retention_days: Some("0".into()), ..Settings::default() },
                "GATEHOUSE_AUDIT_RETENTION_DAYS",
            ),
            (
                Settings { audit_retention_days: Some("forever".into()), ..Settings::default() },
                "GATEHOUSE_AUDIT_RETENTION_DAYS",
            ),
            (Settings { purge_batch: Some(0), ..Settings::default() }, "GATEHOUSE_PURGE_BATCH"),
            (
                Settings { purge_interval_secs: Some(0), ..Settings::default() },
                "GATEHOUSE_PURGE_INTERVAL_SECS",
            ),
            (
                Settings { session_purge_grace_secs: Some(-1), ..Settings::default() },
                "GATEHOUSE_SESSION_PURGE_GRACE_SECS",
            ),
        ];
        for (settings, var) in cases {
            let e = retention(&settings).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{var}: ")), "{e}");
        }
        let half = Settings { tls_cert: Some("c.pem".into()), ..Settings::default() };
        assert!(tls(&half).unwrap_err().to_string().contains("GATEHOUSE_TLS_KEY"));
    }
}
