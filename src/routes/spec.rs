//! A route as one value: where it lives, what moves it, how it signs, the request it sends, the
//! framing its answer streams in, the shape of its errors and what it carries of a request.
//! Each route declares its spec in its own file (`anthropic.rs`, `bedrock.rs`, `google.rs`);
//! the client, snippets, the route explainer, the inspector, parity and cost read these facts
//! here instead of matching on the route.

use super::RouteId;
pub use super::batch_api::{BatchApi, BedrockInvocation, VertexRecords};
use super::capabilities::Capabilities;
use super::count::TokenCounting;
use super::http::HttpRequest;
use super::place::PlaceKind;
use super::request::ChatRequest;
use super::retry_policy::RetryPolicy;
use super::sdk::Sdk;

/// Everything routeplay knows about one route that does not depend on the user's settings.
#[derive(Debug)]
pub struct RouteSpec {
    pub id: RouteId,
    /// The host root when nothing overrides it.
    pub host: Host,
    /// Environment variables that replace the host root, the first one set winning (the config
    /// file's key, where the route has one, wins over them).
    pub host_env: &'static [&'static str],
    /// The config file key that replaces the host root, over the variables.
    pub host_key: Option<HostKey>,
    /// How its requests prove who sends them.
    pub auth: AuthScheme,
    /// The SigV4 signing name, on the routes that sign their requests.
    pub signing_name: Option<&'static str>,
    /// The body and framing of the answer, which decide its decoder.
    pub wire: Wire,
    /// The body an error status comes with, read first (a proxy may answer in another).
    pub error_shape: ErrorShape,
    /// Which failures it retries and how it backs off, as its SDK does.
    pub retry: RetryPolicy,
    /// Builds the streaming request for a model at an endpoint.
    pub build: fn(&Endpoint<'_>, &str, &ChatRequest) -> HttpRequest,
    /// The forms its model ids take.
    pub model_ids: ModelIds,
    /// What it carries, maps or drops of a request.
    pub capabilities: Capabilities,
    /// What it carries for one model, where that depends on the model's family (Converse
    /// sends thinking and `top_k` in each family's own field, or not at all); `None`: the same
    /// for every model.
    pub capabilities_per_model: Option<fn(&str) -> Capabilities>,
    /// The official tools that send its request again, for snippets.
    pub sdk: Sdk,
    /// How `doctor` asks whether a model is there for the credential.
    pub model_lookup: ModelLookup,
    /// How it counts a request's input tokens before sending, where it can.
    pub token_counting: Option<TokenCounting>,
    /// How the route pane lists its models beyond the curated catalog, where the route has a
    /// listing of its own; `None`: the catalog (and, on Bedrock and Google, their platform's
    /// own check, `client/aws_check.rs` and `client/google_check.rs`).
    pub listing: Option<ModelListing>,
    /// The provider's batch service for this route's models, where it has one that routeplay
    /// drives (`compare --batch`); `None`: a batch run falls back to on-demand and says so.
    pub batch: Option<BatchApi>,
}

/// A route's own model listing, read by `client/listing_check.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelListing {
    /// OpenAI's `GET {base}/models` (`{"object":"list","data":[{"id","owned_by"}]}`), with the
    /// route's credential: OpenAI, a local server, Bedrock Mantle's OpenAI surface.
    OpenAiModels,
}

/// How to ask a route whether a model is there for the credential, without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelLookup {
    /// `GET {base}/v1/models/{id}` with `anthropic-version`.
    AnthropicModels,
    /// The Bedrock control plane's `GetFoundationModelAvailability`.
    BedrockAvailability,
    /// `GET {base}/v1beta/models/{id}`.
    GeminiModels,
    /// `GET {base}/v1beta1/publishers/{publisher}/models/{id}`; `confirmed` is false where no
    /// source confirms the lookup for that publisher, so a refusal is only a doubt.
    VertexPublisher { publisher: &'static str, confirmed: bool },
    /// `GET {base}/models/{id}`, OpenAI's retrieve-model; `confirmed` is false where the
    /// server's answer to it is not documented, so a refusal is only a doubt.
    OpenAiModels { confirmed: bool },
    /// `GET {base}/v1beta1/publishers/{publisher}/models/{model}` with the publisher read from a
    /// `publisher/model` id; unconfirmed for Model Garden's partner publishers, so a refusal
    /// is only a doubt.
    VertexPublisherOfId,
    /// No confirmed lookup; `why` says so.
    Unconfirmed { why: &'static str },
}

/// A config file key that moves a route's host (`[routes.*]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKey {
    AnthropicBaseUrl,
    BedrockMantleBaseUrl,
    BedrockRuntimeBaseUrl,
    GeminiBaseUrl,
    VertexBaseUrl,
    OpenAiBaseUrl,
    MantleOpenAiBaseUrl,
}

