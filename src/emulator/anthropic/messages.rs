//! `POST /v1/messages`: check the key, version and body, resolve the model and any fault, then
//! answer as a paced SSE stream or, with `stream: false`, as one JSON message. Mantle reuses
//! everything after the key check ([`answer`]). The usage reports the prompt cache's reads and
//! writes and the tier served ([`shape::served_tier`]).

use super::error::ApiError;
use super::shape::{self, Head};
use super::stream::{MessageStream, Sse};
use super::{auth, validate};
use crate::emulator::catalog;
use crate::emulator::controls::Controls;
use crate::emulator::drive;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn create(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match auth::check_key(&headers, &state.options.api_key) {
        Ok(()) => answer(&state, &tag, &headers, &body, ModelIds::Anthropic).await,
        Err(error) => error.into_response(&tag.id),
    }
}

/// Answer a request whose credentials were checked: everything from the version header on.
pub async fn answer(
    state: &EmulatorState,
    tag: &RequestTag,
    headers: &HeaderMap,
    body: &[u8],
    ids: ModelIds,
) -> Response {
    respond(state, tag, headers, body, ids).await.unwrap_or_else(|error| error.into_response(&tag.id))
}

/// How the surface names models: Anthropic's `emulator-sonnet`, or Bedrock's
/// `anthropic.emulator-sonnet` (Mantle), which map onto the same emulator models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelIds {
    Anthropic,
    Bedrock,
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    headers: &HeaderMap,
    body: &[u8],
    ids: ModelIds,
) -> Result<Response, ApiError> {
    auth::check_version(headers)?;
    let controls = Controls::from_headers(headers).map_err(ApiError::invalid)?;
    let request = validate::parse(body)?;
    let model = request.model.clone().unwrap_or_default();
    let name = match ids {
        ModelIds::Anthropic => model.clone(),
        ModelIds::Bedrock => crate::emulator::bedrock::emulator_name(&model).unwrap_or_else(|_| model.clone()),
    };
    let choice = catalog::resolve(&name).ok_or_else(|| ApiError::not_found(format!("model: {model}")))?;
    let turn = turn::take(state, tag.serial, &controls, &choice, &validate::conversation(&request))
        .map_err(|refusal| ApiError::rejection(refusal.rejection, refusal.retry_after))?;

    let head = Head {
        cache: turn.cache,
        service_tier: Some(shape::served_tier(request.service_tier.as_deref())),
        ..Head::new(ids::message_id(tag.serial, state.salt), model, turn.input_tokens)
    };
    if !request.stream {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        return Ok(Json(shape::whole_message(&head, &turn.plan)).into_response());
    }
    let frames = drive::play(turn.plan, MessageStream::new(head, Sse), turn.fault, turn.pace, state.stop_signal());
    let headers = [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
    Ok((headers, Body::from_stream(frames)).into_response())
}
