//! The three Bedrock routes: where they live for a region, and the request each sends.
//! Mantle speaks the Anthropic Messages wire over SSE; InvokeModelWithResponseStream and
//! ConverseStream answer in AWS event-stream frames.

use super::RouteId;
use super::capabilities::{
    BASE64_IMAGES, BEDROCK_TIERS, Capabilities, MESSAGES, Serves, Support, Thinking, ThinkingShape,
};
use super::count::TokenCounting;
use super::http::HttpRequest;
use super::request::ChatRequest;
use super::request_metadata::MetadataRules;
use super::retry_policy::RetryPolicy;
use super::sdk::{AnthropicClient, AwsCli, Boto3Call, PythonSdk, Sdk};
use super::spec::{
    AuthScheme, BatchApi, BedrockInvocation, Endpoint, ErrorShape, Host, HostKey, ModelIds, ModelLookup, RouteSpec,
    Wire,
};
use super::wire::{bedrock_invoke, converse};
use crate::auth::aws::sigv4::{encode_path_segment, service};

/// Bedrock's Mantle endpoint: the Anthropic Messages wire behind AWS credentials.
pub const MANTLE: RouteSpec = RouteSpec {
    id: RouteId::BedrockMantle,
    host: Host::Region(mantle_host),
    host_env: &["ANTHROPIC_BEDROCK_MANTLE_BASE_URL"],
    host_key: Some(HostKey::BedrockMantleBaseUrl),
    auth: AuthScheme::Aws,
    signing_name: Some(service::BEDROCK_MANTLE),
    wire: Wire::AnthropicSse,
    // Its SDK expects Anthropic's statuses; the body shape is unconfirmed (PROTOCOLS route 2),
    // and credential refusals come in AWS's shape, which is read next.
    error_shape: ErrorShape::Anthropic,
    retry: RetryPolicy::Anthropic,
    build: |endpoint, model, request| mantle_request(endpoint.base_url, endpoint.version, model, request),
    model_ids: ModelIds::BedrockMantle,
    // The Messages body unchanged; which of its features Mantle honours is mostly not
    // documented (PROTOCOLS-WAVE2 §3d, §4; count_tokens is, §5).
    capabilities: Capabilities {
        thinking: BEDROCK_THINKING,
        images: Support::Unconfirmed { field: "image blocks (base64)" },
        documents: Support::Unconfirmed { field: "document blocks (base64)" },
        attachments: super::attachment_limits::MANTLE_ATTACHMENTS,
        prompt_cache: Support::Unconfirmed { field: "cache_control" },
        effort: Support::Unconfirmed { field: "output_config.effort" },
        service_tier: Support::Unconfirmed { field: "service_tier" },
        ..MESSAGES
    },
    capabilities_per_model: None,
    sdk: Sdk {
        python: PythonSdk::Anthropic(AnthropicClient::BedrockMantle),
        aws_cli: AwsCli::Unavailable {
            why: Some("Mantle serves the Anthropic Messages API, not a bedrock-runtime operation"),
        },
    },
    model_lookup: ModelLookup::Unconfirmed {
        why: "Mantle has no confirmed model lookup (its /v1/models is unconfirmed)",
    },
    token_counting: Some(TokenCounting::MessagesCountTokens),
    listing: None,
    // Mantle exposes the Messages resource, batches included, but no source says the server
    // takes `/v1/messages/batches` (PROTOCOLS-WAVE2 §1a): unsupported until probed.
    batch: None,
};

