//! The Anthropic API route: `POST {base}/v1/messages`, an API key, SSE back. The emulator
//! route speaks the same wire to the built-in emulator on loopback.

use super::RouteId;
use super::capabilities::{Capabilities, MESSAGES};
use super::count::TokenCounting;
use super::http::HttpRequest;
use super::request::ChatRequest;
use super::retry_policy::RetryPolicy;
use super::sdk::{AnthropicClient, AwsCli, PythonSdk, Sdk};
use super::spec::{AuthScheme, BatchApi, Endpoint, ErrorShape, Host, HostKey, ModelIds, ModelLookup, RouteSpec, Wire};
use super::wire::anthropic::MessagesBody;

/// The built-in emulator: the Anthropic Messages wire on loopback.
pub const EMULATOR: RouteSpec = RouteSpec {
    id: RouteId::Emulator,
    host: Host::Emulator,
    host_env: &["ANTHROPIC_BASE_URL"],
    host_key: None,
    auth: AuthScheme::EmulatorKey,
    signing_name: None,
    wire: Wire::AnthropicSse,
    error_shape: ErrorShape::Anthropic,
    retry: RetryPolicy::Anthropic,
    build: messages,
    model_ids: ModelIds::Plain,
    // The emulator honours every Messages control (thinking, top_k, images, documents,
    // cache_control with reads on a repeated prefix, service_tier echoed in the usage) and
    // counts tokens by the rule of its usage.
    capabilities: Capabilities { strict: false, ..MESSAGES },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::Anthropic(AnthropicClient::Emulator), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::AnthropicModels,
    token_counting: Some(TokenCounting::MessagesCountTokens),
    listing: None,
    batch: Some(BatchApi::AnthropicMessageBatches),
};

/// The Anthropic API.
pub const ANTHROPIC: RouteSpec = RouteSpec {
    id: RouteId::Anthropic,
    host: Host::Fixed(DEFAULT_BASE_URL),
    host_env: &["ANTHROPIC_BASE_URL"],
    host_key: Some(HostKey::AnthropicBaseUrl),
    auth: AuthScheme::AnthropicKey,
    signing_name: None,
    wire: Wire::AnthropicSse,
    error_shape: ErrorShape::Anthropic,
    retry: RetryPolicy::Anthropic,
    build: messages,
    model_ids: ModelIds::Plain,
    capabilities: MESSAGES,
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::Anthropic(AnthropicClient::Direct), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::AnthropicModels,
    token_counting: Some(TokenCounting::MessagesCountTokens),
    listing: None,
    batch: Some(BatchApi::AnthropicMessageBatches),
};

fn messages(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    messages_request(endpoint.base_url, endpoint.version, model, request, &MESSAGES)
}

/// Where the Anthropic API lives unless `ANTHROPIC_BASE_URL` or the config says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";

/// The `anthropic-version` header sent unless the config names another.
pub const DEFAULT_VERSION: &str = "2023-06-01";

/// The streaming Messages request for `model`, with the controls a route of `capabilities`
/// sends.
///
/// # Panics
/// Never: the body holds only strings and numbers, which always serialise.
#[must_use]
pub fn messages_request(
    base_url: &str,
    version: &str,
    model: &str,
    request: &ChatRequest,
    capabilities: &Capabilities,
) -> HttpRequest {
    let body = MessagesBody::for_route(model, request, capabilities);
    HttpRequest::post_json(
        format!("{}/v1/messages", base_url.trim_end_matches('/')),
        vec![("anthropic-version".into(), version.into()), ("accept".into(), "text/event-stream".into())],
        serde_json::to_vec(&body).expect("a Messages body always serialises"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_streams_to_v1_messages_with_the_version_header() {
        let request = ChatRequest::single("hi");
        let http = messages_request("https://api.anthropic.com/", DEFAULT_VERSION, "claude-x", &request, &MESSAGES);
        assert_eq!(http.url, "https://api.anthropic.com/v1/messages");
        assert!(http.headers.contains(&("anthropic-version".into(), "2023-06-01".into())));
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["model"], "claude-x");
        assert_eq!(body["stream"], true);
        assert_eq!(body["max_tokens"], 1024);
        assert_eq!(body["messages"][0]["role"], "user");
        assert_eq!(body["messages"][0]["content"], "hi");
        assert!(body.get("temperature").is_none());
    }
}
