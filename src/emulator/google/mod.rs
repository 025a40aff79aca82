//! The Google surfaces. One emulator serves every host, so they are told apart by path:
//!
//! | surface | paths | credentials |
//! | --- | --- | --- |
//! | Gemini Developer API | `POST /v1beta/models/{model}:streamGenerateContent` (`?alt=sse`: SSE; else a JSON array), `…:generateContent`, `…:countTokens`, `GET /v1beta/models`, `GET /v1beta/models/{model}` | API key (`x-goog-api-key` or `?key=`), or a bearer token as on Vertex |
//! | Vertex Gemini | `POST /{v1,v1beta1}/projects/{p}/locations/{l}/publishers/google/models/{model}:streamGenerateContent`, `:generateContent` and `:countTokens`; `GET /v1beta1/publishers/{google,anthropic}/models[/{model}]` | bearer token |
//! | Vertex Claude | `POST /{v1,v1beta1}/projects/{p}/locations/{l}/publishers/anthropic/models/{model}@{version}:streamRawPredict` and `:rawPredict`; `…/models/count-tokens:rawPredict` | bearer token |
//! | Google OAuth | `POST /token` (`refresh_token` and `jwt-bearer` grants, form or JSON), `GET /tokeninfo?access_token=` or a `POST` form | the grant itself |
//! | Metadata server | `GET /`, `/computeMetadata/v1/`, `…/instance/service-accounts/{default,EMAIL}/{,token,email,scopes}`, `…/project/project-id`, `…/project/numeric-project-id`, `…/universe/universe-domain` | `Metadata-Flavor: Google` |
//!
//! Bearer tokens are access tokens issued here (by `/token` or the metadata server) and not
//! expired, or RS256 JWTs self-signed by a service account trusted with
//! [`GoogleDemo::trust_service_account`] (scope cloud-platform, or `aud` naming the service).
//! The Gemini API takes them too, as the real API takes OAuth. Vertex refuses API keys (401).
//! Any project is accepted and echoed in errors; the location must be a Vertex region,
//! `global`, `us` or `eu`.
//!
//! # Models
//!
//! Gemini: `gemini-2.5-pro` (always thinks), `gemini-2.5-flash` (thinks unless
//! `thinkingBudget` is 0), `gemini-2.5-flash-lite` (thinks with a budget), `gemini-2.0-flash`
//! (never), each also with a `-001` version, and any `emulator-…` id; the listed embedding
//! model cannot generate. Thought summaries are streamed as `"thought": true` parts only with
//! `includeThoughts`; hidden thoughts still count (`thoughtsTokenCount`) and take their time
//! before the first chunk. Claude: the `@`-versioned ids of [`catalog::CLAUDE_MODELS`] and any
//! `emulator-…@version`; `"thinking": {"type": "enabled"}` makes Claude think.
//!
//! # Request controls (Gemini)
//!
//! | field | accepted | refused |
//! | --- | --- | --- |
//! | `generationConfig.topK` | a whole number | another value: `Invalid value at 'generation_config.top_k' (TYPE_INT32)` |
//! | `thinkingConfig.thinkingBudget` | as the model allows (above) | 0 on `gemini-2.5-pro` |
//! | `thinkingConfig.thinkingLevel` | `minimal`, `low`, `medium`, `high` (any case) on `emulator-…` ids, which then think | on the listed Gemini 2.x models (only Gemini 3 takes it); with `thinkingBudget` ("You can only set only one of thinking budget and thinking level.") |
//! | `inlineData` parts | images (PNG, JPEG, WebP, HEIC, HEIF), PDF, text, common audio and video, base64 | another MIME type (GIF too): Gemini API `Unsupported MIME type: …`, Vertex "Unable to submit request because it has a mimeType parameter with value …"; data that is not base64 |
//! | `serviceTier` | `standard`, `priority`, `flex`, `unspecified` | another value, as an unknown enum value |
//! | `labels` | Vertex, by Google Cloud's label rules (the message naming a bad key is routeplay's) | the Gemini API: `Unknown name "labels": Cannot find field.` |
//!
//! Every Gemini request caches implicitly: a repeated prefix reports its cached tokens in
//! `cachedContentTokenCount`. `usageMetadata.trafficType` echoes the tier: on Vertex always
//! (`ON_DEMAND` unless `priority` or `flex` was asked: `ON_DEMAND_PRIORITY`, `ON_DEMAND_FLEX`),
//! on the Gemini API only when a tier was asked (not confirmed that the API echoes it).
//!
//! # Request ids
//!
//! Google documents no request-id header, so the Gemini surfaces put a 22-character id in
//! `responseId` (the same on every chunk) and send no header. Vertex Claude sends Anthropic's
//! style, `request-id: req_vrtx_…` (also in its Anthropic error bodies), and `msg_vrtx_…`
//! message ids.
//!
//! # Faults
//!
//! The shared names (model suffix `-fault-<name>`, after any `@version`, or
//! `x-routeplay-fault`), plus five Google-only ones, in Google's shapes:
//!
//! | name | Gemini API | Vertex Gemini | Vertex Claude |
//! | --- | --- | --- | --- |
//! | `429`, `429-then-ok` | 429 `RESOURCE_EXHAUSTED` "Resource has been exhausted (e.g. check quota).", `RetryInfo` | 429 quota message, `ErrorInfo` `RATE_LIMIT_EXCEEDED` | 429 "Quota exceeded for `aiplatform.googleapis.com/online_prediction_requests_per_base_model` …", no details |
//! | `429-array` | the 429 body as `[{"error":…}]` | same | same |
//! | `429-retry-long` | the 429, `RetryInfo` `retryDelay: "90s"` | the 429 (no `RetryInfo`) | same |
//! | `529`, `529-then-ok`, `model-not-ready` | 503 `UNAVAILABLE` | 503 `UNAVAILABLE` | 503 `UNAVAILABLE` |
//! | `500` | 500 `INTERNAL` | 500 `INTERNAL` | 500 `INTERNAL` |
//! | `404` | 404 `models/… is not found for API version v1beta…` | 404 "Publisher Model `projects/…/publishers/google/models/…` not found." | same, `publishers/anthropic` |
//! | `403` | 403 `PERMISSION_DENIED`, `SERVICE_DISABLED` with `activationUrl` | 403 `IAM_PERMISSION_DENIED` "Permission 'aiplatform.endpoints.predict' denied on resource …" | same |
//! | `error-mid-stream`, `model-stream-error` | after 3 chunks a bare multi-line JSON error (503 `UNAVAILABLE`), no `data:` | same | Anthropic `event: error` |
//! | `cut`, `stall`, `truncated` | after 3 chunks, as everywhere | same | as the Anthropic surface |
//! | `malformed` | after 3 chunks a `data:` line of cut-short JSON, then the rest | same | as the Anthropic surface |
//! | `crc` | nothing (no checksums) | same | an extra `ping` |
//! | `crlf` | every line of the stream ends in `\r\n` | same | same |
//!
//! Stream faults only apply to streaming calls. Without `alt=sse` the chunks are a JSON array
//! and a mid-stream error is its last element.