impl HostKey {
    /// The key as the config file has it: its table and name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            HostKey::AnthropicBaseUrl => "[routes.anthropic] base_url",
            HostKey::BedrockMantleBaseUrl => "[routes.bedrock] mantle_base_url",
            HostKey::BedrockRuntimeBaseUrl => "[routes.bedrock] runtime_base_url",
            HostKey::GeminiBaseUrl => "[routes.google] gemini_base_url",
            HostKey::VertexBaseUrl => "[routes.google] vertex_base_url",
            HostKey::OpenAiBaseUrl => "[routes.openai] base_url",
            HostKey::MantleOpenAiBaseUrl => "[routes.bedrock] openai_base_url",
        }
    }
}

/// The shape of a route's error bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// `{"type":"error","error":{"type","message"},"request_id"}`.
    Anthropic,
    /// `{"error":{"code","message","status","details"}}`, also wrapped in an array.
    Google,
    /// `{"message"}` with the code in `x-amzn-ErrorType` (or the body's `__type`).
    Aws,
    /// `{"error":{"message","type","param","code"}}`: OpenAI's, and most servers that speak
    /// its Chat Completions (vLLM, llama.cpp, Ollama).
    OpenAiCompatible,
}

impl ErrorShape {
    /// Every shape, in the order they are tried after the route's own.
    pub const ALL: [ErrorShape; 4] =
        [ErrorShape::OpenAiCompatible, ErrorShape::Anthropic, ErrorShape::Google, ErrorShape::Aws];

    /// The shape in a phrase: whose it is and where the error's code is.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ErrorShape::Anthropic => "Anthropic: error.type, error.message",
            ErrorShape::Google => "Google: error.status, error.message",
            ErrorShape::Aws => "AWS: x-amzn-ErrorType header, message",
            ErrorShape::OpenAiCompatible => "OpenAI: error.code (else error.type), error.message",
        }
    }

    /// This shape first, then the others.
    pub fn first_then_others(self) -> impl Iterator<Item = ErrorShape> {
        std::iter::once(self).chain(Self::ALL.into_iter().filter(move |shape| *shape != self))
    }
}

/// The forms a route's model ids take beyond the catalog's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelIds {
    /// As the catalog has them.
    Plain,
    /// Google resource names: a `models/` or `publishers/…/models/` prefix may wrap the id.
    GoogleResource,
    /// The Bedrock runtime: versioned foundation ids (`anthropic.…-v1:0`), which a geography
    /// inference profile (`us.`, `eu.`, …) or an ARN may wrap; some models only through a profile.
    BedrockRuntime,
    /// Mantle: unversioned `anthropic.…` ids, no inference profiles.
    BedrockMantle,
    /// Vertex Model Garden's `publisher/model` ids (`meta/llama-3.3-70b-instruct-maas`): a bare
    /// id names no publisher, and Vertex refuses it.
    PublisherModel,
}

impl ModelIds {
    /// Why `model` cannot be sent as it is, with the fix; `None` when its form is fine.
    #[must_use]
    pub fn problem(self, model: &str) -> Option<String> {
        let publisher_model = |model: &str| model.split_once('/').is_some_and(|(p, m)| !p.is_empty() && !m.is_empty());
        match self {
            ModelIds::PublisherModel if !publisher_model(model) => Some(format!(
                "model id `{model}` names no publisher: use publisher/model, e.g. meta/llama-3.3-70b-instruct-maas"
            )),
            _ => None,
        }
    }

