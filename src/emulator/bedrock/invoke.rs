//! `POST /model/{modelId}/invoke` and `/invoke-with-response-stream`: the Anthropic Messages
//! body without `model` and `stream`, with `"anthropic_version": "bedrock-2023-05-31"`,
//! answered as one Anthropic message or as `chunk` event frames.

use super::catalog;
use super::chunks::Chunks;
use super::error::AwsError;
use super::eventstream;
use crate::emulator::anthropic::shape::{self, Head};
use crate::emulator::anthropic::stream::MessageStream;
use crate::emulator::anthropic::validate::{self, ModelIn};
use crate::emulator::controls::Controls;
use crate::emulator::drive;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// The only `anthropic_version` Bedrock takes: the one the client sends.
const VERSION: &str = crate::routes::wire::bedrock_invoke::BEDROCK_ANTHROPIC_VERSION;

/// `InvokeModel`.
pub async fn invoke(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&state, &tag, id, &headers, &body, false).await.unwrap_or_else(IntoResponse::into_response)
}

/// `InvokeModelWithResponseStream`.
pub async fn invoke_stream(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    respond(&state, &tag, id, &headers, &body, true).await.unwrap_or_else(IntoResponse::into_response)
}

/// The model id from the path, percent-decoded.
pub fn model_id(id: Result<Path<String>, PathRejection>) -> Result<String, AwsError> {
    id.map(|Path(id)| id).map_err(|rejection| AwsError::validation(format!("modelId: {}", rejection.body_text())))
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    id: Result<Path<String>, PathRejection>,
    headers: &HeaderMap,
    body: &[u8],
    stream: bool,
) -> Result<Response, AwsError> {
    let started = Instant::now();
    let id = model_id(id)?;
    let controls = Controls::from_headers(headers).map_err(AwsError::validation)?;
    let mut name = String::new();
    let choice = catalog::resolve(&id, &mut name)?;
    let value = validate::json_object(body).map_err(|problem| AwsError::malformed_input(&problem))?;
    match value.get("anthropic_version") {
        None => return Err(AwsError::malformed_input("#: required key [anthropic_version] not found")),
        Some(Value::String(version)) if version == VERSION => {}
        Some(other) => {
            return Err(AwsError::malformed_input(&format!("#/anthropic_version: {other} is not a valid enum value")));
        }
    }
    let request = validate::read(value, ModelIn::Url).map_err(|problem| AwsError::malformed_input(&problem))?;
    let turn = turn::take(state, tag.serial, &controls, &choice, &validate::conversation(&request))
        .map_err(|refusal| AwsError::rejection(refusal.rejection))?;

    let head = Head {
        id: ids::bedrock_message_id(tag.serial, state.salt),
        model: choice.base.to_owned(),
        input_tokens: turn.input_tokens,
    };
    if !stream {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        let mut response = Json(shape::whole_message(&head, &turn.plan)).into_response();
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        for (name, value) in [
            ("x-amzn-bedrock-input-token-count", u64::from(head.input_tokens)),
            ("x-amzn-bedrock-output-token-count", u64::from(turn.plan.output_tokens)),
            ("x-amzn-bedrock-invocation-latency", latency),
        ] {
            response.headers_mut().insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
        return Ok(response);
    }
    let encoder = MessageStream::new(head, Chunks::new(started));
    let frames = drive::play(turn.plan, encoder, turn.fault, turn.pace, state.stop_signal());
    Ok((stream_headers(), Body::from_stream(frames)).into_response())
}

/// The headers of an `InvokeModelWithResponseStream` response.
fn stream_headers() -> [(HeaderName, &'static str); 2] {
    [
        (header::CONTENT_TYPE, eventstream::CONTENT_TYPE),
        (HeaderName::from_static("x-amzn-bedrock-content-type"), "application/json"),
    ]
}
