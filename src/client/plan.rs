//! Which request each route sends, and which decoder reads its answer.

use super::decode::{AnthropicSse, BodyDecoder, EventStream, GeminiSse, OpenAiChatSse};
use super::setup::RouteSetup;
use crate::models::Catalog;
use crate::routes::http::HttpRequest;
use crate::routes::request::ChatRequest;
use crate::routes::spec::{Endpoint, Wire};
use crate::routes::{Target, google};
use std::borrow::Cow;

/// The request for `target` and the decoder for its response body. The route's extra headers
/// (`x-goog-user-project`) go into the request, so a signature covers them.
#[must_use]
pub fn plan(target: &Target, request: &ChatRequest, setup: &RouteSetup) -> (HttpRequest, Box<dyn BodyDecoder>) {
    let request = for_model(target, request);
    let (mut http, decoder) = route_plan(target, &request, setup);
    http.headers.extend(setup.extra_headers.iter().cloned());
    (http, decoder)
}

/// `request` as this target's model takes it: a summary of its thoughts is asked only of a
/// model the catalog says thinks, since one that does not refuses the question.
pub(super) fn for_model<'a>(target: &Target, request: &'a ChatRequest) -> Cow<'a, ChatRequest> {
    let thoughts = Catalog::shared().thinks(target.route, &target.model);
    if thoughts == request.thoughts {
        Cow::Borrowed(request)
    } else {
        Cow::Owned(ChatRequest { thoughts, ..request.clone() })
    }
}

/// Where `setup` sends: its base URL, version header and Vertex place.
pub(super) fn endpoint(setup: &RouteSetup) -> Endpoint<'_> {
    Endpoint {
        base_url: &setup.base_url,
        version: &setup.version,
        project: setup.place.project().unwrap_or_default(),
        location: setup.place.location().unwrap_or(google::DEFAULT_LOCATION),
    }
}

/// The spec's request, and the decoder for the spec's wire.
fn route_plan(target: &Target, request: &ChatRequest, setup: &RouteSetup) -> (HttpRequest, Box<dyn BodyDecoder>) {
    let spec = target.route.spec();
    let endpoint = endpoint(setup);
    let decoder: Box<dyn BodyDecoder> = match spec.wire {
        Wire::AnthropicSse => Box::new(AnthropicSse::default()),
        Wire::GeminiSse => Box::new(GeminiSse::default()),
        Wire::InvokeEventStream => Box::new(EventStream::invoke()),
        Wire::ConverseEventStream => Box::new(EventStream::converse()),
        Wire::OpenAiChatSse => Box::new(OpenAiChatSse::default()),
    };
    (spec.request(&endpoint, &target.model, request), decoder)
}
