//! The OpenAI Chat Completions surfaces: the same wire on three platforms.
//!
//! | surface | paths | credentials | errors |
//! | --- | --- | --- | --- |
//! | `openai` | `POST /v1/chat/completions`, `GET /v1/models` | `Authorization: Bearer <the emulator's key>` (`routeplay-emulator`); else 401 `invalid_api_key` | OpenAI's `{"error":{"message","type","param","code"}}` |
//! | `bedrock-openai` (Mantle) | `POST /openai/v1/chat/completions`, `GET /openai/v1/models`; and `POST /v1/chat/completions` when it carries AWS credentials | SigV4 (signing name `bedrock-mantle`) or the Bedrock API key, refused as Mantle refuses (AWS's 403) | OpenAI's (Mantle's own shape for these is not confirmed) |
//! | `vertex-openai` | `POST /{v1,v1beta1}/projects/{p}/locations/{l}/endpoints/openapi/chat/completions` | the Google bearer tokens of the other Vertex surfaces; the location must be Vertex's | Google's `{"error":{"code","message","status"}}` |
//!
//! `GET /v1/models` is shared with the Anthropic surface: a request with `anthropic-version` or
//! `x-api-key` is Anthropic's; it takes the `openai` key only (Mantle's listing is
//! `/openai/v1/models`). Responses of `openai` carry `x-request-id`, Mantle's also
//! `x-amzn-RequestId`; Vertex's none, as Google documents none.
//!
//! # Models
//!
//! Any `emulator-…` id (`emulator-thinking` streams `delta.reasoning_content`, `emulator-tools`
//! `delta.tool_calls`), and the catalog's ids for the surface's route, answered like
//! `emulator-sonnet` (those the catalog marks as thinking, like `emulator-thinking`). Vertex
//! wants `publisher/model` (`google/emulator-sonnet`, `meta/llama-3.3-70b-instruct-maas`) and
//! refuses a bare id with 400 `INVALID_ARGUMENT`. `reasoning_effort` to a model that does not
//! reason is refused (400, `param: reasoning_effort`), as OpenAI refuses it.
//!
//! # Requests
//!
//! See [`chat`] and [`content`]: unknown arguments are refused on `openai` only ("Unrecognized
//! request argument supplied: X"); Mantle and Vertex ignore them. Every request is cached
//! implicitly, as OpenAI caches: a repeated prefix reports `prompt_tokens_details.cached_tokens`.
//! `service_tier` is echoed on every chunk (`auto` served as `default`; `openai` always names one).
//!
//! # Faults
//!
//! The shared names (model suffix `-fault-<name>` or `x-routeplay-fault`), plus four of this
//! wire ([`faults::EXTRAS`]):
//!
//! | name | `openai`, Mantle | Vertex |
//! | --- | --- | --- |
//! | `429`, `429-then-ok` | 429 `rate_limit_exceeded` (type `requests`), `retry-after` | 429 `RESOURCE_EXHAUSTED` |
//! | `529`, `529-then-ok`, `model-not-ready` | 503 `server_error` "The server is overloaded or not ready yet." | 503 `UNAVAILABLE` |
//! | `500` | 500 `server_error` | 500 `INTERNAL` |
//! | `error-mid-stream` | 3 deltas, then `data: {"error":…}`, no `[DONE]` | same, Google's error object |
//! | `model-stream-error` | 3 deltas, then `event: error` with `data: {"error":…}`, no `[DONE]` | same |
//! | `cut`, `stall`, `truncated` | as on every surface | same |
//! | `malformed` | 3 deltas, then a `data:` line of cut-short JSON, then the rest | same |
//! | `crc` | a `: ping` comment (SSE has no checksums) | same |
//! | `crlf` | every line ends in `\r\n` | same |
//! | `keep-alive` | a `: keep-alive` comment before every event | same |
//! | `no-done` | the finish (and usage) chunks, then the body ends without `data: [DONE]` | same |
//! | `no-finish` | 3 deltas, then the body ends cleanly: no `finish_reason`, no `[DONE]` | same |

mod auth;
mod bad;
mod chat;
mod completions;
mod content;
mod error;
mod faults;
mod models;
mod served;
mod shape;
mod stream;
mod surface;
mod whole;

pub use models::{retrieve_unless_anthropic, unless_anthropic};

use super::bedrock::auth::guard as bedrock_guard;
use super::google::auth::{Gate as GoogleGate, Surface as GoogleSurface, guard as google_guard};
use super::ids;
use super::state::EmulatorState;
use super::tag;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::sync::Arc;

/// Vertex's Chat Completions path, under `/v1` and `/v1beta1` as Google documents both.
fn vertex_path(version: &str) -> String {
    format!("/{version}/projects/{{project}}/locations/{{location}}/endpoints/openapi/chat/completions")
}

/// The routes of these surfaces (`GET /v1/models` is on the Anthropic surface's route).
pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let v1 = Router::new()
        .route("/v1/chat/completions", post(completions::v1))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), auth::openai_or_mantle));
    let mantle = Router::new()
        .route("/openai/v1/chat/completions", post(completions::mantle))
        .route("/openai/v1/models", get(models::mantle))
        .route("/openai/v1/models/{id}", get(models::mantle_retrieve))
        .route_layer(middleware::from_fn_with_state(auth::mantle_gate(state), bedrock_guard));
    let google_gate = GoogleGate { state: Arc::clone(state), surface: GoogleSurface::Vertex };
    let vertex = Router::new()
        .route(&vertex_path("v1"), post(completions::vertex))
        .route(&vertex_path("v1beta1"), post(completions::vertex))
        .route_layer(middleware::from_fn_with_state(google_gate, google_guard))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), vertex_tag));
    v1.merge(mantle).route_layer(middleware::from_fn_with_state(Arc::clone(state), openai_tag)).merge(vertex)
}

/// Give the request its `req_…` id, in `x-request-id` (and `x-amzn-RequestId` for Mantle's).
async fn openai_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    let aws = request.uri().path().starts_with("/openai/") || auth::carries_aws(request.headers(), &state);
    let headers: &[&'static str] = if aws { &["x-request-id", "x-amzn-requestid"] } else { &["x-request-id"] };
    tag::stamp(&state, ids::request_id, headers, request, next).await
}

/// Vertex's requests get an id for the response, and no header (Google documents none).
async fn vertex_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::request_id, &[], request, next).await
}
