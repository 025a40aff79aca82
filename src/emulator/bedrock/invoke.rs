//! `POST /model/{modelId}/invoke` and `/invoke-with-response-stream`: the Anthropic Messages
//! body without `model` and `stream`, with `"anthropic_version": "bedrock-2023-05-31"`,
//! answered as one Anthropic message or as `chunk` event frames. The control headers
//! ([`InvokeControls`]) are read first: a named guardrail can intervene (its action and trace
//! then come beside the message, or in the last chunk beside the metrics), and the tier and
//! latency asked are echoed in the response headers.

use super::catalog;
use super::chunks::Chunks;
use super::error::AwsError;
use super::eventstream;
use super::invoke_controls::InvokeControls;
use crate::emulator::anthropic::blocks::Sources;
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
    let invoke_controls = InvokeControls::from_headers(headers)?;
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
    let request = validate::read(value, ModelIn::Url, Sources::Base64Only)
        .map_err(|problem| AwsError::malformed_input(&problem))?;
    let mut conversation = validate::conversation(&request);
    conversation.asked.guardrail.clone_from(&invoke_controls.guardrail);
    let turn = turn::take(state, tag.serial, &controls, &choice, &conversation)
        .map_err(|refusal| AwsError::rejection(refusal.rejection))?;

    let head = Head {
        cache: turn.cache,
        ..Head::new(ids::bedrock_message_id(tag.serial, state.salt), choice.base.to_owned(), turn.input_tokens)
    };
    let guardrail = invoke_controls.report(turn.intervention.as_ref());
    let mut response = if stream {
        let encoder = MessageStream::new(head, Chunks::new(started, guardrail));
        let frames = drive::play(turn.plan, encoder, turn.fault, turn.pace, state.stop_signal());
        (stream_headers(), Body::from_stream(frames)).into_response()
    } else {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        let mut message = serde_json::to_value(shape::whole_message(&head, &turn.plan)).unwrap_or_default();
        if let (Some(fields), Some(Value::Object(report))) =
            (message.as_object_mut(), guardrail.map(|report| serde_json::to_value(report).unwrap_or_default()))
        {
            fields.extend(report);
        }
        let mut response = Json(message).into_response();
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        for (name, value) in [
            ("x-amzn-bedrock-input-token-count", u64::from(head.input_tokens)),
            ("x-amzn-bedrock-output-token-count", u64::from(turn.plan.output_tokens)),
            ("x-amzn-bedrock-invocation-latency", latency),
        ] {
            response.headers_mut().insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
        response
    };
    for (name, value) in invoke_controls.echo() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(HeaderName::from_static(name), value);
        }
    }
    Ok(response)
}

/// The headers of an `InvokeModelWithResponseStream` response.
fn stream_headers() -> [(HeaderName, &'static str); 2] {
    [
        (header::CONTENT_TYPE, eventstream::CONTENT_TYPE),
        (HeaderName::from_static("x-amzn-bedrock-content-type"), "application/json"),
    ]
}
