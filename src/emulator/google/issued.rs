//! The access tokens the emulator issued (`/token`, the metadata server): random `ya29.`
//! strings remembered with who they stand for, their scopes and when they expire. Shared by
//! every Google surface through the emulator's state.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What an access token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The user's or service account's email.
    pub principal: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The OAuth client it was issued to (`/tokeninfo`'s `aud` and `azp`).
    pub client: String,
    pub expires: SystemTime,
}

impl Grant {
    /// Whole seconds left at `now`, 0 once expired.
    pub fn seconds_left(&self, now: SystemTime) -> u64 {
        self.expires.duration_since(now).map_or(0, |left| left.as_secs())
    }

    /// The expiry in seconds since the epoch.
    pub fn expires_at(&self) -> u64 {
        self.expires.duration_since(UNIX_EPOCH).map_or(0, |at| at.as_secs())
    }
}

/// A token looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Valid(Grant),
    Expired,
    Unknown,
}

/// The issued tokens.
#[derive(Debug, Default)]
pub struct IssuedTokens {
    tokens: Mutex<HashMap<String, Grant>>,
}

impl IssuedTokens {
    /// Issue a token with `prefix` (`ya29.a0` for OAuth, `ya29.c.` for the metadata server)
    /// that lives `lifetime` from now. Expired tokens are forgotten on the way.
    pub fn issue(&self, prefix: &str, principal: &str, scope: &str, client: &str, lifetime: Duration) -> String {
        let now = SystemTime::now();
        let token = format!("{prefix}{}", random_text());
        let grant = Grant {
            principal: principal.to_owned(),
            scope: scope.to_owned(),
            client: client.to_owned(),
            expires: now + lifetime,
        };
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        tokens.retain(|_, grant| grant.expires > now);
        tokens.insert(token.clone(), grant);
        token
    }

    /// What `token` stands for at `now`.
    pub fn find(&self, token: &str, now: SystemTime) -> Lookup {
        match self.tokens.lock().unwrap_or_else(PoisonError::into_inner).get(token) {
            Some(grant) if grant.expires > now => Lookup::Valid(grant.clone()),
            Some(_) => Lookup::Expired,
            None => Lookup::Unknown,
        }
    }
}

/// 64 unguessable URL-safe characters.
fn random_text() -> String {
    let mut bytes = [0_u8; 48];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        // Never expected; a clock-derived token still works for a loopback demo.
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes[..16].copy_from_slice(&nanos.to_le_bytes());
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_distinct_tokens_that_expire() {
        let tokens = IssuedTokens::default();
        let a = tokens.issue("ya29.a0", "me@x", "s1 s2", "c", Duration::from_mins(1));
        let b = tokens.issue("ya29.a0", "me@x", "s1", "c", Duration::ZERO);
        assert_ne!(a, b);
        assert!(a.starts_with("ya29.a0") && a.len() > 60);
        let Lookup::Valid(grant) = tokens.find(&a, SystemTime::now()) else { panic!("valid") };
        assert_eq!((grant.principal.as_str(), grant.scope.as_str()), ("me@x", "s1 s2"));
        assert_eq!(tokens.find(&b, SystemTime::now()), Lookup::Expired);
        assert_eq!(tokens.find("ya29.nope", SystemTime::now()), Lookup::Unknown);
    }
}
