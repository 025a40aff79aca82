//! One file per route: where it lives, how the body looks, which framing it streams in and
//! how its frames decode. Everything here is pure; `client/` does the I/O.

pub mod anthropic;
pub mod bedrock;
pub mod capabilities;
pub mod capture;
pub mod error;
pub mod event;
pub mod explain;
pub mod framing;
pub mod google;
pub mod google_error;
pub mod http;
pub mod request;
pub mod retry_policy;
pub mod sdk;
pub mod spec;
pub mod wire;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

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
}

impl RouteId {
    /// Every route, in the order the UI lists them.
    pub const ALL: [RouteId; 8] = [
        RouteId::Emulator,
        RouteId::Anthropic,
        RouteId::BedrockMantle,
        RouteId::BedrockInvoke,
        RouteId::BedrockConverse,
        RouteId::GeminiApi,
        RouteId::VertexGemini,
        RouteId::VertexClaude,
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

/// Where one run goes: a route, a model id on it, for AWS routes the region and profile, for
/// Vertex routes the location (in `region`) and project (`None`: from the config file and the
/// environment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub route: RouteId,
    pub model: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
}

impl Target {
    /// `model` on `route`, with the region and profile from the environment.
    #[must_use]
    pub fn new(route: RouteId, model: impl Into<String>) -> Self {
        Self { route, model: model.into(), region: None, profile: None, project: None }
    }

    /// `route[@region]:model`, the form `routeplay compare --target` and saved compare sets
    /// use: the region (or Vertex location) rides on the route, since model ids may hold `:`
    /// and `@` themselves.
    #[must_use]
    pub fn spec(&self) -> String {
        match &self.region {
            Some(region) => format!("{}@{region}:{}", self.route, self.model),
            None => format!("{}:{}", self.route, self.model),
        }
    }
}
