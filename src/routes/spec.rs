//! A route as one value: where it lives, what moves it, how it signs, the request it sends and
//! the framing its answer streams in. Each route declares its spec in its own file
//! (`anthropic.rs`, `bedrock.rs`, `google.rs`); the client, snippets, the route explainer and
//! the inspector read these facts here instead of matching on the route.

use super::RouteId;
use super::http::HttpRequest;
use super::place::PlaceKind;
use super::request::ChatRequest;
use super::retry_policy::RetryPolicy;

/// Everything routeplay knows about one route that does not depend on the user's settings.
#[derive(Debug)]
pub struct RouteSpec {
    pub id: RouteId,
    /// The host root when nothing overrides it.
    pub host: Host,
    /// Environment variables that replace the host root, the first one set winning (the config
    /// file's key, where the route has one, wins over them).
    pub host_env: &'static [&'static str],
    /// How its requests prove who sends them.
    pub auth: AuthScheme,
    /// The SigV4 signing name, on the routes that sign their requests.
    pub signing_name: Option<&'static str>,
    /// The body and framing of the answer, which decide its decoder.
    pub wire: Wire,
    /// Which failures it retries and how it backs off, as its SDK does.
    pub retry: RetryPolicy,
    /// Builds the streaming request for a model at an endpoint.
    pub build: fn(&Endpoint<'_>, &str, &ChatRequest) -> HttpRequest,
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
}

impl AuthScheme {
    /// The header that carries the credential: its name, never a value.
    #[must_use]
    pub fn header(self) -> &'static str {
        match self {
            AuthScheme::EmulatorKey | AuthScheme::AnthropicKey => "x-api-key",
            AuthScheme::Aws => "Authorization (SigV4 or Bearer)",
            AuthScheme::GoogleApiKey => "x-goog-api-key",
            AuthScheme::GoogleAdc => "Authorization: Bearer",
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
}

impl Wire {
    /// Whether the answer comes as AWS event-stream frames rather than SSE text.
    #[must_use]
    pub fn is_event_stream(self) -> bool {
        matches!(self, Wire::InvokeEventStream | Wire::ConverseEventStream)
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
    /// The streaming request for `model` at `endpoint`.
    #[must_use]
    pub fn request(&self, endpoint: &Endpoint<'_>, model: &str, request: &ChatRequest) -> HttpRequest {
        (self.build)(endpoint, model, request)
    }

    /// The place its runs take, by how it authenticates: an AWS region and profile, a Vertex
    /// location and project, or none.
    #[must_use]
    pub fn place_kind(&self) -> PlaceKind {
        match self.auth {
            AuthScheme::Aws => PlaceKind::Aws,
            AuthScheme::GoogleAdc => PlaceKind::Vertex,
            AuthScheme::EmulatorKey | AuthScheme::AnthropicKey | AuthScheme::GoogleApiKey => PlaceKind::None,
        }
    }
}
