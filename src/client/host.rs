//! Where a route's requests go, read from its spec: the config file's value, else the first of
//! the spec's host variables that is set, else the spec's default host for the place. In demo
//! mode, the built-in emulator at the path the real host has (Mantle's Messages surface under
//! `/anthropic` and its OpenAI one under `/openai/v1` there as on AWS; OpenAI's API under `/v1`).

use crate::auth::Env;
use crate::auth::aws::credentials::endpoints_ignored;
use crate::routes::bedrock::SHOWN_REGION;
use crate::routes::spec::{Host, RouteSpec};

/// The host root for `spec` at `place` (a region or location): `configured` (the config file's
/// key for it) first, then its environment variables, then its default host. `None` only for a
/// regional host without a region, or the emulator (whose address the caller knows).
#[must_use]
pub fn base_url(spec: &RouteSpec, configured: Option<&str>, env: &dyn Env, place: Option<&str>) -> Option<String> {
    let ignore_aws = endpoints_ignored(env);
    configured
        .map(str::to_owned)
        .or_else(|| {
            spec.host_env
                .iter()
                .filter(|name| !(ignore_aws && name.starts_with("AWS_ENDPOINT_URL")))
                .find_map(|name| env.var(name).map(|url| url.trim().to_owned()).filter(|url| !url.is_empty()))
        })
        .or_else(|| spec.host.root(place))
}

/// The emulator's stand-in for `spec`'s host: `emulator` plus the path the real host has.
#[must_use]
pub fn on_emulator(spec: &RouteSpec, emulator: &str) -> String {
    let path = match spec.host {
        Host::Emulator => String::new(),
        host => host.root(Some(SHOWN_REGION)).map(|root| path_of(&root).to_owned()).unwrap_or_default(),
    };
    format!("{}{path}", emulator.trim_end_matches('/'))
}

/// The path of `url` after its authority, without a trailing slash: `/anthropic`, or empty.
fn path_of(url: &str) -> &str {
    let authority = url.find("://").map_or(0, |at| at + 3);
    url[authority..].find('/').map_or("", |slash| url[authority + slash..].trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_config_wins_then_the_first_variable_set_then_the_default_host() {
        let invoke = RouteId::BedrockInvoke.spec();
        let both = env(&[("AWS_ENDPOINT_URL", "http://all"), ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://runtime")]);
        assert_eq!(base_url(invoke, Some("http://mine"), &both, Some("eu-west-1")).as_deref(), Some("http://mine"));
        assert_eq!(base_url(invoke, None, &both, Some("eu-west-1")).as_deref(), Some("http://runtime"));
        let default = base_url(invoke, None, &env(&[]), Some("eu-west-1"));
        assert_eq!(default.as_deref(), Some("https://bedrock-runtime.eu-west-1.amazonaws.com"));
        assert_eq!(base_url(invoke, None, &env(&[]), None), None, "a regional host needs its region");
    }

    #[test]
    fn the_aws_ignore_flag_drops_aws_endpoint_variables_only() {
        let ignored = env(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"), ("AWS_ENDPOINT_URL", "http://all")]);
        let invoke = base_url(RouteId::BedrockInvoke.spec(), None, &ignored, Some("us-east-1"));
        assert_eq!(invoke.as_deref(), Some("https://bedrock-runtime.us-east-1.amazonaws.com"));
        let mantle = env(&[
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", "http://m/anthropic"),
        ]);
        let base = base_url(RouteId::BedrockMantle.spec(), None, &mantle, Some("us-east-1"));
        assert_eq!(base.as_deref(), Some("http://m/anthropic"), "an Anthropic SDK variable, not an AWS endpoint");
    }

    #[test]
    fn the_emulator_stands_in_at_the_real_hosts_path() {
        assert_eq!(on_emulator(RouteId::BedrockMantle.spec(), "http://127.0.0.1:9/"), "http://127.0.0.1:9/anthropic");
        assert_eq!(on_emulator(RouteId::BedrockConverse.spec(), "http://127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(on_emulator(RouteId::VertexClaude.spec(), "http://127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(on_emulator(RouteId::Emulator.spec(), "http://127.0.0.1:9"), "http://127.0.0.1:9");
    }
}
