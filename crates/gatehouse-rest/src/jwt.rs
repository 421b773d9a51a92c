//! REST session tokens: HS256 JWTs whose `sid` claim names a server-side session (SPEC §3.5).

use chrono::{DateTime, Utc};
use gatehouse_core::error::SessionProblem;
use gatehouse_core::session::{Session, SessionId};
use gatehouse_core::CoreError;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Issuer claim of every token.
pub const ISSUER: &str = "gatehouse";

/// Claims carried by a token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// User id.
    pub sub: String,
    /// Session id.
    pub sid: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
}

/// Signing and verification keys, with the algorithm pinned to HS256.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: Arc<EncodingKey>,
    decoding: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

impl JwtKeys {
    /// Keys from a shared secret.
    pub fn hs256(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "sub"]);
        // `exp` is checked against the core clock in `verify`, so tests can move time.
        validation.validate_exp = false;
        JwtKeys {
            encoding: Arc::new(EncodingKey::from_secret(secret)),
            decoding: Arc::new(DecodingKey::from_secret(secret)),
            validation: Arc::new(validation),
        }
    }

    /// Sign a token for `session`, valid until `expires_at`.
    pub fn issue(
        &self,
        session: &Session,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<String, CoreError> {
        let claims = Claims {
            iss: ISSUER.into(),
            sub: session.user_id.to_string(),
            sid: session.id.0.clone(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(CoreError::internal)
    }

    /// Verify signature, algorithm, issuer and expiry; return the session the token names.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<SessionId, CoreError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| CoreError::SessionInvalid(SessionProblem::Malformed))?;
        if data.claims.exp <= now.timestamp() {
            return Err(CoreError::SessionInvalid(SessionProblem::Expired));
        }
        Ok(SessionId(data.claims.sid))
    }
}
