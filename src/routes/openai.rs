//! The three OpenAI-compatible routes: OpenAI's Chat Completions API (and any local server that
//! speaks it), Bedrock Mantle's OpenAI surface and Vertex AI's `endpoints/openapi`. One wire
//! ([`super::wire::openai_chat`]) behind three hosts and three kinds of credential: an OpenAI
//! key (none for a loopback server), AWS (SigV4 `bedrock-mantle` or a Bedrock API key) and
//! Google ADC. What each carries is [`CHAT_COMPLETIONS`] with the route's own differences.

use super::RouteId;
use super::attachment_limits::CHAT_COMPLETIONS_ATTACHMENTS;
use super::capabilities::{Capabilities, Serves, Support, Thinking, ThinkingShape};
use super::controls::ServiceTier;
use super::http::HttpRequest;
use super::request::ChatRequest;
use super::retry_policy::RetryPolicy;
use super::sdk::{AwsCli, OpenAiClient, PythonSdk, Sdk};
use super::spec::{AuthScheme, Endpoint, ErrorShape, Host, HostKey, ModelIds, ModelLookup, RouteSpec, Wire};
use super::wire::openai_chat::{MaxTokensField, chat_completions_body};
use crate::auth::aws::sigv4::service;

/// OpenAI's API root unless `OPENAI_BASE_URL` or the config says otherwise; it includes `/v1`,
/// as the variable does for the `openai` SDK.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";

/// OpenAI's Chat Completions API, or a local server at `OPENAI_BASE_URL`.
pub const OPENAI: RouteSpec = RouteSpec {
    id: RouteId::OpenAi,
    host: Host::Fixed(OPENAI_BASE_URL),
    host_env: &["OPENAI_BASE_URL"],
    host_key: Some(HostKey::OpenAiBaseUrl),
    auth: AuthScheme::OpenAiKey,
    signing_name: None,
    wire: Wire::OpenAiChatSse,
    error_shape: ErrorShape::OpenAiCompatible,
    retry: RetryPolicy::OpenAiSdk,
    build: openai_request,
    model_ids: ModelIds::Plain,
    capabilities: Capabilities {
        images: Support::Mapped { field: "image_url parts (data URLs)" },
        documents: Support::Mapped { field: "file parts (PDF data URLs)" },
        service_tier: Support::Carried { field: "service_tier" },
        service_tiers: &[ServiceTier::Auto, ServiceTier::Default, ServiceTier::Flex, ServiceTier::Priority],
        ..CHAT_COMPLETIONS
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::Direct), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::OpenAiModels { confirmed: true },
    token_counting: None,
    listing: Some(super::spec::ModelListing::OpenAiModels),
    batch: None,
};

/// Bedrock Mantle's OpenAI-compatible Chat Completions. AWS documents the surface but not
/// which Chat Completions fields it honours, so what OpenAI's own API defines is unconfirmed.
pub const BEDROCK_OPENAI: RouteSpec = RouteSpec {
    id: RouteId::BedrockOpenAi,
    host: Host::Region(bedrock_openai_host),
    host_env: &["AWS_BEDROCK_BASE_URL"],
    host_key: Some(HostKey::MantleOpenAiBaseUrl),
    auth: AuthScheme::Aws,
    signing_name: Some(service::BEDROCK_MANTLE),
    wire: Wire::OpenAiChatSse,
    // Its SDK expects OpenAI's bodies, which are unconfirmed here; credential refusals come in
    // AWS's shape, which is read after it.
    error_shape: ErrorShape::OpenAiCompatible,
    retry: RetryPolicy::OpenAiSdk,
    build: bedrock_openai_request,
    model_ids: ModelIds::Plain,
    capabilities: Capabilities {
        max_tokens: Support::Unconfirmed { field: "max_completion_tokens" },
        images: Support::Unconfirmed { field: "image_url parts (data URLs)" },
        service_tier: Support::Dropped { why: "Bedrock's service tiers are not documented on Mantle's OpenAI surface" },
        ..CHAT_COMPLETIONS
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::BedrockMantle), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::OpenAiModels { confirmed: false },
    token_counting: None,
    listing: Some(super::spec::ModelListing::OpenAiModels),
    batch: None,
};

