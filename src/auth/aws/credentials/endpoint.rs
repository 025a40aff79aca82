//! Endpoint overrides, following the AWS SDKs' service-specific endpoint convention:
//! `AWS_ENDPOINT_URL_<SERVICE>` wins over `AWS_ENDPOINT_URL`, and
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both off. The profile's `endpoint_url` and
//! `services` sections are not read here.

use crate::auth::Env;

/// The AWS services routeplay calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsService {
    /// Bedrock Runtime (`InvokeModel`, Converse).
    BedrockRuntime,
    /// The Bedrock control plane (model and inference profile lists).
    Bedrock,
    /// STS (`GetCallerIdentity`).
    Sts,
}

impl AwsService {
    /// The service id as it appears in environment variable names.
    fn env_suffix(self) -> &'static str {
        match self {
            Self::BedrockRuntime => "BEDROCK_RUNTIME",
            Self::Bedrock => "BEDROCK",
            Self::Sts => "STS",
        }
    }
}

/// The endpoint URL configured for `service`, if any; pass `&ProcessEnv` outside tests.
#[must_use]
pub fn endpoint_override(env: &dyn Env, service: AwsService) -> Option<String> {
    if endpoints_ignored(env) {
        return None;
    }
    env.var(&format!("AWS_ENDPOINT_URL_{}", service.env_suffix()))
        .or_else(|| env.var("AWS_ENDPOINT_URL"))
        .map(|url| url.trim().to_owned())
}

/// Whether `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` tells the AWS SDKs, and routeplay, to
/// ignore the `AWS_ENDPOINT_URL*` variables.
#[must_use]
pub fn endpoints_ignored(env: &dyn Env) -> bool {
    env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn service_specific_wins_over_global() {
        let env =
            env(&[("AWS_ENDPOINT_URL", "http://global"), ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", " http://runtime ")]);
        assert_eq!(endpoint_override(&env, AwsService::BedrockRuntime).as_deref(), Some("http://runtime"));
        assert_eq!(endpoint_override(&env, AwsService::Bedrock).as_deref(), Some("http://global"));
        assert_eq!(endpoint_override(&env, AwsService::Sts).as_deref(), Some("http://global"));
    }

    #[test]
    fn bedrock_does_not_pick_up_bedrock_runtime() {
        let env = env(&[("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://runtime")]);
        assert_eq!(endpoint_override(&env, AwsService::Bedrock), None);
    }

    #[test]
    fn ignore_flag_and_blank_values_mean_no_override() {
        let ignored = env(&[("AWS_ENDPOINT_URL_STS", "http://sts"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE")]);
        assert_eq!(endpoint_override(&ignored, AwsService::Sts), None);
        assert_eq!(endpoint_override(&env(&[("AWS_ENDPOINT_URL", "  ")]), AwsService::Sts), None);
    }
}