/// Bedrock InvokeModelWithResponseStream with the Anthropic body.
pub const INVOKE: RouteSpec = RouteSpec {
    id: RouteId::BedrockInvoke,
    host: Host::Region(runtime_host),
    host_env: RUNTIME_HOST_ENV,
    host_key: Some(HostKey::BedrockRuntimeBaseUrl),
    auth: AuthScheme::Aws,
    signing_name: Some(service::BEDROCK),
    wire: Wire::InvokeEventStream,
    error_shape: ErrorShape::Aws,
    retry: RetryPolicy::AwsStandard,
    build: |endpoint, model, request| invoke_request(endpoint.base_url, model, request),
    model_ids: ModelIds::BedrockRuntime,
    capabilities: Capabilities {
        thinking: BEDROCK_THINKING,
        images: BASE64_IMAGES,
        // AWS says InvokeModel takes no documents, Anthropic says it does (PROTOCOLS-WAVE2 §3a).
        documents: Support::Unconfirmed { field: "document blocks (base64)" },
        attachments: super::attachment_limits::INVOKE_ATTACHMENTS,
        token_count: Support::Mapped { field: "POST /model/{id}/count-tokens (input.invokeModel)" },
        effort: Support::Unconfirmed { field: "output_config.effort" },
        service_tier: Support::Mapped { field: "X-Amzn-Bedrock-Service-Tier header" },
        service_tiers: BEDROCK_TIERS,
        latency: Support::Mapped { field: "X-Amzn-Bedrock-PerformanceConfig-Latency header" },
        request_metadata: Support::Mapped { field: "X-Amzn-Bedrock-Request-Metadata header" },
        metadata_rules: Some(MetadataRules::Bedrock),
        guardrails: Support::Mapped { field: "X-Amzn-Bedrock-GuardrailIdentifier and -GuardrailVersion headers" },
        ..MESSAGES
    },
    capabilities_per_model: None,
    sdk: Sdk { python: PythonSdk::Boto3(Boto3Call::InvokeModelWithResponseStream), aws_cli: AwsCli::InvokeModel },
    model_lookup: ModelLookup::BedrockAvailability,
    token_counting: Some(TokenCounting::BedrockInvoke),
    listing: None,
    batch: Some(BatchApi::BedrockInvocationJob { invocation: BedrockInvocation::InvokeModel }),
};

/// Bedrock ConverseStream, one body for every model family.
pub const CONVERSE: RouteSpec = RouteSpec {
    id: RouteId::BedrockConverse,
    host: Host::Region(runtime_host),
    host_env: RUNTIME_HOST_ENV,
    host_key: Some(HostKey::BedrockRuntimeBaseUrl),
    auth: AuthScheme::Aws,
    signing_name: Some(service::BEDROCK),
    wire: Wire::ConverseEventStream,
    error_shape: ErrorShape::Aws,
    retry: RetryPolicy::AwsStandard,
    build: converse,
    model_ids: ModelIds::BedrockRuntime,
    capabilities: CONVERSE_CAPABILITIES,
    capabilities_per_model: Some(converse_capabilities),
    sdk: Sdk { python: PythonSdk::Boto3(Boto3Call::ConverseStream), aws_cli: AwsCli::Converse },
    model_lookup: ModelLookup::BedrockAvailability,
    token_counting: Some(TokenCounting::BedrockConverse),
    listing: None,
    batch: Some(BatchApi::BedrockInvocationJob { invocation: BedrockInvocation::Converse }),
};

/// Extended thinking on Bedrock: a token budget, and no `top_p` beside it ("Thinking isn't
/// compatible with temperature, `top_p`, or `top_k` modifications",
/// docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html).
const BEDROCK_THINKING: Thinking =
    Thinking { support: Support::Carried { field: "thinking" }, shape: ThinkingShape::Budget, top_p_floor: None };