    /// Whether these are Bedrock ids (an ARN or a geography prefix may wrap them).
    #[must_use]
    pub fn is_bedrock(self) -> bool {
        matches!(self, ModelIds::BedrockRuntime | ModelIds::BedrockMantle)
    }
}

/// How a wire's usage counts split the tokens, which decides how they are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageCounts {
    /// Anthropic Messages and Converse: cache reads and writes apart from the input count, and
    /// the output count already includes thinking.
    CacheApart,
    /// Gemini's `usageMetadata`: the prompt count includes cached tokens, and thoughts are
    /// counted apart from the output (and billed as output).
    PromptIncludesCache,
    /// Chat Completions' `usage`: `prompt_tokens` includes the cached tokens
    /// (`prompt_tokens_details.cached_tokens`) and `completion_tokens` includes the reasoning
    /// tokens (`completion_tokens_details.reasoning_tokens`, billed as output).
    PromptIncludesCacheOutputIncludesReasoning,
}

/// Where a route's host root comes from.
#[derive(Debug, Clone, Copy)]
pub enum Host {
    /// The built-in emulator, at the loopback port it was given.
    Emulator,
    /// One host for everyone.
    Fixed(&'static str),
    /// An AWS regional host, for a region.
    Region(fn(&str) -> String),
    /// A Vertex AI host, for a location (`global`, `us`, `eu` or a region).
    Location(fn(&str) -> String),
}

impl Host {
    /// The host root for `place` (a region or location), or `None` for the emulator (whose
    /// address is known only once it runs) and for a regional host without a region.
    #[must_use]
    pub fn root(self, place: Option<&str>) -> Option<String> {
        match self {
            Host::Emulator => None,
            Host::Fixed(host) => Some(host.to_owned()),
            Host::Region(host) => place.map(host),
            Host::Location(host) => Some(host(place.unwrap_or(super::google::DEFAULT_LOCATION))),
        }
    }
}

/// How a route's requests prove who sends them: which credential, in which header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// The built-in emulator's fixed, non-secret key in `x-api-key`.
    EmulatorKey,
    /// An Anthropic API key in `x-api-key` (or a token as `Authorization: Bearer`).
    AnthropicKey,
    /// AWS credentials signing with SigV4, or a Bedrock API key as `Authorization: Bearer`;
    /// either way the route needs an AWS region.
    Aws,
    /// A Gemini API key in `x-goog-api-key`.
    GoogleApiKey,
    /// An OAuth access token from Application Default Credentials, for Vertex AI, which also
    /// needs a project and a location.
    GoogleAdc,
    /// An OpenAI API key as `Authorization: Bearer`; none to a loopback server that was given
    /// none (a local model server).
    OpenAiKey,
}

impl AuthScheme {
    /// The header that carries the credential: its name, never a value.
    #[must_use]
    pub fn header(self) -> &'static str {
        match self {
            AuthScheme::EmulatorKey | AuthScheme::AnthropicKey => "x-api-key",
            AuthScheme::Aws => "Authorization (SigV4 or Bearer)",
            AuthScheme::GoogleApiKey => "x-goog-api-key",
            AuthScheme::GoogleAdc | AuthScheme::OpenAiKey => "Authorization: Bearer",
        }
    }
}

/// What the answer's body is: its framing and the events inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// SSE with Anthropic Messages events.
    AnthropicSse,
    /// SSE with Gemini `GenerateContentResponse` chunks.
    GeminiSse,
    /// AWS event-stream frames with base64 Anthropic events (InvokeModelWithResponseStream).
    InvokeEventStream,
    /// AWS event-stream frames with Converse events (ConverseStream).
    ConverseEventStream,
    /// SSE with OpenAI `chat.completion.chunk` events, ending with `data: [DONE]`.
    OpenAiChatSse,
}

impl Wire {
    /// Whether the answer comes as AWS event-stream frames rather than SSE text.
    #[must_use]
    pub fn is_event_stream(self) -> bool {
        matches!(self, Wire::InvokeEventStream | Wire::ConverseEventStream)
    }

    /// How its usage counts split the tokens.
    #[must_use]
    pub fn usage_counts(self) -> UsageCounts {
        match self {
            Wire::GeminiSse => UsageCounts::PromptIncludesCache,
            Wire::AnthropicSse | Wire::InvokeEventStream | Wire::ConverseEventStream => UsageCounts::CacheApart,
            Wire::OpenAiChatSse => UsageCounts::PromptIncludesCacheOutputIncludesReasoning,
        }
    }
}

