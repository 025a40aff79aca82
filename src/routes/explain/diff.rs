//! Two routes side by side for one model: the request each really sends for the same sample
//! prompt, built by routeplay's own request builders (so the diff cannot drift from the wire),
//! against each route's default host.

use super::card;
use crate::routes::http::HttpRequest;
use crate::routes::request::{ChatRequest, Params, Turn};
use crate::routes::spec::{Endpoint, Host};
use crate::routes::{RouteId, Target, anthropic, bedrock, google};
use serde_json::Value;
use std::fmt;

/// The emulator's address: its port is picked when the playground starts.
const EMULATOR_BASE: &str = "http://127.0.0.1:{port}";

/// Shown in Vertex paths when no project is chosen (it comes from the environment at run time).
const PROJECT_PLACEHOLDER: &str = "{project}";

/// The request both sides are built for: one user turn, a system prompt and a temperature, so
/// the diff shows where each route puts them. 0.5 is exact in binary, so the JSON shows `0.5`.
#[must_use]
pub fn sample_request() -> ChatRequest {
    ChatRequest {
        system: Some("Answer briefly.".into()),
        turns: vec![Turn::user("Hello")],
        params: Params { temperature: Some(0.5), ..Params::default() },
        thoughts: false,
    }
}

/// Where a route carries the model id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPlace {
    /// The body's `model` field.
    Body,
    /// The URL path (Bedrock's `/model/{id}/…`, Google's `…/models/{model}:…`).
    Path,
}

impl fmt::Display for ModelPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelPlace::Body => "the body's \"model\"",
            ModelPlace::Path => "the URL path",
        })
    }
}

/// One side of the diff: what a target's request looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub route: RouteId,
    pub model: String,
    /// Scheme and authority: `https://api.anthropic.com`.
    pub host: String,
    /// Path and query: `/v1/messages`.
    pub path: String,
    /// The header carrying the credential (its name, from the route's card).
    pub auth_header: &'static str,
    /// The other headers the route's builder sets, by name.
    pub headers: Vec<String>,
    pub model_place: ModelPlace,
    /// The body's top-level JSON fields, sorted.
    pub fields: Vec<String>,
    /// The body as compact JSON.
    pub body: String,
    pub framing: &'static str,
}

/// How two targets' requests differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteDiff {
    pub a: Side,
    pub b: Side,
    /// Top-level body fields only A sends, only B sends, and both send (each sorted).
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    pub both: Vec<String>,
}

/// One row of the two-column table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub label: &'static str,
    pub a: String,
    pub b: String,
}

impl DiffRow {
    #[must_use]
    pub fn differs(&self) -> bool {
        self.a != self.b
    }
}

impl RouteDiff {
    /// The table rows, A's value then B's: the two requests, then what each route carries,
    /// maps or drops of a request (from the routes' specs).
    #[must_use]
    pub fn rows(&self) -> Vec<DiffRow> {
        let (a, b) = (&self.a, &self.b);
        let (spec_a, spec_b) = (a.route.spec(), b.route.spec());
        let list = |fields: &[String]| if fields.is_empty() { "none".to_owned() } else { fields.join(", ") };
        let row = |label, a: String, b: String| DiffRow { label, a, b };
        let mut rows = vec![
            row("Host", a.host.clone(), b.host.clone()),
            row("Host moved by", spec_a.host_overrides(), spec_b.host_overrides()),
            row("Path", a.path.clone(), b.path.clone()),
            row("Auth header", a.auth_header.to_owned(), b.auth_header.to_owned()),
            row("Other headers", a.headers.join(", "), b.headers.join(", ")),
            row("Model id", a.model.clone(), b.model.clone()),
            row("Model goes in", a.model_place.to_string(), b.model_place.to_string()),
            row("Only in its body", list(&self.only_a), list(&self.only_b)),
            row("Stream framing", a.framing.to_owned(), b.framing.to_owned()),
            row("Error body", spec_a.error_shape.name().to_owned(), spec_b.error_shape.name().to_owned()),
        ];
        let caps_b = spec_b.capabilities.rows();
        rows.extend(spec_a.capabilities.rows().into_iter().zip(caps_b).map(|((label, a), (_, b))| row(label, a, b)));
        rows.push(row("Sample body", a.body.clone(), b.body.clone()));
        rows
    }
}