/// Converse's own body (PROTOCOLS.md §3.5, PROTOCOLS-WAVE2 §2a, §2b, §3b, §4, §5): the common
/// settings in `inferenceConfig`, model-specific ones in `additionalModelRequestFields`.
const CONVERSE_CAPABILITIES: Capabilities = Capabilities {
    serves: Serves::PerModel,
    strict: true,
    max_tokens: Support::Mapped { field: "inferenceConfig.maxTokens" },
    temperature: Support::Mapped { field: "inferenceConfig.temperature" },
    top_p: Support::Mapped { field: "inferenceConfig.topP" },
    // Per model family (`wire::converse::ConverseFamily::controls` has each family's field).
    top_k: Support::Mapped {
        field: "additionalModelRequestFields, per family (Claude top_k, Nova inferenceConfig.topK; none for Llama, \
                DeepSeek, gpt-oss)",
    },
    stop_sequences: Support::Mapped { field: "inferenceConfig.stopSequences" },
    max_stop_sequences: Some(2500),
    system: Support::Mapped { field: "system[].text" },
    thinking: Thinking {
        support: Support::Mapped {
            field: "additionalModelRequestFields, per family (Claude thinking, Nova 2 reasoningConfig, gpt-oss \
                    reasoning_effort)",
        },
        ..BEDROCK_THINKING
    },
    effort: Support::Mapped {
        field: "additionalModelRequestFields, per family (Nova 2 reasoningConfig.maxReasoningEffort, gpt-oss \
                reasoning_effort; Claude output_config.effort unconfirmed)",
    },
    images: Support::Mapped { field: "image blocks (bytes)" },
    documents: Support::Mapped { field: "document blocks (format, sanitised name, bytes)" },
    attachments: super::attachment_limits::CONVERSE_ATTACHMENTS,
    prompt_cache: Support::Mapped { field: "cachePoint blocks" },
    token_count: Support::Mapped { field: "POST /model/{id}/count-tokens (input.converse)" },
    service_tier: Support::Mapped { field: "serviceTier.type" },
    service_tiers: BEDROCK_TIERS,
    latency: Support::Mapped { field: "performanceConfig.latency" },
    request_metadata: Support::Mapped { field: "requestMetadata" },
    metadata_rules: Some(MetadataRules::Bedrock),
    guardrails: Support::Mapped { field: "guardrailConfig (trace enabled, streamProcessingMode sync)" },
};

/// Converse's capabilities for one model: thinking, effort and `top_k` as its family takes them
/// (`wire::converse::ConverseFamily`), so parity lines can say "`top_k` not sent: Converse for
/// Llama has no `top_k`"; the rest as [`CONVERSE`]'s spec has them.
#[must_use]
pub fn converse_capabilities(model: &str) -> Capabilities {
    let family = converse::ConverseFamily::of(model).controls();
    Capabilities {
        thinking: Thinking { support: family.thinking, ..CONVERSE_CAPABILITIES.thinking },
        effort: family.effort,
        top_k: family.top_k,
        ..CONVERSE_CAPABILITIES
    }
}

/// The AWS conventions for moving the runtime's host: the service's own variable, then the
/// one for every service.
const RUNTIME_HOST_ENV: &[&str] = &["AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL"];

fn converse(endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
    converse_request(endpoint.base_url, model, request)
}

/// The region an AWS route is shown and offered for when none is chosen; requests never assume
/// one.
pub const SHOWN_REGION: &str = "us-east-1";

/// `https://bedrock-runtime.{region}.amazonaws.com`
#[must_use]
pub fn runtime_host(region: &str) -> String {
    format!("https://bedrock-runtime.{region}.amazonaws.com")
}

/// `https://bedrock-mantle.{region}.api.aws/anthropic`: Mantle's base URL as Anthropic's SDK
/// (`AnthropicBedrockMantle`) has it, and as `ANTHROPIC_BEDROCK_MANTLE_BASE_URL` replaces it.
#[must_use]
pub fn mantle_host(region: &str) -> String {
    format!("https://bedrock-mantle.{region}.api.aws/anthropic")
}

/// `POST {base}/v1/messages`: the Anthropic Messages request, model in the body, under Mantle's
/// base URL (which ends in `/anthropic`).
#[must_use]
pub fn mantle_request(base_url: &str, version: &str, model: &str, request: &ChatRequest) -> HttpRequest {
    super::anthropic::messages_request(base_url, version, model, request, &MANTLE.capabilities)
}

