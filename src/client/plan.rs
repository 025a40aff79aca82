//! Which request each route sends, and which decoder reads its answer.

use super::decode::{AnthropicSse, BodyDecoder, EventStream};
use super::setup::RouteSetup;
use crate::routes::http::HttpRequest;
use crate::routes::request::ChatRequest;
use crate::routes::{RouteId, Target, anthropic, bedrock};

/// The request for `target` and the decoder for its response body.
#[must_use]
pub fn plan(target: &Target, request: &ChatRequest, setup: &RouteSetup) -> (HttpRequest, Box<dyn BodyDecoder>) {
    let (base, model) = (setup.base_url.as_str(), target.model.as_str());
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
    }
}
