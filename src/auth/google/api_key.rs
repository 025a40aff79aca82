//! The Gemini Developer API key.

use crate::auth::{Credential, CredentialStatus, Env, Resolved, secret::Secret};

/// How to provide the key, shown when it is missing.
pub const API_KEY_HINT: &str = "set GEMINI_API_KEY or GOOGLE_API_KEY (or api_key under [routes.google] in config.toml); \
     get a key at https://aistudio.google.com/apikey";

/// The variables read, in order: the Gen AI SDK prefers `GEMINI_API_KEY` when both are set.
const VARIABLES: [&str; 2] = ["GEMINI_API_KEY", "GOOGLE_API_KEY"];

/// The API key for the Gemini Developer API: `GEMINI_API_KEY`, then `GOOGLE_API_KEY` (the Gen AI
/// SDK's order), then the config file's value. Sent as `x-goog-api-key`.
#[must_use]
pub fn api_key(env: &dyn Env, configured: Option<&str>) -> Option<Resolved> {
    for name in VARIABLES {
        if let Some(key) = env.var(name) {
            return Some(Resolved {
                credential: Credential::ApiKey(Secret::new(key.trim())),
                source: format!("{name} (env)"),
            });
        }
    }
    configured.map(str::trim).filter(|key| !key.is_empty()).map(|key| Resolved {
        credential: Credential::ApiKey(Secret::new(key)),
        source: "api_key (config.toml)".into(),
    })
}

/// The sidebar line for the `gemini-api` route.
#[must_use]
pub fn api_key_status(env: &dyn Env, configured: Option<&str>) -> CredentialStatus {
    match api_key(env, configured) {
        Some(resolved) => CredentialStatus::Ready { source: resolved.source },
        None => CredentialStatus::Missing { hint: API_KEY_HINT.into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn gemini_key_wins_then_google_key_then_config() {
        let both = env(&[("GEMINI_API_KEY", "g1"), ("GOOGLE_API_KEY", "g2")]);
        let found = api_key(&both, Some("c")).unwrap();
        assert_eq!(
            (found.source.as_str(), found.credential),
            ("GEMINI_API_KEY (env)", Credential::ApiKey(Secret::new("g1")))
        );
        let found = api_key(&env(&[("GOOGLE_API_KEY", " g2 ")]), Some("c")).unwrap();
        assert_eq!(
            (found.source.as_str(), found.credential),
            ("GOOGLE_API_KEY (env)", Credential::ApiKey(Secret::new("g2")))
        );
        assert_eq!(api_key(&env(&[]), Some("c")).unwrap().source, "api_key (config.toml)");
    }

    #[test]
    fn blank_values_are_missing() {
        let status = api_key_status(&env(&[("GEMINI_API_KEY", " ")]), Some("  "));
        assert_eq!(status, CredentialStatus::Missing { hint: API_KEY_HINT.into() });
        assert!(API_KEY_HINT.contains("https://aistudio.google.com/apikey"));
    }
}