/// Build both targets' requests for [`sample_request`] and compare them. AWS routes use the
/// target's region (else `us-east-1`), Vertex routes its location (else `global`) and project.
#[must_use]
pub fn compare_routes(a: &Target, b: &Target) -> RouteDiff {
    let (a, b) = (side(a), side(b));
    let only = |this: &Side, that: &Side| this.fields.iter().filter(|f| !that.fields.contains(f)).cloned().collect();
    let both = a.fields.iter().filter(|f| b.fields.contains(f)).cloned().collect();
    RouteDiff { only_a: only(&a, &b), only_b: only(&b, &a), both, a, b }
}

fn side(target: &Target) -> Side {
    let http = request_for(target, &sample_request());
    let (host, path) = split_url(&http.url);
    let body: Value = serde_json::from_slice(&http.body).unwrap_or(Value::Null);
    let fields: Vec<String> = body.as_object().map(|fields| fields.keys().cloned().collect()).unwrap_or_default();
    let model_place = if body.get("model").is_some() { ModelPlace::Body } else { ModelPlace::Path };
    let card = card(target.route);
    Side {
        route: target.route,
        model: target.model.clone(),
        host: host.to_owned(),
        path: path.to_owned(),
        auth_header: card.auth_header(),
        headers: http.headers.iter().map(|(name, _)| name.clone()).collect(),
        model_place,
        fields,
        body: body.to_string(),
        framing: card.framing.as_str(),
    }
}

/// The request `target` sends, from the route's own builder and default host.
fn request_for(target: &Target, request: &ChatRequest) -> HttpRequest {
    let spec = target.route.spec();
    let place = target.place.site();
    let base_url = match spec.host {
        Host::Emulator => EMULATOR_BASE.to_owned(),
        Host::Region(host) => host(place.unwrap_or(bedrock::SHOWN_REGION)),
        host => host.root(place).unwrap_or_default(),
    };
    let endpoint = Endpoint {
        base_url: &base_url,
        version: anthropic::DEFAULT_VERSION,
        project: target.place.project().unwrap_or(PROJECT_PLACEHOLDER),
        location: place.unwrap_or(google::DEFAULT_LOCATION),
    };
    spec.request(&endpoint, &target.model, request)
}

