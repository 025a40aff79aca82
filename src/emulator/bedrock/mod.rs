//! The AWS surfaces. One emulator serves every host, so they are told apart by path:
//!
//! | surface | signing name | paths |
//! | --- | --- | --- |
//! | Bedrock runtime | `bedrock` | `POST /model/{modelId}/invoke`, `/invoke-with-response-stream`, `/converse`, `/converse-stream`, `/count-tokens` |
//! | Mantle | `bedrock-mantle` | `POST /anthropic/v1/messages`, `/anthropic/v1/messages/count_tokens` |
//! | Bedrock control plane | `bedrock` | `GET /foundation-models`, `GET /inference-profiles`, `GET /provisioned-model-throughputs`, `GET /foundation-model-availability/{modelId}` |
//! | STS | `sts` | `POST /` (`Action=GetCallerIdentity`) |
//!
//! Every response carries `x-amzn-RequestId` (Mantle also `request-id`).
//!
//! # Credentials
//!
//! SigV4 with [`AwsDemo`]'s key is verified by re-signing the request as received
//! ([`sigv4`]); a signature for another signing name, another region than its scope, another
//! secret or a changed request is a 403 (`InvalidSignatureException`), an unknown key id
//! `UnrecognizedClientException`, no `Authorization` `MissingAuthenticationTokenException`.
//! The runtime and Mantle also take `Authorization: Bearer <Bedrock API key>`; the control
//! plane and STS refuse it (403 `AccessDeniedException`).
//!
//! # Models
//!
//! The `modelId` path segment arrives percent-encoded (`…-v1%3A0`, ARNs with `%2F`) and is
//! decoded; see [`catalog`] for how it maps onto an emulator model and its fault suffix. Other
//! ids are a 404 `ResourceNotFoundException`; the base id of the profile-only model a 400
//! `ValidationException` asking for an inference profile.
//!
//! # Faults
//!
//! The same names as every surface (model suffix `-fault-<name>` or `x-routeplay-fault`), in
//! Bedrock's shapes. Mantle speaks the Anthropic wire and renders them as that surface does.
//!
//! | name | runtime (`invoke*`, `converse*`) |
//! | --- | --- |
//! | `429`, `429-then-ok` | HTTP 429 `ThrottlingException` |
//! | `529`, `529-then-ok` | HTTP 503 `ServiceUnavailableException` "Bedrock is unable to process your request." |
//! | `model-not-ready`, `model-not-ready-then-ok` | HTTP 429 `ModelNotReadyException` |
//! | `500` | HTTP 500 `InternalServerException` |
//! | `error-mid-stream` | 3 deltas, then a `throttlingException` exception frame, then the end |
//! | `model-stream-error` | 3 deltas, then a `modelStreamErrorException` frame (`originalStatusCode`, `originalMessage`), then the end |
//! | `cut` | 3 deltas, then the connection drops |
//! | `stall` | 3 deltas, then silence (see the emulator's table) |
//! | `malformed` | 3 deltas, then an event frame whose JSON is cut short (inside `bytes` for `invoke`), then the rest |
//! | `crc` | 3 deltas, then a frame with a wrong message CRC (an otherwise harmless event), then the rest |
//! | `truncated` | 3 deltas, then the first half of a frame, then the body ends cleanly |
//!
//! HTTP faults apply to every operation; stream faults only to the streaming ones.

pub(crate) mod auth;
mod availability;
mod catalog;
mod chunks;
mod control;
pub(crate) mod converse;
mod converse_body;
mod converse_content;
mod converse_controls;
mod converse_report;
mod converse_stream;
mod count;
mod credentials;
mod error;
mod eventstream;
pub(crate) mod failure;
pub(crate) mod invoke;
mod invoke_controls;
mod mantle;
mod owned;
pub(crate) mod sigv4;
mod sts;

pub(crate) use catalog::emulator_name;
pub use credentials::{
    AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_ACCOUNT, AWS_DEMO_ARN, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY, AwsDemo,
};

use super::ids;
use super::state::EmulatorState;
use super::tag;
use auth::{Dialect, Gate, Policy};
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::sync::Arc;

/// The routes of these surfaces.
pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let runtime = Router::new()
        .route("/model/{model_id}/invoke", post(invoke::invoke))
        .route("/model/{model_id}/invoke-with-response-stream", post(invoke::invoke_stream))
        .route("/model/{model_id}/converse", post(converse::converse))
        .route("/model/{model_id}/converse-stream", post(converse::converse_stream))
        .route("/model/{model_id}/count-tokens", post(count::count_tokens))
        .route_layer(middleware::from_fn_with_state(gate(state, "bedrock", true, Dialect::Json), auth::guard));
    let control = Router::new()
        .route("/foundation-models", get(control::foundation_models))
        .route("/inference-profiles", get(control::inference_profiles))
        .route("/provisioned-model-throughputs", get(owned::provisioned_throughputs))
        .route("/foundation-model-availability/{model_id}", get(availability::availability))
        .route_layer(middleware::from_fn_with_state(gate(state, "bedrock", false, Dialect::Json), auth::guard));
    let sts = Router::new()
        .route("/", post(sts::handle))
        .route_layer(middleware::from_fn_with_state(gate(state, "sts", false, Dialect::Xml), auth::guard));
    let mantle = Router::new()
        .route("/anthropic/v1/messages", post(mantle::create))
        .route("/anthropic/v1/messages/count_tokens", post(count::mantle))
        .route_layer(middleware::from_fn_with_state(gate(state, "bedrock-mantle", true, Dialect::Json), auth::guard))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), mantle_tag));
    runtime
        .merge(control)
        .merge(sts)
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), aws_tag))
        .merge(mantle)
}

/// What one surface's credentials check needs.
fn gate(state: &Arc<EmulatorState>, service: &'static str, bearer: bool, dialect: Dialect) -> Gate {
    Gate { state: Arc::clone(state), policy: Policy { service, bearer, dialect } }
}

/// Give the request a UUID id, in `x-amzn-RequestId`.
async fn aws_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::aws_request_id, &["x-amzn-requestid"], request, next).await
}

/// Mantle's id, in `x-amzn-RequestId` and, for Anthropic clients, `request-id`.
async fn mantle_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::aws_request_id, &["x-amzn-requestid", "request-id"], request, next).await
}
