//! One file per route: where it lives, how the body looks, which framing it streams in and
//! how its frames decode. Everything here is pure; `client/` does the I/O.

pub mod anthropic;
pub mod attachment;
pub mod attachment_limits;
pub mod batch_api;
pub mod bedrock;
pub mod capabilities;
pub mod capture;
pub mod controls;
pub mod count;
pub mod error;
pub mod event;
pub mod explain;
pub mod framing;
pub mod google;
pub mod google_error;
pub mod http;
pub mod openai;
pub mod place;
pub mod request;
pub mod request_metadata;
pub mod retry_policy;
pub mod sdk;
pub mod spec;
pub mod wire;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use place::{Place, PlaceKind, Places};

/// A way to reach a model: platform, API surface and auth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteId {
    /// The built-in emulator, started in-process: Anthropic Messages wire on loopback.
    Emulator,
    /// The Anthropic API with an API key.
    Anthropic,
    /// Bedrock's Mantle endpoint: Anthropic Messages over SSE, SigV4 `bedrock-mantle`.
    BedrockMantle,
    /// Bedrock InvokeModelWithResponseStream: the Anthropic body, event-stream frames.
    BedrockInvoke,
    /// Bedrock ConverseStream: one body for every model family, event-stream frames.
    BedrockConverse,
    /// The Gemini Developer API with an API key: `streamGenerateContent` over SSE.
    GeminiApi,
    /// Gemini on Vertex AI: the same wire, OAuth from Application Default Credentials.
    VertexGemini,
    /// Claude on Vertex AI: `streamRawPredict`, the Anthropic wire, OAuth from ADC.
    VertexClaude,
    /// OpenAI's Chat Completions API, or any server that speaks it (llama.cpp, vLLM, Ollama).
    #[serde(rename = "openai")]
    OpenAi,
    /// Bedrock Mantle's OpenAI-compatible Chat Completions, SigV4 `bedrock-mantle`.
    #[serde(rename = "bedrock-openai")]
    BedrockOpenAi,
    /// Vertex AI's OpenAI-compatible endpoint (`endpoints/openapi`), OAuth from ADC.
    #[serde(rename = "vertex-openai")]
    VertexOpenAi,
}

impl RouteId {
    /// Every route, in the order the UI lists them.
    pub const ALL: [RouteId; 11] = [
        RouteId::Emulator,
        RouteId::Anthropic,
        RouteId::BedrockMantle,
        RouteId::BedrockInvoke,
        RouteId::BedrockConverse,
        RouteId::GeminiApi,
        RouteId::VertexGemini,
        RouteId::VertexClaude,
        RouteId::OpenAi,
        RouteId::BedrockOpenAi,
        RouteId::VertexOpenAi,
    ];

    /// The name used on the command line, in config files and on screen.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RouteId::Emulator => "emulator",
            RouteId::Anthropic => "anthropic",
            RouteId::BedrockMantle => "bedrock-mantle",
            RouteId::BedrockInvoke => "bedrock-invoke",
            RouteId::BedrockConverse => "bedrock-converse",
            RouteId::GeminiApi => "gemini-api",
            RouteId::VertexGemini => "vertex-gemini",
            RouteId::VertexClaude => "vertex-claude",
            RouteId::OpenAi => "openai",
            RouteId::BedrockOpenAi => "bedrock-openai",
            RouteId::VertexOpenAi => "vertex-openai",
        }
    }

    /// The route's spec: its host, signing, request and wire.
    #[must_use]
    pub fn spec(self) -> &'static spec::RouteSpec {
        match self {
            RouteId::Emulator => &anthropic::EMULATOR,
            RouteId::Anthropic => &anthropic::ANTHROPIC,
            RouteId::BedrockMantle => &bedrock::MANTLE,
            RouteId::BedrockInvoke => &bedrock::INVOKE,
            RouteId::BedrockConverse => &bedrock::CONVERSE,
            RouteId::GeminiApi => &google::GEMINI_API,
            RouteId::VertexGemini => &google::VERTEX_GEMINI,
            RouteId::VertexClaude => &google::VERTEX_CLAUDE,
            RouteId::OpenAi => &openai::OPENAI,
            RouteId::BedrockOpenAi => &openai::BEDROCK_OPENAI,
            RouteId::VertexOpenAi => &openai::VERTEX_OPENAI,
        }
    }

    /// Whether the route reaches AWS (and so needs AWS credentials and a region).
    #[must_use]
    pub fn is_aws(self) -> bool {
        self.spec().auth == spec::AuthScheme::Aws
    }

    /// Whether the route reaches Vertex AI (and so needs ADC, a project and a location).
    #[must_use]
    pub fn is_vertex(self) -> bool {
        self.spec().auth == spec::AuthScheme::GoogleAdc
    }

    /// Whether the route reaches Google (the Gemini API or Vertex AI).
    #[must_use]
    pub fn is_google(self) -> bool {
        matches!(self.spec().auth, spec::AuthScheme::GoogleApiKey | spec::AuthScheme::GoogleAdc)
    }
}