/// `https://host/path?query` into `https://host` and `/path?query`.
fn split_url(url: &str) -> (&str, &str) {
    let authority = url.find("://").map_or(0, |i| i + 3);
    url[authority..].find('/').map_or((url, "/"), |slash| url.split_at(authority + slash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::Place;

    fn target(route: RouteId, model: &str) -> Target {
        Target::new(route, model)
    }

    #[test]
    fn vertex_claude_moves_the_model_to_the_path_and_adds_anthropic_version() {
        let diff = compare_routes(
            &target(RouteId::Anthropic, "claude-sonnet-4-5-20250929"),
            &target(RouteId::VertexClaude, "claude-sonnet-4-5@20250929"),
        );
        assert_eq!(diff.only_a, ["model"]);
        assert_eq!(diff.only_b, ["anthropic_version"]);
        assert_eq!(diff.both, ["max_tokens", "messages", "stream", "system", "temperature"]);
        assert_eq!((diff.a.model_place, diff.b.model_place), (ModelPlace::Body, ModelPlace::Path));
        assert_eq!((diff.a.host.as_str(), diff.a.path.as_str()), ("https://api.anthropic.com", "/v1/messages"));
        assert_eq!(diff.b.host, "https://aiplatform.googleapis.com");
        assert_eq!(
            diff.b.path,
            "/v1/projects/{project}/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict"
        );
        assert_eq!((diff.a.auth_header, diff.b.auth_header), ("x-api-key", "Authorization: Bearer"));
        assert!(diff.a.headers.contains(&"anthropic-version".to_owned()));
        assert!(!diff.b.headers.contains(&"anthropic-version".to_owned()), "Vertex takes the version in the body");
        assert_eq!(diff.a.framing, diff.b.framing, "both stream Anthropic SSE");
        assert!(diff.b.body.contains(r#""anthropic_version":"vertex-2023-10-16""#), "{}", diff.b.body);
        let rows = diff.rows();
        let framing = rows.iter().find(|row| row.label == "Stream framing").unwrap();
        assert!(!framing.differs());
        assert!(rows.iter().find(|row| row.label == "Host").unwrap().differs());
    }

    #[test]
    fn invoke_and_converse_share_a_host_but_not_a_body_shape_or_framing() {
        let model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        let diff = compare_routes(&target(RouteId::BedrockInvoke, model), &target(RouteId::BedrockConverse, model));
        assert_eq!(diff.a.host, "https://bedrock-runtime.us-east-1.amazonaws.com");
        assert_eq!(diff.a.host, diff.b.host);
        assert_eq!(diff.a.path, "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream");
        assert_eq!(diff.b.path, "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream");
        assert_eq!(diff.only_a, ["anthropic_version", "max_tokens", "temperature"]);
        assert_eq!(diff.only_b, ["inferenceConfig"]);
        assert_eq!(diff.both, ["messages", "system"]);
        assert_eq!((diff.a.model_place, diff.b.model_place), (ModelPlace::Path, ModelPlace::Path));
        assert_ne!(diff.a.framing, diff.b.framing);
        assert!(diff.b.body.contains(r#""inferenceConfig":{"maxTokens":1024,"temperature":0.5}"#), "{}", diff.b.body);
    }

    #[test]
    fn the_gemini_api_and_vertex_send_one_body_to_different_hosts_with_different_auth() {
        let mut vertex = target(RouteId::VertexGemini, "gemini-2.5-pro");
        vertex.place = Place::Vertex { location: Some("europe-west4".into()), project: Some("p1".into()) };
        let diff = compare_routes(&target(RouteId::GeminiApi, "gemini-2.5-pro"), &vertex);
        assert!(diff.only_a.is_empty() && diff.only_b.is_empty());
        assert_eq!(diff.both, ["contents", "generationConfig", "systemInstruction"]);
        assert_eq!(diff.a.body, diff.b.body);
        assert_eq!(diff.a.host, "https://generativelanguage.googleapis.com");
        assert_eq!(diff.a.path, "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assert_eq!(diff.b.host, "https://europe-west4-aiplatform.googleapis.com");
        assert!(diff.b.path.starts_with("/v1/projects/p1/locations/europe-west4/publishers/google/models/"));
        assert_eq!((diff.a.auth_header, diff.b.auth_header), ("x-goog-api-key", "Authorization: Bearer"));
        assert_eq!(diff.a.framing, diff.b.framing);
    }

    #[test]
    fn the_table_shows_what_each_route_carries_maps_or_drops_from_its_spec() {
        let model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        let diff = compare_routes(&target(RouteId::BedrockInvoke, model), &target(RouteId::BedrockConverse, model));
        let rows = diff.rows();
        let row = |label: &str| rows.iter().find(|row| row.label == label).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(
            (row("top_k").a.as_str(), row("top_k").b.as_str()),
            ("top_k", RouteId::BedrockConverse.spec().capabilities.top_k.to_string().as_str())
        );
        assert!(row("top_k").b.starts_with("as additionalModelRequestFields, per family"), "{:?}", row("top_k"));
        assert_eq!(row("Prompt caching").b, "as cachePoint blocks");
        assert!(row("Thinking").b.starts_with("as additionalModelRequestFields, per family (Claude thinking"));
        assert_eq!(row("Error body").a, row("Error body").b, "both answer errors in AWS's shape");
        assert!(row("Host moved by").a.ends_with("[routes.bedrock] runtime_base_url"), "{:?}", row("Host moved by"));
        assert!(!row("temperature").a.is_empty() && row("temperature").differs());
        assert_eq!(rows.last().map(|row| row.label), Some("Sample body"));
    }

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(split_url("https://h.example/a/b?c=d"), ("https://h.example", "/a/b?c=d"));
        assert_eq!(split_url("http://127.0.0.1:{port}/v1/messages"), ("http://127.0.0.1:{port}", "/v1/messages"));
        assert_eq!(split_url("https://h.example"), ("https://h.example", "/"));
    }
}