/// `POST {base}/model/{id}/invoke-with-response-stream` with the Anthropic body for Bedrock,
/// and the guardrail, tier, latency and metadata controls as headers (which SigV4 signs).
///
/// # Panics
/// Never: the body is a JSON value, which always serialises.
#[must_use]
pub fn invoke_request(base_url: &str, model: &str, request: &ChatRequest) -> HttpRequest {
    let capabilities = &INVOKE.capabilities;
    let body = bedrock_invoke::invoke_body(request, bedrock_invoke::BEDROCK_ANTHROPIC_VERSION, capabilities);
    let mut headers = vec![("x-amzn-bedrock-accept".to_owned(), "application/json".to_owned())];
    headers.extend(bedrock_invoke::control_headers(&request.params.controls, capabilities));
    HttpRequest::post_json(
        model_url(base_url, model, "invoke-with-response-stream"),
        headers,
        serde_json::to_vec(&body).expect("a JSON value always serialises"),
    )
}

/// `POST {base}/model/{id}/converse-stream` with the Converse body.
///
/// # Panics
/// Never: the body is a JSON value, which always serialises.
#[must_use]
pub fn converse_request(base_url: &str, model: &str, request: &ChatRequest) -> HttpRequest {
    let body = converse::converse_body(model, request);
    HttpRequest::post_json(
        model_url(base_url, model, "converse-stream"),
        Vec::new(),
        serde_json::to_vec(&body).expect("a JSON value always serialises"),
    )
}

/// The model id goes in the path percent-encoded (`:` as `%3A`, `/` in ARNs as `%2F`), as the
/// AWS SDKs send it; the signer then encodes that path once more (PROTOCOLS.md §3.2).
fn model_url(base_url: &str, model: &str, operation: &str) -> String {
    format!("{}/model/{}/{operation}", base_url.trim_end_matches('/'), encode_path_segment(model))
}

