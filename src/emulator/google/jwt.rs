//! RS256 JWTs signed by a trusted service account: self-signed access tokens (sent as
//! `Authorization: Bearer`) and `jwt-bearer` grant assertions. The signature, `iss` and the
//! time window are checked here; what `aud` and `scope` must be depends on the use and is
//! the caller's to check.

use super::demo::GoogleDemo;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// Google refuses assertions that live longer than an hour; a little clock skew is allowed.
const MAX_LIFETIME_SECS: u64 = 3600;
const LEEWAY_SECS: u64 = 60;

/// The claims a service-account JWT carries.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Claims {
    pub iss: String,
    #[serde(default)]
    pub sub: Option<String>,
    /// Space-separated scopes.
    #[serde(default)]
    pub scope: Option<String>,
    /// A string, or a list of strings.
    #[serde(default)]
    pub aud: Option<Value>,
    pub exp: u64,
    #[serde(default)]
    pub iat: Option<u64>,
}

impl Claims {
    /// The audiences, whichever way `aud` was written.
    pub fn audiences(&self) -> Vec<&str> {
        match &self.aud {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// Why a JWT was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON, not RS256, or claims missing.
    Malformed,
    /// `iss` is no trusted service account.
    UnknownIssuer,
    /// No trusted key of the issuer verifies the signature.
    BadSignature,
    /// Expired, issued in the future, or living longer than an hour.
    Timeframe,
}

impl JwtError {
    /// The `error_description` Google's token endpoint gives.
    pub fn description(self) -> &'static str {
        match self {
            Self::Malformed => "Invalid JWT: the assertion is not a well-formed RS256 JWT.",
            Self::UnknownIssuer => "Invalid grant: account not found",
            Self::BadSignature => "Invalid JWT Signature.",
            Self::Timeframe => {
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check \
                 your iat and exp values in the JWT claim."
            }
        }
    }
}

/// Verify `token` against `demo`'s trusted keys at `now`.
pub fn verify(demo: &GoogleDemo, token: &str, now: SystemTime) -> Result<Claims, JwtError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| JwtError::Malformed)?;
    if header.alg != Algorithm::RS256 {
        return Err(JwtError::Malformed);
    }
    let issuer = unverified_issuer(token).ok_or(JwtError::Malformed)?;
    let mut keys = demo.keys_of(&issuer).peekable();
    if keys.peek().is_none() {
        return Err(JwtError::UnknownIssuer);
    }
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_aud = false;
    validation.leeway = LEEWAY_SECS;
    validation.set_required_spec_claims(&["exp", "iss"]);
    validation.set_issuer(&[issuer.as_str()]);
    let fitting = keys.filter(|key| match (&key.key_id, &header.kid) {
        (Some(own), Some(kid)) => own == kid,
        _ => true,
    });
    for key in fitting {
        match jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_rsa_der(&key.public_key), &validation) {
            Ok(data) => return check_time(data.claims, now),
            Err(error) if matches!(error.kind(), ErrorKind::ExpiredSignature | ErrorKind::ImmatureSignature) => {
                return Err(JwtError::Timeframe);
            }
            Err(error) if matches!(error.kind(), ErrorKind::InvalidSignature) => {}
            Err(_) => return Err(JwtError::Malformed),
        }
    }
    Err(JwtError::BadSignature)
}

/// Refuse a JWT issued in the future or meant to live longer than an hour.
fn check_time(claims: Claims, now: SystemTime) -> Result<Claims, JwtError> {
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let issued = claims.iat.unwrap_or(now);
    let too_long = claims.exp > issued + MAX_LIFETIME_SECS + LEEWAY_SECS;
    if issued > now + LEEWAY_SECS || too_long || claims.exp + LEEWAY_SECS < now {
        return Err(JwtError::Timeframe);
    }
    Ok(claims)
}

/// The `iss` claim, read before the signature is checked so the right key can be picked.
fn unverified_issuer(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    claims.get("iss")?.as_str().map(str::to_owned)
}

/// Whether `token` looks like a JWT rather than an opaque access token.
pub fn looks_like_jwt(token: &str) -> bool {
    token.starts_with("eyJ") && token.split('.').count() == 3
}