/// Where one request goes beyond its model: the host root and what the route's URL or headers
/// take besides it.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint<'a> {
    pub base_url: &'a str,
    /// The `anthropic-version` header, on the routes that send it.
    pub version: &'a str,
    /// The Google Cloud project, on Vertex routes.
    pub project: &'a str,
    /// The Vertex location, on Vertex routes.
    pub location: &'a str,
}

impl RouteSpec {
    /// What moves the host root, weakest first: its variables, then its config file key.
    #[must_use]
    pub fn host_overrides(&self) -> String {
        let key = self.host_key.map(HostKey::name);
        let all: Vec<&str> = self.host_env.iter().copied().chain(key).collect();
        if all.is_empty() { "none".to_owned() } else { all.join(", ") }
    }

    /// The streaming request for `model` at `endpoint`.
    #[must_use]
    pub fn request(&self, endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
        (self.build)(endpoint, model, request)
    }

    /// What it carries for `model` ([`Self::capabilities_per_model`], else its capabilities).
    #[must_use]
    pub fn capabilities_for(&self, model: &str) -> Capabilities {
        self.capabilities_per_model.map_or(self.capabilities, |per_model| per_model(model))
    }

    /// The place its runs take, by how it authenticates: an AWS region and profile, a Vertex
    /// location and project, or none.
    #[must_use]
    pub fn place_kind(&self) -> PlaceKind {
        match self.auth {
            AuthScheme::Aws => PlaceKind::Aws,
            AuthScheme::GoogleAdc => PlaceKind::Vertex,
            AuthScheme::EmulatorKey | AuthScheme::AnthropicKey | AuthScheme::GoogleApiKey | AuthScheme::OpenAiKey => {
                PlaceKind::None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_s_error_shape_is_read_first_then_the_others_once_each() {
        let order: Vec<_> = ErrorShape::Google.first_then_others().collect();
        assert_eq!(order, [ErrorShape::Google, ErrorShape::OpenAiCompatible, ErrorShape::Anthropic, ErrorShape::Aws]);
        assert_eq!(ErrorShape::Anthropic.first_then_others().count(), 4);
    }

    #[test]
    fn only_publisher_model_ids_are_checked_for_a_publisher() {
        let bare = ModelIds::PublisherModel.problem("llama-3.3-70b-instruct-maas").expect("a bare id is refused");
        assert!(bare.contains("use publisher/model, e.g. meta/llama-3.3-70b-instruct-maas"), "{bare}");
        assert_eq!(ModelIds::PublisherModel.problem("meta/llama-3.3-70b-instruct-maas"), None);
        assert!(
            ModelIds::PublisherModel.problem("/llama").is_some() && ModelIds::PublisherModel.problem("meta/").is_some()
        );
        assert_eq!(ModelIds::Plain.problem("llama"), None);
        assert_eq!(ModelIds::BedrockRuntime.problem("openai.gpt-oss-120b-1:0"), None);
    }

    #[test]
    fn a_bearer_key_takes_no_place() {
        assert_eq!(AuthScheme::OpenAiKey.header(), "Authorization: Bearer");
        let keyed = RouteId::ALL.into_iter().filter(|route| route.spec().auth == AuthScheme::OpenAiKey);
        for route in keyed {
            assert_eq!(route.spec().place_kind(), PlaceKind::None, "{route}");
        }
    }

    #[test]
    fn every_route_names_its_host_overrides_and_a_config_key_where_it_has_one() {
        for route in RouteId::ALL {
            let spec = route.spec();
            assert_eq!(spec.id, route, "{route}'s spec is its own");
            let overrides = spec.host_overrides();
            if let Some(key) = spec.host_key {
                assert!(overrides.ends_with(key.name()), "{route}: {overrides}");
            }
        }
        assert_eq!(
            RouteId::BedrockMantle.spec().host_overrides(),
            "ANTHROPIC_BEDROCK_MANTLE_BASE_URL, [routes.bedrock] mantle_base_url"
        );
    }
}