pub(crate) mod auth;
mod catalog;
pub(crate) mod claude;
mod count;
pub(crate) mod crlf;
mod demo;
pub(crate) mod error;
mod faults;
mod form;
pub(crate) mod generate;
mod issued;
mod jwt;
mod keys;
mod metadata;
mod models;
mod oauth;
mod page;
mod parts;
pub(crate) mod place;
pub(crate) mod refuse;
mod request;
mod shape;
mod stream;
mod thinking;
mod tier;

pub use demo::{
    GOOGLE_DEMO_API_KEY, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_METADATA_ACCOUNT,
    GOOGLE_DEMO_PROJECT, GOOGLE_DEMO_REFRESH_TOKEN, GOOGLE_DEMO_USER, GoogleDemo, GoogleUser,
    google_demo_authorized_user,
};
pub(crate) use issued::IssuedTokens;

use super::ids;
use super::state::EmulatorState;
use super::tag;
use auth::{Gate, Surface};
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::sync::Arc;

/// The Vertex model path under `/v1` or `/v1beta1`, for one publisher.
fn vertex_path(version: &str, publisher: &str) -> String {
    format!("/{version}/projects/{{project}}/locations/{{location}}/publishers/{publisher}/models/{{model}}")
}

/// Vertex Claude's counting path: a fixed model segment, the model in the body.
fn claude_count_path(version: &str) -> String {
    vertex_path(version, "anthropic").replace("{model}", "count-tokens:rawPredict")
}

/// The routes of these surfaces.
pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let gate = |surface| middleware::from_fn_with_state(Gate { state: Arc::clone(state), surface }, auth::guard);
    let gemini_api = Router::new()
        .route("/v1beta/models", get(models::gemini_list))
        .route("/v1beta/models/{model}", get(models::gemini_get).post(generate::gemini_api))
        .route_layer(gate(Surface::GeminiApi));
    let vertex_gemini = Router::new()
        .route(&vertex_path("v1", "google"), post(generate::vertex))
        .route(&vertex_path("v1beta1", "google"), post(generate::vertex))
        .route("/v1beta1/publishers/{publisher}/models", get(models::publisher_list))
        .route("/v1beta1/publishers/{publisher}/models/{model}", get(models::publisher_get))
        .route_layer(gate(Surface::Vertex));
    let vertex_claude = Router::new()
        .route(&vertex_path("v1", "anthropic"), post(claude::predict))
        .route(&vertex_path("v1beta1", "anthropic"), post(claude::predict))
        .route(&claude_count_path("v1"), post(count::claude))
        .route(&claude_count_path("v1beta1"), post(count::claude))
        .route_layer(gate(Surface::Vertex))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), claude_tag));
    let oauth = Router::new()
        .route("/token", post(oauth::token))
        .route("/tokeninfo", get(oauth::tokeninfo).post(oauth::tokeninfo));
    gemini_api
        .merge(vertex_gemini)
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), gemini_tag))
        .merge(vertex_claude)
        .merge(oauth)
        .merge(metadata::routes())
}

/// Give the request its `responseId`; no header.
async fn gemini_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::google_response_id, &[], request, next).await
}

/// Vertex Claude's `req_vrtx_…` id, in `request-id`.
async fn claude_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::vertex_request_id, &["request-id"], request, next).await
}