impl fmt::Display for RouteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RouteId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RouteId::ALL.into_iter().find(|route| route.name() == s).ok_or_else(|| {
            let names: Vec<_> = RouteId::ALL.iter().map(|r| r.name()).collect();
            format!("unknown route {s:?}; known routes: {}", names.join(", "))
        })
    }
}

/// Where one run goes: a route, a model id on it, and the place of the route's kind (the AWS
/// region and profile, or the Vertex location and project).
///
/// Serialised flat, `{route, model, region?, profile?, location?, project?}`; a Vertex target
/// written before places were typed has its location under `region`, and still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FlatTarget", from = "FlatTarget")]
pub struct Target {
    pub route: RouteId,
    pub model: String,
    pub place: Place,
}

impl Target {
    /// `model` on `route`, with its place left to the config file and the environment.
    #[must_use]
    pub fn new(route: RouteId, model: impl Into<String>) -> Self {
        Self { route, model: model.into(), place: Place::empty(route.spec().place_kind()) }
    }

    /// `route[@site]:model`, the form `routeplay compare --target` and saved compare sets
    /// use: the AWS region or Vertex location rides on the route, since model ids may hold `:`
    /// and `@` themselves.
    #[must_use]
    pub fn spec(&self) -> String {
        match self.place.site() {
            Some(site) => format!("{}@{site}:{}", self.route, self.model),
            None => format!("{}:{}", self.route, self.model),
        }
    }
}

/// How a [`Target`] is written: its place spread over optional fields.
#[derive(Serialize, Deserialize)]
struct FlatTarget {
    route: RouteId,
    model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project: Option<String>,
}

impl From<Target> for FlatTarget {
    fn from(target: Target) -> Self {
        let Places { region, profile, location, project } = target.place.into_parts();
        Self { route: target.route, model: target.model, region, profile, location, project }
    }
}

impl From<FlatTarget> for Target {
    fn from(flat: FlatTarget) -> Self {
        let parts =
            Places { region: flat.region, profile: flat.profile, location: flat.location, project: flat.project };
        Self { place: Place::from_written(flat.route.name(), parts), route: flat.route, model: flat.model }
    }
}

#[cfg(test)]
mod target_tests {
    use super::*;

    #[test]
    fn targets_written_before_typed_places_still_load() {
        let old = r#"{"route":"vertex-claude","model":"c","region":"us-east5","profile":null,"project":"p1"}"#;
        let target: Target = serde_json::from_str(old).unwrap();
        assert_eq!(target.place, Place::Vertex { location: Some("us-east5".into()), project: Some("p1".into()) });
        let old = r#"{"route":"bedrock-invoke","model":"m","region":"eu-west-1","profile":"dev","project":null}"#;
        let target: Target = serde_json::from_str(old).unwrap();
        assert_eq!(target.place, Place::Aws { region: Some("eu-west-1".into()), profile: Some("dev".into()) });
    }

    #[test]
    fn a_target_round_trips_with_its_place_named() {
        let target = Target {
            place: Place::Vertex { location: Some("eu".into()), project: Some("p".into()) },
            ..Target::new(RouteId::VertexGemini, "g")
        };
        let text = serde_json::to_string(&target).unwrap();
        assert_eq!(text, r#"{"route":"vertex-gemini","model":"g","location":"eu","project":"p"}"#);
        assert_eq!(serde_json::from_str::<Target>(&text).unwrap(), target);
        assert_eq!(target.spec(), "vertex-gemini@eu:g");
    }
}