/// The geography prefix of a system-defined cross-region inference profile for `region`
/// (`us.`, `eu.`, `apac.`, `jp.`, `au.`, `us-gov.`), where one exists.
#[must_use]
pub fn geo_prefix(region: &str) -> Option<&'static str> {
    match region {
        r if r.starts_with("us-gov-") => Some("us-gov"),
        r if r.starts_with("us-") => Some("us"),
        r if r.starts_with("eu-") => Some("eu"),
        "ap-northeast-1" | "ap-northeast-3" => Some("jp"),
        "ap-southeast-2" | "ap-southeast-4" => Some("au"),
        r if r.starts_with("ap-") => Some("apac"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_id_with_a_colon_is_encoded_in_the_path() {
        let request = ChatRequest::single("hi");
        let http = invoke_request(
            "https://bedrock-runtime.us-east-1.amazonaws.com",
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            &request,
        );
        assert_eq!(
            http.url,
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream"
        );
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["anthropic_version"], "bedrock-2023-05-31");
        assert!(body.get("model").is_none() && body.get("stream").is_none());
    }

    #[test]
    fn invoke_sends_the_controls_as_signed_headers() {
        use crate::auth::aws::sigv4::{SignRequest, sign};
        use crate::routes::controls::{Controls, Guardrail, Latency, ServiceTier};
        let mut request = ChatRequest::single("hi");
        request.params.controls = Controls {
            guardrail: Some(Guardrail { id: "gr1abc".into(), version: "3".into() }),
            service_tier: Some(ServiceTier::Flex),
            latency: Some(Latency::Optimized),
            metadata: [("team".to_owned(), "ml".to_owned())].into(),
            ..Controls::default()
        };
        let http = invoke_request(&runtime_host("us-east-1"), "anthropic.claude-x", &request);
        let expected = [
            ("x-amzn-bedrock-guardrailidentifier", "gr1abc"),
            ("x-amzn-bedrock-guardrailversion", "3"),
            ("x-amzn-bedrock-trace", "ENABLED"),
            ("x-amzn-bedrock-service-tier", "flex"),
            ("x-amzn-bedrock-performanceconfig-latency", "optimized"),
            ("x-amzn-bedrock-request-metadata", r#"{"team":"ml"}"#),
        ];
        for (name, value) in expected {
            assert!(http.headers.contains(&(name.to_owned(), value.to_owned())), "{name} missing: {:?}", http.headers);
        }
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert!(body.get("service_tier").is_none() && body.get("amazon-bedrock-guardrailConfig").is_none());
        let credentials = aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let signing = SignRequest { method: http.method, url: &http.url, headers: &http.headers, body: &http.body };
        let signed = sign(&signing, &credentials, "us-east-1", service::BEDROCK, std::time::SystemTime::now()).unwrap();
        for (name, _) in expected {
            assert!(signed.details.signed_headers.iter().any(|signed| signed == name), "{name} is not signed");
        }
    }

    #[test]
    fn invoke_without_controls_sends_no_control_headers() {
        let http = invoke_request(&runtime_host("us-east-1"), "anthropic.claude-x", &ChatRequest::single("hi"));
        let bedrock: Vec<&str> = http
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| name.starts_with("x-amzn-bedrock-"))
            .collect();
        assert_eq!(bedrock, ["x-amzn-bedrock-accept"]);
    }

    #[test]
    fn the_echoed_tier_and_latency_are_what_was_served() {
        let headers = [
            ("X-Amzn-Bedrock-Service-Tier".to_owned(), "priority".to_owned()),
            ("x-amzn-bedrock-performanceconfig-latency".to_owned(), "optimized".to_owned()),
        ];
        assert_eq!(
            bedrock_invoke::served_from_headers(&headers),
            Some(crate::routes::event::StreamEvent::Served {
                service_tier: Some("priority".into()),
                latency: Some("optimized".into())
            })
        );
        assert_eq!(bedrock_invoke::served_from_headers(&[("content-type".into(), "x".into())]), None);
    }

    #[test]
    fn mantle_posts_the_messages_body_under_anthropic() {
        let request = ChatRequest::single("hi");
        let http = mantle_request(&mantle_host("eu-west-1"), "2023-06-01", "anthropic.claude-x", &request);
        assert_eq!(http.url, "https://bedrock-mantle.eu-west-1.api.aws/anthropic/v1/messages");
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["model"], "anthropic.claude-x");
    }

    #[test]
    fn converse_streams_from_converse_stream() {
        let http =
            converse_request(&runtime_host("us-west-2"), "meta.llama3-70b-instruct-v1:0", &ChatRequest::single("hi"));
        assert!(http.url.ends_with("/model/meta.llama3-70b-instruct-v1%3A0/converse-stream"), "{}", http.url);
    }

    #[test]
    fn converse_capabilities_follow_the_models_family() {
        let llama = converse_capabilities("meta.llama3-70b-instruct-v1:0");
        assert_eq!(llama.top_k, Support::Dropped { why: "Converse for Llama has no top_k" });
        assert_eq!(llama.thinking.support.field(), None);
        assert_eq!(llama.guardrails, CONVERSE_CAPABILITIES.guardrails);
        let claude = converse_capabilities("us.anthropic.claude-sonnet-4-20250514-v1:0");
        assert_eq!(claude.top_k, Support::Mapped { field: "additionalModelRequestFields.top_k" });
        assert_eq!(claude.thinking.support, Support::Mapped { field: "additionalModelRequestFields.thinking" });
        assert_eq!(claude.thinking.shape, ThinkingShape::Budget);
    }

    #[test]
    fn regions_map_to_their_inference_profile_geography() {
        assert_eq!(geo_prefix("us-east-1"), Some("us"));
        assert_eq!(geo_prefix("eu-central-1"), Some("eu"));
        assert_eq!(geo_prefix("ap-northeast-1"), Some("jp"));
        assert_eq!(geo_prefix("ap-south-1"), Some("apac"));
        assert_eq!(geo_prefix("us-gov-west-1"), Some("us-gov"));
        assert_eq!(geo_prefix("me-central-1"), None);
    }
}
