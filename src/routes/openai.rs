//! The three OpenAI-compatible routes: OpenAI's Chat Completions API (and any local server that
//! speaks it), Bedrock Mantle's OpenAI surface and Vertex AI's `endpoints/openapi`. One wire
//! ([`super::wire::openai_chat`]) behind three hosts and three kinds of credential.
//!
//! PLACEHOLDER(i16-base): the routes engineer completes these specs (auth schemes, host keys,
//! error shape, SDK, model lookup, capabilities) with the vocabulary they need.

use super::RouteId;
use super::capabilities::{Capabilities, MESSAGES, Serves};
use super::http::HttpRequest;
use super::request::ChatRequest;
use super::retry_policy::RetryPolicy;
use super::sdk::{AwsCli, OpenAiClient, PythonSdk, Sdk};
use super::spec::{AuthScheme, Endpoint, ErrorShape, Host, ModelIds, ModelLookup, RouteSpec, Wire};
use super::wire::openai_chat::{MaxTokensField, chat_completions_body};
use crate::auth::aws::sigv4::service;

/// OpenAI's API root unless `OPENAI_BASE_URL` says otherwise.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";

/// OpenAI's Chat Completions API, or a local server at `OPENAI_BASE_URL`.
pub const OPENAI: RouteSpec = RouteSpec {
    id: RouteId::OpenAi,
    host: Host::Fixed(OPENAI_BASE_URL),
    host_env: &["OPENAI_BASE_URL"],
    host_key: None,
    auth: AuthScheme::AnthropicKey,
    signing_name: None,
    wire: Wire::OpenAiChatSse,
    error_shape: ErrorShape::Anthropic,
    retry: RetryPolicy::Anthropic,
    build: |endpoint, model, request| chat_request(endpoint.base_url, model, request),
    model_ids: ModelIds::Plain,
    capabilities: CHAT_COMPLETIONS,
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::Direct), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::Unconfirmed { why: "placeholder" },
    token_counting: None,
    listing: Some(super::spec::ModelListing::OpenAiModels),
};

/// Bedrock Mantle's OpenAI-compatible Chat Completions.
pub const BEDROCK_OPENAI: RouteSpec = RouteSpec {
    id: RouteId::BedrockOpenAi,
    host: Host::Region(bedrock_openai_host),
    host_env: &["AWS_BEDROCK_BASE_URL"],
    host_key: None,
    auth: AuthScheme::Aws,
    signing_name: Some(service::BEDROCK_MANTLE),
    wire: Wire::OpenAiChatSse,
    error_shape: ErrorShape::Aws,
    retry: RetryPolicy::AwsStandard,
    build: |endpoint, model, request| chat_request(endpoint.base_url, model, request),
    model_ids: ModelIds::Plain,
    capabilities: CHAT_COMPLETIONS,
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::BedrockMantle), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::Unconfirmed { why: "placeholder" },
    token_counting: None,
    listing: Some(super::spec::ModelListing::OpenAiModels),
};

/// Vertex AI's OpenAI-compatible endpoint.
pub const VERTEX_OPENAI: RouteSpec = RouteSpec {
    id: RouteId::VertexOpenAi,
    host: Host::Location(super::google::vertex_host),
    host_env: &["GOOGLE_VERTEX_BASE_URL"],
    host_key: Some(super::spec::HostKey::VertexBaseUrl),
    auth: AuthScheme::GoogleAdc,
    signing_name: None,
    wire: Wire::OpenAiChatSse,
    error_shape: ErrorShape::Google,
    retry: RetryPolicy::Google,
    build: vertex_openai_request,
    model_ids: ModelIds::Plain,
    capabilities: CHAT_COMPLETIONS,
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::Vertex), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::Unconfirmed { why: "placeholder" },
    token_counting: None,
    listing: None,
};

/// PLACEHOLDER(i16-base): what the Chat Completions wire carries.
const CHAT_COMPLETIONS: Capabilities = Capabilities { serves: Serves::PerModel, ..MESSAGES };

/// Mantle's OpenAI-compatible root for `region`.
#[must_use]
pub fn bedrock_openai_host(region: &str) -> String {
    format!("https://bedrock-mantle.{region}.api.aws/openai/v1")
}

/// `POST {base}/chat/completions`.
fn chat_request(base_url: &str, model: &str, request: &ChatRequest) -> HttpRequest {
    let url = format!("{}/chat/completions", base_url.trim_end_matches('/'));
    let body = chat_completions_body(model, request, &CHAT_COMPLETIONS, MaxTokensField::MaxCompletionTokens);
    HttpRequest::post_json(url, Vec::new(), body)
}

/// `POST {host}/v1/projects/{p}/locations/{l}/endpoints/openapi/chat/completions`.
fn vertex_openai_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    let base = format!(
        "{}/v1/projects/{}/locations/{}/endpoints/openapi",
        endpoint.base_url.trim_end_matches('/'),
        endpoint.project,
        endpoint.location
    );
    chat_request(&base, model, request)
}
