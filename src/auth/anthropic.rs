//! The Anthropic API key: `ANTHROPIC_API_KEY` (sent as `x-api-key`), `ANTHROPIC_AUTH_TOKEN`
//! (sent as `Authorization: Bearer`, as the SDKs do), or `api_key` in the config file.

use super::{Credential, CredentialStatus, Env, Resolved, secret::Secret};

/// How to provide the key, shown when it is missing.
pub const HINT: &str = "set ANTHROPIC_API_KEY (or api_key under [routes.anthropic] in config.toml)";

/// Find the Anthropic credential: environment first, then the config file.
#[must_use]
pub fn resolve(env: &dyn Env, config_key: Option<&str>) -> Option<Resolved> {
    if let Some(key) = env.var("ANTHROPIC_API_KEY") {
        return Some(Resolved {
            credential: Credential::ApiKey(Secret::new(key.trim())),
            source: "ANTHROPIC_API_KEY (env)".into(),
        });
    }
    if let Some(token) = env.var("ANTHROPIC_AUTH_TOKEN") {
        return Some(Resolved {
            credential: Credential::Bearer(Secret::new(token.trim())),
            source: "ANTHROPIC_AUTH_TOKEN (env)".into(),
        });
    }
    config_key.filter(|key| !key.trim().is_empty()).map(|key| Resolved {
        credential: Credential::ApiKey(Secret::new(key.trim())),
        source: "api_key (config.toml)".into(),
    })
}

/// The sidebar line for the Anthropic route.
#[must_use]
pub fn status(env: &dyn Env, config_key: Option<&str>) -> CredentialStatus {
    match resolve(env, config_key) {
        Some(resolved) => CredentialStatus::Ready { source: resolved.source },
        None => CredentialStatus::Missing { hint: HINT.into() },
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
    fn env_key_wins_over_config() {
        let found = resolve(&env(&[("ANTHROPIC_API_KEY", "sk-env")]), Some("sk-config")).unwrap();
        assert_eq!(found.source, "ANTHROPIC_API_KEY (env)");
        assert_eq!(found.credential, Credential::ApiKey(Secret::new("sk-env")));
    }

    #[test]
    fn auth_token_is_sent_as_bearer() {
        let found = resolve(&env(&[("ANTHROPIC_AUTH_TOKEN", "tok")]), None).unwrap();
        assert_eq!(found.credential, Credential::Bearer(Secret::new("tok")));
    }

    #[test]
    fn config_key_is_the_fallback() {
        let found = resolve(&env(&[]), Some("sk-config")).unwrap();
        assert_eq!(found.source, "api_key (config.toml)");
    }

    #[test]
    fn nothing_found_is_missing_with_a_hint() {
        assert_eq!(status(&env(&[("ANTHROPIC_API_KEY", "  ")]), None), CredentialStatus::Missing { hint: HINT.into() });
    }
}