/// Vertex AI's OpenAI-compatible endpoint, for Model Garden's `publisher/model` ids.
pub const VERTEX_OPENAI: RouteSpec = RouteSpec {
    id: RouteId::VertexOpenAi,
    host: Host::Location(super::google::vertex_host),
    host_env: &["GOOGLE_VERTEX_BASE_URL"],
    host_key: Some(HostKey::VertexBaseUrl),
    auth: AuthScheme::GoogleAdc,
    signing_name: None,
    wire: Wire::OpenAiChatSse,
    // Vertex refuses in Google's shape before the model is reached; OpenAI's is read next.
    error_shape: ErrorShape::Google,
    retry: RetryPolicy::OpenAiSdk,
    build: vertex_openai_request,
    model_ids: ModelIds::PublisherModel,
    capabilities: Capabilities {
        // Vertex's parameter list for the Chat Completions API names `max_tokens`.
        max_tokens: Support::Mapped { field: "max_tokens" },
        images: Support::Unconfirmed { field: "image_url parts (data URLs)" },
        service_tier: Support::Dropped { why: "Vertex's Chat Completions has no service_tier" },
        ..CHAT_COMPLETIONS
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::OpenAi(OpenAiClient::Vertex), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::VertexPublisherOfId,
    token_counting: None,
    listing: None,
    batch: None,
};

/// What the Chat Completions wire carries (OpenAI's API reference); each route's spec
/// overrides what differs. `reasoning_effort` goes only to a model that reasons.
pub const CHAT_COMPLETIONS: Capabilities = Capabilities {
    serves: Serves::PerModel,
    strict: true,
    max_tokens: Support::Mapped { field: "max_completion_tokens" },
    temperature: Support::Carried { field: "temperature" },
    top_p: Support::Carried { field: "top_p" },
    top_k: Support::Dropped { why: "Chat Completions has no top_k" },
    stop_sequences: Support::Carried { field: "stop" },
    // "Up to 4 sequences where the API will stop generating further tokens."
    max_stop_sequences: Some(4),
    system: Support::Mapped { field: "messages[0] with role system" },
    thinking: Thinking {
        support: Support::Dropped {
            why: "Chat Completions has no thinking budget: use --effort (reasoning_effort) on a model that reasons",
        },
        shape: ThinkingShape::Budget,
        top_p_floor: None,
    },
    effort: Support::Mapped { field: "reasoning_effort (models that reason)" },
    images: Support::Mapped { field: "image_url parts (data URLs)" },
    documents: Support::Dropped { why: "only OpenAI's own Chat Completions takes file parts" },
    attachments: CHAT_COMPLETIONS_ATTACHMENTS,
    prompt_cache: Support::Dropped { why: "cached automatically by the server; cached_tokens is reported" },
    token_count: Support::Dropped { why: "Chat Completions has no token-counting endpoint" },
    service_tier: Support::Dropped { why: "not part of this route's Chat Completions" },
    service_tiers: &[],
    latency: Support::Dropped { why: "Chat Completions has no latency mode" },
    request_metadata: Support::Dropped {
        why: "Chat Completions keeps metadata only with store=true, which routeplay does not ask for",
    },
    metadata_rules: None,
    guardrails: Support::Dropped { why: "Chat Completions has no guardrail parameter" },
};

/// Mantle's OpenAI-compatible root for `region`, as the `openai` SDK's `BedrockOpenAI` has it.
#[must_use]
pub fn bedrock_openai_host(region: &str) -> String {
    format!("https://bedrock-mantle.{region}.api.aws/openai/v1")
}

fn openai_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    chat_request(endpoint.base_url, model, request, &OPENAI.capabilities, MaxTokensField::MaxCompletionTokens)
}

fn bedrock_openai_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    chat_request(endpoint.base_url, model, request, &BEDROCK_OPENAI.capabilities, MaxTokensField::MaxCompletionTokens)
}

/// `POST {host}/v1/projects/{p}/locations/{l}/endpoints/openapi/chat/completions`, the output
/// limit in `max_tokens` as Vertex's parameter list has it.
fn vertex_openai_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    let base = format!(
        "{}/v1/projects/{}/locations/{}/endpoints/openapi",
        endpoint.base_url.trim_end_matches('/'),
        endpoint.project,
        endpoint.location
    );
    chat_request(&base, model, request, &VERTEX_OPENAI.capabilities, MaxTokensField::MaxTokens)
}

