//! Which request each route sends, and which decoder reads its answer.

use super::decode::{AnthropicSse, BodyDecoder, EventStream, GeminiSse};
use super::setup::RouteSetup;
use crate::routes::google::{self, VertexPlace};
use crate::routes::http::HttpRequest;
use crate::routes::request::ChatRequest;
use crate::routes::{RouteId, Target, anthropic, bedrock};

/// The request for `target` and the decoder for its response body. The route's extra headers
/// (`x-goog-user-project`) go into the request, so a signature covers them.
#[must_use]
pub fn plan(target: &Target, request: &ChatRequest, setup: &RouteSetup) -> (HttpRequest, Box<dyn BodyDecoder>) {
    let (mut http, decoder) = route_plan(target, request, setup);
    http.headers.extend(setup.extra_headers.iter().cloned());
    (http, decoder)
}

fn route_plan(target: &Target, request: &ChatRequest, setup: &RouteSetup) -> (HttpRequest, Box<dyn BodyDecoder>) {
    let (base, model) = (setup.base_url.as_str(), target.model.as_str());
    let place = VertexPlace {
        base_url: base,
        project: setup.project.as_deref().unwrap_or_default(),
        location: setup.region.as_deref().unwrap_or(google::DEFAULT_LOCATION),
    };
    match target.route {
        RouteId::Emulator | RouteId::Anthropic => {
            (anthropic::messages_request(base, &setup.version, model, request), Box::new(AnthropicSse::default()))
        }
        RouteId::BedrockMantle => {
            (bedrock::mantle_request(base, &setup.version, model, request), Box::new(AnthropicSse::default()))
        }
        RouteId::BedrockInvoke => (bedrock::invoke_request(base, model, request), Box::new(EventStream::invoke())),
        RouteId::BedrockConverse => {
            (bedrock::converse_request(base, model, request), Box::new(EventStream::converse()))
        }
        RouteId::GeminiApi => (google::gemini_api_request(base, model, request), Box::new(GeminiSse::default())),
        RouteId::VertexGemini => {
            (google::vertex_gemini_request(&place, model, request), Box::new(GeminiSse::default()))
        }
        RouteId::VertexClaude => {
            (google::vertex_claude_request(&place, model, request), Box::new(AnthropicSse::default()))
        }
    }
}
