//! The optional TLS listener (issue #18): rustls with the ring provider, serving the
//! certificate currently held by a [`Reloadable`] resolver. SIGHUP reads the PEM files again
//! and swaps the certificate for new handshakes; open connections keep theirs.

use std::fmt;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use rustls::crypto::ring;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::ServerConfig;

use crate::config::TlsFiles;

/// `Strict-Transport-Security` sent on every response when TLS is on: one year.
pub const HSTS: &str = "max-age=31536000";

/// The certificate served to new handshakes, replaceable while serving.
pub struct Reloadable {
    files: TlsFiles,
    current: RwLock<Arc<CertifiedKey>>,
}

impl fmt::Debug for Reloadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reloadable").field("files", &self.files).finish_non_exhaustive()
    }
}

impl Reloadable {
    /// Load the files once; an error names the file.
    pub fn load(files: TlsFiles) -> anyhow::Result<Reloadable> {
        let key = certified_key(&files)?;
        Ok(Reloadable { files, current: RwLock::new(Arc::new(key)) })
    }

    /// Read the files again and serve the new certificate from the next handshake on; on
    /// error the old one stays.
    pub fn reload(&self) -> anyhow::Result<()> {
        let key = Arc::new(certified_key(&self.files)?);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = key;
        Ok(())
    }
}

impl ResolvesServerCert for Reloadable {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().unwrap_or_else(|p| p.into_inner()).clone())
    }
}

fn certified_key(files: &TlsFiles) -> anyhow::Result<CertifiedKey> {
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| {
            format!("GATEHOUSE_TLS_CERT: cannot read a PEM certificate chain from {}", files.cert.display())
        })?;
    if certs.is_empty() {
        anyhow::bail!("GATEHOUSE_TLS_CERT: {} holds no certificate", files.cert.display());
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).with_context(|| {
        format!("GATEHOUSE_TLS_KEY: cannot read a PEM private key from {}", files.key.display())
    })?;
    let signer = ring::sign::any_supported_type(&key)
        .with_context(|| format!("GATEHOUSE_TLS_KEY: unsupported key type in {}", files.key.display()))?;
    let certified = CertifiedKey::new(certs, signer);
    certified.keys_match().with_context(|| {
        "GATEHOUSE_TLS_KEY does not belong to the certificate of GATEHOUSE_TLS_CERT".to_string()
    })?;
    Ok(certified)
}

/// The rustls server configuration over `resolver` (TLS 1.2 and 1.3, ring).
pub fn server_config(resolver: Arc<Reloadable>) -> anyhow::Result<ServerConfig> {
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_cert_resolver(resolver);
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Reload `resolver` on every SIGHUP, on the current runtime.
pub fn reload_on_sighup(resolver: Arc<Reloadable>) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut hangups = signal(SignalKind::hangup()).context("listening for SIGHUP")?;
    actix_web::rt::spawn(async move {
        while hangups.recv().await.is_some() {
            match resolver.reload() {
                Ok(()) => tracing::info!("SIGHUP: reloaded the TLS certificate"),
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "SIGHUP: keeping the old TLS certificate")
                }
            }
        }
    });
    Ok(())
}