/// `POST {base}/chat/completions`, the model in the body (so an id with `:` or `/` needs no
/// encoding).
fn chat_request(
    base_url: &str,
    model: &str,
    request: &ChatRequest,
    capabilities: &Capabilities,
    field: MaxTokensField,
) -> HttpRequest {
    let url = format!("{}/chat/completions", base_url.trim_end_matches('/'));
    HttpRequest::post_json(url, Vec::new(), chat_completions_body(model, request, capabilities, field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::controls::Effort;
    use serde_json::Value;

    const BASE: Endpoint<'static> =
        Endpoint { base_url: "http://127.0.0.1:8080/v1", version: "", project: "p1", location: "us-central1" };

    fn body_of(spec: &RouteSpec, model: &str, request: &ChatRequest) -> Value {
        serde_json::from_slice(&spec.request(&BASE, model, request).body).expect("a JSON body")
    }

    #[test]
    fn all_three_speak_chat_completions_and_none_counts_tokens() {
        for spec in [&OPENAI, &BEDROCK_OPENAI, &VERTEX_OPENAI] {
            assert_eq!(spec.wire, Wire::OpenAiChatSse, "{}", spec.id);
            assert_eq!(spec.retry, RetryPolicy::OpenAiSdk, "{}", spec.id);
            assert_eq!(spec.token_counting, None, "{}", spec.id);
            let caps = spec.capabilities;
            assert_eq!(caps.serves, Serves::PerModel);
            assert_eq!(caps.top_k, Support::Dropped { why: "Chat Completions has no top_k" });
            assert_eq!((caps.stop_sequences, caps.max_stop_sequences), (Support::Carried { field: "stop" }, Some(4)));
            assert!(matches!(caps.thinking.support, Support::Dropped { why } if why.contains("--effort")));
            assert!(matches!(caps.token_count, Support::Dropped { .. }));
        }
        assert_eq!(OPENAI.error_shape, ErrorShape::OpenAiCompatible);
        assert_eq!(BEDROCK_OPENAI.error_shape, ErrorShape::OpenAiCompatible);
        assert_eq!(VERTEX_OPENAI.error_shape, ErrorShape::Google);
        assert_eq!(OPENAI.model_lookup, ModelLookup::OpenAiModels { confirmed: true });
        assert_eq!(BEDROCK_OPENAI.model_lookup, ModelLookup::OpenAiModels { confirmed: false });
        assert_eq!(VERTEX_OPENAI.model_ids, ModelIds::PublisherModel);
        assert_eq!(BEDROCK_OPENAI.signing_name, Some("bedrock-mantle"));
    }

    #[test]
    fn counting_tokens_is_refused_with_the_reason() {
        for spec in [&OPENAI, &BEDROCK_OPENAI, &VERTEX_OPENAI] {
            let why = crate::routes::count::counting_of(spec).unwrap_err();
            assert_eq!(
                why,
                format!(
                    "{} cannot count tokens before sending: Chat Completions has no token-counting endpoint",
                    spec.id
                )
            );
        }
    }

    #[test]
    fn each_route_names_its_base_overrides() {
        assert_eq!(OPENAI.host_overrides(), "OPENAI_BASE_URL, [routes.openai] base_url");
        assert_eq!(BEDROCK_OPENAI.host_overrides(), "AWS_BEDROCK_BASE_URL, [routes.bedrock] openai_base_url");
        assert_eq!(VERTEX_OPENAI.host_overrides(), "GOOGLE_VERTEX_BASE_URL, [routes.google] vertex_base_url");
        assert_eq!(bedrock_openai_host("ap-south-1"), "https://bedrock-mantle.ap-south-1.api.aws/openai/v1");
    }

    #[test]
    fn only_openai_sends_a_service_tier_and_pdfs_and_effort_goes_only_to_a_model_that_reasons() {
        let mut request = ChatRequest::single("hi");
        request.params.controls.service_tier = Some(ServiceTier::Flex);
        request.params.controls.effort = Some(Effort::Low);
        request.params.controls.top_k = Some(5);
        let openai = body_of(&OPENAI, "gpt-5-mini", &request);
        assert_eq!(openai["service_tier"], "flex");
        assert!(openai.get("reasoning_effort").is_none() && openai.get("top_k").is_none(), "{openai}");
        for spec in [&BEDROCK_OPENAI, &VERTEX_OPENAI] {
            assert!(body_of(spec, "m/x", &request).get("service_tier").is_none(), "{}", spec.id);
        }
        request.thoughts = true;
        assert_eq!(body_of(&OPENAI, "gpt-5-mini", &request)["reasoning_effort"], "low");
        assert!(OPENAI.capabilities.documents.field().is_some());
        assert_eq!(BEDROCK_OPENAI.capabilities.documents.field(), None);
        assert_eq!(VERTEX_OPENAI.capabilities.documents.field(), None);
    }

    #[test]
    fn vertex_takes_max_tokens_and_the_others_max_completion_tokens() {
        let request = ChatRequest::single("hi");
        let vertex = body_of(&VERTEX_OPENAI, "meta/llama-3.3-70b-instruct-maas", &request);
        assert_eq!((vertex["max_tokens"].clone(), vertex.get("max_completion_tokens")), (1024.into(), None));
        for spec in [&OPENAI, &BEDROCK_OPENAI] {
            let body = body_of(spec, "m", &request);
            assert_eq!((body["max_completion_tokens"].clone(), body.get("max_tokens")), (1024.into(), None));
        }
    }
}
