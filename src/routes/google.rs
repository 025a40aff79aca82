//! The three Google routes (PROTOCOLS.md routes 4 and 5): the Gemini Developer API, Gemini on
//! Vertex AI and Claude on Vertex AI. Where each lives, and the request each sends. Gemini
//! answers in `GenerateContentResponse` SSE events; Claude on Vertex in the Anthropic SSE wire.

use super::RouteId;
use super::capabilities::{BASE64_IMAGES, Capabilities, GENERATE_CONTENT, MESSAGES, Support, Thinking, ThinkingShape};
use super::controls::ServiceTier;
use super::count::TokenCounting;
use super::http::HttpRequest;
use super::request::ChatRequest;
use super::request_metadata::MetadataRules;
use super::retry_policy::RetryPolicy;
use super::sdk::{AnthropicClient, AwsCli, PythonSdk, Sdk};
use super::spec::{
    AuthScheme, BatchApi, Endpoint, ErrorShape, Host, HostKey, ModelIds, ModelLookup, RouteSpec, VertexRecords, Wire,
};
use super::wire::anthropic::MessagesBody;
use super::wire::gemini::generate_content_body;
use serde_json::Value;

/// The Gemini Developer API's host root unless `GOOGLE_GEMINI_BASE_URL` or the config says
/// otherwise.
pub const GEMINI_API_BASE_URL: &str = "https://generativelanguage.googleapis.com";

/// The `anthropic_version` Claude on Vertex wants in the body (there is no header).
pub const VERTEX_ANTHROPIC_VERSION: &str = "vertex-2023-10-16";

/// The header that asks Vertex for a pay-as-you-go tier (`priority` or `flex`); seen only in
/// third-party and sample code (PROTOCOLS-WAVE2 §2c), so unconfirmed.
pub const VERTEX_SHARED_REQUEST_TYPE: &str = "x-vertex-ai-llm-shared-request-type";

/// The location used when none is configured: `global` serves every current model and
/// spreads load, which keeps 429s down (Google's own advice).
pub const DEFAULT_LOCATION: &str = "global";

