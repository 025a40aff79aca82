//! Mantle: `POST /anthropic/v1/messages`, the Anthropic Messages API behind AWS credentials
//! (SigV4 signing name `bedrock-mantle`, or a Bedrock API key). Once the credentials pass,
//! everything is the Anthropic surface's: the body with `model`, the `anthropic-version`
//! header, SSE, Anthropic errors. Model ids are Bedrock's (`anthropic.emulator-sonnet`).
//! Mantle has no guardrail parameters (the Messages API has none; PROTOCOLS-WAVE2 §2a): the
//! `X-Amzn-Bedrock-Guardrail*` headers are ignored, as a service ignores headers it does not
//! define, so a guardrail never intervenes here.

use crate::emulator::anthropic::messages;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::sync::Arc;

/// `POST /anthropic/v1/messages`.
pub async fn create(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    messages::answer(&state, &tag, &headers, &body, messages::ModelIds::Bedrock).await
}
