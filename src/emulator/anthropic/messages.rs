//! `POST /v1/messages`: check the key, version and body, resolve the model and any fault, then
//! answer as a paced SSE stream or, with `stream: false`, as one JSON message.

use super::RequestTag;
use super::error::ApiError;
use super::shape::{self, Head};
use super::stream::MessageStream;
use super::{auth, validate};
use crate::emulator::answer::{self, Prompt};
use crate::emulator::catalog;
use crate::emulator::controls::Controls;
use crate::emulator::drive;
use crate::emulator::faults::{Fault, Rejection};
use crate::emulator::plan::{self, Limits};
use crate::emulator::state::EmulatorState;
use crate::emulator::{ids, tokens};
use crate::routes::request::Role;
use crate::routes::wire::anthropic::{MessagesBody, WireContent};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Answers are capped at this many tokens, whatever size is asked for.
const MAX_ANSWER_TOKENS: u32 = 8192;
/// `retry-after` of the `429` fault unless the request says otherwise.
const RETRY_AFTER: u64 = 1;

pub async fn create(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&state, &tag, &headers, &body).await.unwrap_or_else(|error| error.into_response(&tag.id))
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    auth::check(headers, &state.options.api_key)?;
    let controls = Controls::from_headers(headers).map_err(ApiError::invalid)?;
    let request = validate::parse(body)?;
    let model = request.model.clone().unwrap_or_default();
    let choice = catalog::resolve(&model).ok_or_else(|| ApiError::not_found(format!("model: {model}")))?;

    let stream_fault = match controls.fault.or(choice.fault) {
        Some(Fault::Reject(rejection)) => {
            return Err(ApiError::rejection(rejection, controls.retry_after.unwrap_or(RETRY_AFTER)));
        }
        Some(Fault::RejectFirst) if state.first_time(first_time_key(&controls, &request)) => {
            return Err(ApiError::rejection(Rejection::RateLimited, controls.retry_after.unwrap_or(0)));
        }
        Some(Fault::Stream(fault)) => Some(fault),
        Some(Fault::RejectFirst) | None => None,
    };

    let system = request.system.as_ref().map(WireContent::text);
    let prompt =
        request.messages.iter().rev().find(|m| m.role == Role::User).map(|m| m.content.text()).unwrap_or_default();
    let turn = request.messages.iter().filter(|m| m.role == Role::User).count();
    let size = controls.answer_tokens.unwrap_or(state.options.answer_tokens).clamp(1, MAX_ANSWER_TOKENS);
    let answer = answer::answer(
        &Prompt { model: choice.base, system: system.as_deref(), text: &prompt, turn },
        choice.behaviour,
        size as usize,
    );
    let limits = Limits { max_tokens: request.max_tokens, stop_sequences: &request.stop_sequences };
    let plan = plan::plan(&answer, limits, ids::tool_use_id(tag.serial, state.salt));

    let texts: Vec<String> = system.iter().cloned().chain(request.messages.iter().map(|m| m.content.text())).collect();
    let head = Head {
        id: ids::message_id(tag.serial, state.salt),
        model,
        input_tokens: tokens::estimate_input(texts.iter().map(String::as_str)),
    };
    let pace = drive::pace(controls.tokens_per_second.unwrap_or(state.options.tokens_per_second));

    if !request.stream {
        drive::wait_for_whole(&plan, pace, state.stop_signal()).await;
        return Ok(Json(shape::whole_message(&head, &plan)).into_response());
    }
    let frames = drive::play(plan, MessageStream::new(head), stream_fault, pace, state.stop_signal());
    let headers = [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
    Ok((headers, Body::from_stream(frames)).into_response())
}

/// What `429-then-ok` remembers: the `x-routeplay-fault-key`, else the conversation's text.
fn first_time_key(controls: &Controls, request: &MessagesBody) -> String {
    if let Some(key) = &controls.fault_key {
        format!("key:{key}")
    } else {
        let texts: Vec<String> = request.messages.iter().map(|m| m.content.text()).collect();
        format!("prompt:{}", texts.join("\n"))
    }
}
