//! The OpenAI API key: `OPENAI_API_KEY`, else `api_key` under `[routes.openai]` in the config
//! file; sent as `Authorization: Bearer`. A local server on loopback may need none.

use super::{Credential, CredentialStatus, Env, Resolved, secret::Secret};

/// How to provide the key, shown when it is missing.
pub const HINT: &str = "set OPENAI_API_KEY (or api_key under [routes.openai] in config.toml); for a local server \
                        that needs no key, set OPENAI_BASE_URL=http://127.0.0.1:PORT/v1";

/// The sidebar's source when a loopback server is called without a key.
pub const NONE_NEEDED: &str = "none needed: loopback server";

/// Find the OpenAI key: the environment first, then the config file.
#[must_use]
pub fn resolve(env: &dyn Env, config_key: Option<&str>) -> Option<Resolved> {
    if let Some(key) = env.var("OPENAI_API_KEY") {
        return Some(Resolved {
            credential: Credential::Bearer(Secret::new(key.trim())),
            source: "OPENAI_API_KEY (env)".into(),
        });
    }
    config_key.filter(|key| !key.trim().is_empty()).map(|key| Resolved {
        credential: Credential::Bearer(Secret::new(key.trim())),
        source: "api_key under [routes.openai] (config.toml)".into(),
    })
}

/// The sidebar line for the OpenAI route at `base_url`: the key's source, none needed for a
/// loopback server, else how to add one.
#[must_use]
pub fn status(env: &dyn Env, config_key: Option<&str>, base_url_is_loopback: bool) -> CredentialStatus {
    match resolve(env, config_key) {
        Some(resolved) => CredentialStatus::Ready { source: resolved.source },
        None if base_url_is_loopback => CredentialStatus::Ready { source: NONE_NEEDED.into() },
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
    fn the_environment_wins_over_the_config_and_both_are_bearer() {
        let found = resolve(&env(&[("OPENAI_API_KEY", " sk-env ")]), Some("sk-config")).unwrap();
        assert_eq!(
            (found.credential, found.source.as_str()),
            (Credential::Bearer(Secret::new("sk-env")), "OPENAI_API_KEY (env)")
        );
        let found = resolve(&env(&[]), Some("sk-config")).unwrap();
        assert_eq!(found.credential, Credential::Bearer(Secret::new("sk-config")));
        assert!(found.source.contains("[routes.openai]"), "{}", found.source);
        assert_eq!(resolve(&env(&[("OPENAI_API_KEY", "  ")]), Some(" ")), None);
    }

    #[test]
    fn no_key_is_fine_on_loopback_and_missing_elsewhere() {
        assert_eq!(status(&env(&[]), None, true), CredentialStatus::Ready { source: NONE_NEEDED.into() });
        let CredentialStatus::Missing { hint } = status(&env(&[]), None, false) else { panic!("missing") };
        assert!(hint.contains("OPENAI_API_KEY") && hint.contains("[routes.openai]") && hint.contains("127.0.0.1"));
        let keyed = status(&env(&[("OPENAI_API_KEY", "sk-x")]), None, true);
        assert_eq!(keyed, CredentialStatus::Ready { source: "OPENAI_API_KEY (env)".into() });
    }
}