/// The Gemini Developer API with an API key.
pub const GEMINI_API: RouteSpec = RouteSpec {
    id: RouteId::GeminiApi,
    host: Host::Fixed(GEMINI_API_BASE_URL),
    host_env: &["GOOGLE_GEMINI_BASE_URL"],
    host_key: Some(HostKey::GeminiBaseUrl),
    auth: AuthScheme::GoogleApiKey,
    signing_name: None,
    wire: Wire::GeminiSse,
    error_shape: ErrorShape::Google,
    retry: RetryPolicy::Google,
    build: |endpoint, model, request| gemini_api_request(endpoint.base_url, model, request),
    model_ids: ModelIds::GoogleResource,
    capabilities: Capabilities {
        images: Support::Mapped { field: "inlineData / fileData (Files API) parts" },
        ..GENERATE_CONTENT
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::GoogleGenai { vertex: false }, aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::GeminiModels,
    token_counting: Some(TokenCounting::GeminiGenerateContentRequest),
    listing: None,
    batch: None,
};

/// Gemini on Vertex AI.
pub const VERTEX_GEMINI: RouteSpec = RouteSpec {
    id: RouteId::VertexGemini,
    host: Host::Location(vertex_host),
    host_env: VERTEX_HOST_ENV,
    host_key: Some(HostKey::VertexBaseUrl),
    auth: AuthScheme::GoogleAdc,
    signing_name: None,
    wire: Wire::GeminiSse,
    error_shape: ErrorShape::Google,
    retry: RetryPolicy::Google,
    build: vertex_gemini_request,
    model_ids: ModelIds::GoogleResource,
    capabilities: Capabilities {
        images: Support::Mapped { field: "inlineData / fileData (gs://) parts" },
        // Model Armor (`modelArmorConfig`, WAVE2 §2c: the field exists, its shape is
        // unconfirmed) takes templates, not a Bedrock guardrail id, so a guardrail is not sent.
        guardrails: Support::Dropped {
            why: "Bedrock guardrails do not exist on Vertex; its analogue, Model Armor (modelArmorConfig), takes a \
                  template, not a guardrail id",
        },
        request_metadata: Support::Mapped { field: "labels" },
        metadata_rules: Some(MetadataRules::GoogleLabels),
        attachments: super::attachment_limits::VERTEX_GEMINI_ATTACHMENTS,
        ..GENERATE_CONTENT
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::GoogleGenai { vertex: true }, aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::VertexPublisher { publisher: "google", confirmed: true },
    token_counting: Some(TokenCounting::VertexCountTokens),
    listing: None,
    batch: Some(BatchApi::VertexBatchPrediction { records: VertexRecords::Gemini }),
};

/// Claude on Vertex AI.
pub const VERTEX_CLAUDE: RouteSpec = RouteSpec {
    id: RouteId::VertexClaude,
    host: Host::Location(vertex_host),
    host_env: VERTEX_HOST_ENV,
    host_key: Some(HostKey::VertexBaseUrl),
    auth: AuthScheme::GoogleAdc,
    signing_name: None,
    wire: Wire::AnthropicSse,
    // Refusals before the stream are Google's; body errors are Anthropic's, read next.
    error_shape: ErrorShape::Google,
    retry: RetryPolicy::Anthropic,
    build: vertex_claude_request,
    model_ids: ModelIds::GoogleResource,
    // The Messages body; caching and service tiers on Vertex are not confirmed by Google's text
    // (PROTOCOLS-WAVE2 §2c, §4).
    capabilities: Capabilities {
        thinking: Thinking {
            support: Support::Carried { field: "thinking" },
            shape: ThinkingShape::Budget,
            top_p_floor: Some(0.95),
        },
        images: BASE64_IMAGES,
        documents: Support::Carried { field: "document blocks (base64 only)" },
        attachments: super::attachment_limits::VERTEX_CLAUDE_ATTACHMENTS,
        prompt_cache: Support::Unconfirmed { field: "cache_control" },
        token_count: Support::Mapped { field: "count-tokens:rawPredict" },
        service_tier: Support::Unconfirmed { field: "X-Vertex-AI-LLM-Shared-Request-Type header" },
        service_tiers: &[ServiceTier::Priority, ServiceTier::Flex],
        effort: Support::Unconfirmed { field: "output_config.effort" },
        request_metadata: Support::Unconfirmed { field: "labels" },
        metadata_rules: Some(MetadataRules::GoogleLabels),
        ..MESSAGES
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::Anthropic(AnthropicClient::Vertex), aws_cli: AwsCli::Unavailable { why: None } },
    model_lookup: ModelLookup::VertexPublisher { publisher: "anthropic", confirmed: false },
    token_counting: Some(TokenCounting::VertexClaudeRawPredict),
    listing: None,
    batch: Some(BatchApi::VertexBatchPrediction { records: VertexRecords::Claude }),
};

const VERTEX_HOST_ENV: &[&str] = &["GOOGLE_VERTEX_BASE_URL"];

/// The Vertex host root for `location`: `aiplatform.googleapis.com` for `global`, the
/// multi-region `aiplatform.{us|eu}.rep.googleapis.com`, else `{location}-aiplatform…`.
#[must_use]
pub fn vertex_host(location: &str) -> String {
    match location {
        "global" => "https://aiplatform.googleapis.com".into(),
        "us" | "eu" => format!("https://aiplatform.{location}.rep.googleapis.com"),
        region => format!("https://{region}-aiplatform.googleapis.com"),
    }
}

/// `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse` with the Gemini body.
/// A leading `models/` in the id (the API's own resource names) is accepted.
#[must_use]
pub fn gemini_api_request(base_url: &str, model: &str, request: &ChatRequest) -> HttpRequest {
    let model = model.strip_prefix("models/").unwrap_or(model);
    let url = format!("{}/v1beta/models/{model}:streamGenerateContent?alt=sse", base_url.trim_end_matches('/'));
    gemini_request(url, request, &GEMINI_API.capabilities)
}

/// `{base}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`
fn model_url(endpoint: &Endpoint<'_>, publisher: &str, model: &str, method: &str) -> String {
    format!(
        "{}/v1/projects/{}/locations/{}/publishers/{publisher}/models/{model}:{method}",
        endpoint.base_url.trim_end_matches('/'),
        endpoint.project,
        endpoint.location
    )
}

/// `POST …/publishers/google/models/{model}:streamGenerateContent?alt=sse`, the Gemini body.
#[must_use]
pub fn vertex_gemini_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    let url = model_url(endpoint, "google", model, "streamGenerateContent?alt=sse");
    gemini_request(url, request, &VERTEX_GEMINI.capabilities)
}

/// `POST …/publishers/anthropic/models/{model}:streamRawPredict`: the Messages body without
/// `model` (it is in the URL) and with `anthropic_version` in the body. What is Vertex's own:
/// the service tier is the `X-Vertex-AI-LLM-Shared-Request-Type` header, not the body's
/// Anthropic `service_tier`; request metadata goes in `labels` beside the Messages fields.
/// Both are unconfirmed for Claude (PROTOCOLS-WAVE2 §2c), and the spec says so.
///
/// # Panics
/// Never: the body holds only strings and numbers, which always serialise.
#[must_use]
pub fn vertex_claude_request(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    let capabilities = &VERTEX_CLAUDE.capabilities;
    let mut body = serde_json::to_value(MessagesBody::for_route(model, request, capabilities))
        .expect("a Messages body always serialises to a JSON value");
    let controls = &request.params.controls;
    if let Value::Object(fields) = &mut body {
        fields.remove("model");
        fields.remove("service_tier");
        fields.insert("anthropic_version".into(), VERTEX_ANTHROPIC_VERSION.into());
        if !controls.metadata.is_empty() {
            let labels = controls.metadata.iter().map(|(key, value)| (key.clone(), Value::from(value.as_str())));
            fields.insert("labels".into(), Value::Object(labels.collect()));
        }
    }
    let mut headers = vec![("accept".into(), "text/event-stream".into())];
    if let Some(tier) = controls.service_tier.filter(|tier| capabilities.service_tiers.contains(tier)) {
        headers.push((VERTEX_SHARED_REQUEST_TYPE.into(), tier.name().into()));
    }
    HttpRequest::post_json(
        model_url(endpoint, "anthropic", model, "streamRawPredict"),
        headers,
        serde_json::to_vec(&body).expect("a JSON value always serialises"),
    )
}

/// A streaming `generateContent` request to `url`, with the controls `capabilities` carry.
fn gemini_request(url: String, request: &ChatRequest, capabilities: &Capabilities) -> HttpRequest {
    let body = generate_content_body(request, capabilities);
    HttpRequest::post_json(url, Vec::new(), serde_json::to_vec(&body).expect("a JSON value always serialises"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::controls::{Effort, ThinkingMode};
    use serde_json::json;

    /// A thinking model's request with every control set.
    fn every_control() -> ChatRequest {
        let mut request = ChatRequest { thoughts: true, ..ChatRequest::single("hi") };
        let controls = &mut request.params.controls;
        controls.thinking = ThinkingMode::Budget(2048);
        controls.effort = Some(Effort::Low);
        controls.top_k = Some(20);
        controls.cache = true;
        controls.service_tier = Some(ServiceTier::Flex);
        controls.metadata = [("team".to_owned(), "ml".to_owned())].into_iter().collect();
        request
    }

    fn body_of(http: &HttpRequest) -> Value {
        serde_json::from_slice(&http.body).expect("a JSON body")
    }

    const PLACE: Endpoint<'static> = Endpoint {
        base_url: "https://europe-west4-aiplatform.googleapis.com/",
        version: "",
        project: "p1",
        location: "europe-west4",
    };

    #[test]
    fn hosts_follow_the_location() {
        assert_eq!(vertex_host("global"), "https://aiplatform.googleapis.com");
        assert_eq!(vertex_host("us"), "https://aiplatform.us.rep.googleapis.com");
        assert_eq!(vertex_host("eu"), "https://aiplatform.eu.rep.googleapis.com");
        assert_eq!(vertex_host("us-east5"), "https://us-east5-aiplatform.googleapis.com");
    }

    #[test]
    fn the_gemini_api_streams_sse_and_takes_either_id_form() {
        let request = ChatRequest::single("hi");
        for model in ["gemini-2.5-flash", "models/gemini-2.5-flash"] {
            let http = gemini_api_request("https://generativelanguage.googleapis.com/", model, &request);
            assert_eq!(
                http.url,
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
            );
        }
        let http = gemini_api_request(GEMINI_API_BASE_URL, "gemini-2.5-flash", &request);
        let body: Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["contents"][0]["parts"][0]["text"], "hi");
        assert!(body.get("model").is_none());
    }

    #[test]
    fn vertex_gemini_names_project_location_and_publisher() {
        let http = vertex_gemini_request(&PLACE, "gemini-2.5-pro", &ChatRequest::single("hi"));
        assert_eq!(
            http.url,
            "https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/locations/europe-west4/publishers/google/\
             models/gemini-2.5-pro:streamGenerateContent?alt=sse"
        );
    }

    #[test]
    fn vertex_claude_moves_the_model_into_the_url_and_the_version_into_the_body() {
        let http = vertex_claude_request(&PLACE, "claude-sonnet-4-5@20250929", &ChatRequest::single("hi"));
        assert!(http.url.ends_with("/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict"));
        let body: Value = serde_json::from_slice(&http.body).unwrap();
        assert!(body.get("model").is_none());
        assert_eq!(body["anthropic_version"], "vertex-2023-10-16");
        assert_eq!(body["stream"], true);
        assert_eq!(body["messages"][0]["content"], "hi");
        assert!(!http.headers.iter().any(|(name, _)| name == "anthropic-version"));
    }

    #[test]
    fn the_gemini_api_sends_every_control_it_carries_and_no_labels() {
        let http = gemini_api_request(GEMINI_API_BASE_URL, "gemini-2.5-flash", &every_control());
        let expected = json!({
            "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "generationConfig": {
                "maxOutputTokens": 1024,
                "topK": 20,
                "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 2048, "thinkingLevel": "low"}
            },
            "serviceTier": "flex"
        });
        assert_eq!(body_of(&http), expected, "caching is implicit: nothing to send");
    }

    #[test]
    fn vertex_gemini_adds_labels() {
        let http = vertex_gemini_request(&PLACE, "gemini-2.5-flash", &every_control());
        let expected = json!({
            "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "generationConfig": {
                "maxOutputTokens": 1024,
                "topK": 20,
                "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 2048, "thinkingLevel": "low"}
            },
            "serviceTier": "flex",
            "labels": {"team": "ml"}
        });
        assert_eq!(body_of(&http), expected);
        assert!(!http.headers.iter().any(|(name, _)| name == VERTEX_SHARED_REQUEST_TYPE), "the tier is in the body");
    }

    #[test]
    fn vertex_claude_asks_a_tier_by_header_and_sends_labels_in_the_body() {
        let http = vertex_claude_request(&PLACE, "claude-sonnet-4-5@20250929", &every_control());
        let tier: Vec<_> = http.headers.iter().filter(|(name, _)| name == VERTEX_SHARED_REQUEST_TYPE).collect();
        assert_eq!(tier, [&(VERTEX_SHARED_REQUEST_TYPE.to_owned(), "flex".to_owned())]);
        let body = body_of(&http);
        assert_eq!(body["labels"], json!({"team": "ml"}));
        assert!(body.get("service_tier").is_none(), "Vertex's tier is the header, not Anthropic's field");

        let mut plain = ChatRequest::single("hi");
        plain.params.controls.service_tier = Some(ServiceTier::Standard);
        let http = vertex_claude_request(&PLACE, "claude-sonnet-4-5@20250929", &plain);
        assert!(
            !http.headers.iter().any(|(name, _)| name == VERTEX_SHARED_REQUEST_TYPE),
            "standard is not a Vertex tier"
        );
        assert!(body_of(&http).get("labels").is_none());
    }
}
