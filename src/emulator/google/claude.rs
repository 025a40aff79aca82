//! Claude on Vertex AI: `POST /v1/projects/{p}/locations/{l}/publishers/anthropic/models/
//! {model}:streamRawPredict` (and `:rawPredict`). The body is the Messages body without
//! `model` and with `"anthropic_version": "vertex-2023-10-16"`; the answer is exactly what the
//! Anthropic surface sends (its SSE encoder, reused as Mantle does). Refusals before the
//! stream are Google-shaped; body errors and in-stream errors are Anthropic's. Thinking,
//! `top_k`, `cache_control` and attachments are taken as the Anthropic API takes them, but
//! image and document sources only as base64 ("On Amazon Bedrock and Google Cloud, only
//! base64-encoded sources are currently available"); the usage reports no service tier.

use super::catalog;
use super::crlf::Crlf;
use super::faults::{self, Extra, Problem};
use super::place;
use super::refuse::{self, Target, Wire};
use crate::emulator::anthropic::blocks::Sources;
use crate::emulator::anthropic::error::ApiError;
use crate::emulator::anthropic::shape::{self, Head};
use crate::emulator::anthropic::stream::{MessageStream, Sse};
use crate::emulator::anthropic::validate::{self, ModelIn};
use crate::emulator::catalog::Choice;
use crate::emulator::drive;
use crate::emulator::faults::Rejection;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use crate::routes::wire::anthropic::MessagesBody;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

/// The only `anthropic_version` Vertex takes.
pub const VERTEX_VERSION: &str = "vertex-2023-10-16";

/// `…/publishers/anthropic/models/{model}:{rawPredict|streamRawPredict}`.
pub async fn predict(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    Path((project, location, segment)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (model, method) = place::split_method(&segment).unwrap_or((&segment, ""));
    let target = Target { wire: Wire::VertexClaude, project: &project, location: &location, model };
    respond(&state, &tag, &target, method, &headers, &body).await.unwrap_or_else(|refusal| refusal)
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    target: &Target<'_>,
    method: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Response> {
    let google = IntoResponse::into_response;
    let anthropic = |message: String| ApiError::invalid(message).into_response(&tag.id);
    place::check_location(target.location).map_err(google)?;
    let streaming = match method {
        "rawPredict" => false,
        "streamRawPredict" => true,
        other => return Err(google(refuse::model_not_found(target, other))),
    };
    let asked = faults::read(headers, target.model).map_err(|problem| match problem {
        Problem::Header(message) => anthropic(message),
        Problem::Suffix => google(refuse::model_not_found(target, method)),
    })?;
    let behaviour =
        catalog::claude_model(asked.model).ok_or_else(|| google(refuse::model_not_found(target, method)))?;
    let (request, stream) = read_body(body).map_err(anthropic)?;
    let retry_after = asked.controls.retry_after.unwrap_or(1);
    match asked.extra {
        Some(Extra::NotFound) => return Err(google(refuse::model_not_found(target, method))),
        Some(Extra::Forbidden) => return Err(google(refuse::forbidden(target))),
        Some(Extra::RateLimitedArray) => {
            return Err(google(refuse::rejection(target, Rejection::RateLimited, retry_after).in_array()));
        }
        Some(Extra::RateLimitedLong) => {
            return Err(google(refuse::rejection(target, Rejection::RateLimited, faults::LONG_RETRY_DELAY)));
        }
        Some(Extra::Crlf) | None => {}
    }
    let choice = Choice { base: asked.model, behaviour, fault: asked.suffix };
    let turn = turn::take(state, tag.serial, &asked.controls, &choice, &validate::conversation(&request))
        .map_err(|refusal| google(refuse::rejection(target, refusal.rejection, refusal.retry_after)))?;

    let head = Head {
        cache: turn.cache,
        ..Head::new(ids::vertex_message_id(tag.serial, state.salt), asked.model.replace('@', "-"), turn.input_tokens)
    };
    if !(streaming && stream) {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        return Ok(Json(shape::whole_message(&head, &turn.plan)).into_response());
    }
    let encoder = Crlf::new(MessageStream::new(head, Sse), asked.extra == Some(Extra::Crlf));
    let frames = drive::play(turn.plan, encoder, turn.fault, turn.pace, state.stop_signal());
    let headers = [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
    Ok((headers, Body::from_stream(frames)).into_response())
}

/// The Messages body and `stream`; the error names the field at fault as Vertex's validation
/// does.
fn read_body(body: &[u8]) -> Result<(MessagesBody, bool), String> {
    let mut value = validate::json_object(body)?;
    let Some(object) = value.as_object_mut() else { return Err("body: expected a JSON object".to_owned()) };
    if object.contains_key("model") {
        return Err("model: Extra inputs are not permitted".to_owned());
    }
    match object.remove("anthropic_version") {
        None => return Err("anthropic_version: Field required".to_owned()),
        Some(Value::String(version)) if version == VERTEX_VERSION => {}
        Some(_) => return Err(format!("anthropic_version: Input should be '{VERTEX_VERSION}'")),
    }
    let stream = match object.remove("stream") {
        None => false,
        Some(Value::Bool(stream)) => stream,
        Some(_) => return Err("stream: Input should be a valid boolean".to_owned()),
    };
    Ok((validate::read(value, ModelIn::Url, Sources::Base64Only)?, stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_rules() {
        let m = r#""max_tokens":5,"messages":[{"role":"user","content":"hi"}]"#;
        let read = |body: String| read_body(body.as_bytes());
        let ok = read(format!(
            r#"{{"anthropic_version":"{VERTEX_VERSION}","stream":true,"thinking":{{"type":"enabled","budget_tokens":1024}},
            "max_tokens":2048,"messages":[{{"role":"user","content":"hi"}}]}}"#
        ));
        assert!(ok.is_ok_and(|(body, stream)| body.max_tokens == 2048 && body.thinking.is_some() && stream));
        let url_image = r#"{"type":"image","source":{"type":"url","url":"https://x/cat.png"}}"#;
        let refused = read(format!(
            r#"{{"anthropic_version":"{VERTEX_VERSION}","max_tokens":5,"messages":[{{"role":"user","content":[{url_image}]}}]}}"#
        ));
        assert!(refused.is_err_and(|e| e.contains("url sources are not supported")));
        assert_eq!(
            read(format!(r#"{{"model":"x","anthropic_version":"{VERTEX_VERSION}",{m}}}"#)).err().as_deref(),
            Some("model: Extra inputs are not permitted")
        );
        assert_eq!(read(format!("{{{m}}}")).err().as_deref(), Some("anthropic_version: Field required"));
        assert!(
            read(format!(r#"{{"anthropic_version":"bedrock-2023-05-31",{m}}}"#))
                .is_err_and(|e| e.contains(VERTEX_VERSION))
        );
    }
}
