//! `generateContent` and `streamGenerateContent` for the Gemini API
//! (`/v1beta/models/{model}:{method}`) and Gemini on Vertex
//! (`/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:{method}`): read the
//! faults and the body, resolve the model, then answer with one JSON response or a paced
//! stream (SSE with `alt=sse`, else a JSON array).

use super::catalog;
use super::crlf::Crlf;
use super::error::GoogleError;
use super::faults::{self, Extra, Problem};
use super::form;
use super::place;
use super::refuse::{self, Target, Wire};
use super::request;
use super::shape::{self, Meta};
use super::stream::{self, CHUNK_TOKENS, Framing, GeminiStream};
use super::tier;
use crate::emulator::catalog::{Behaviour, Choice};
use crate::emulator::drive;
use crate::emulator::faults::Rejection;
use crate::emulator::plan::Block;
use crate::emulator::state::{self, EmulatorState};
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Google's JSON content type.
pub const JSON: &str = "application/json; charset=UTF-8";

/// `POST /v1beta/models/{model}:{method}`.
pub async fn gemini_api(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    Path(segment): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (model, method) = place::split_method(&segment).unwrap_or((&segment, ""));
    let target = Target { wire: Wire::GeminiApi, project: "", location: "", model };
    respond(&state, &tag, &target, method, query.as_deref(), &headers, &body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}`.
pub async fn vertex(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    Path((project, location, segment)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(error) = place::check_location(&location) {
        return error.into_response();
    }
    let (model, method) = place::split_method(&segment).unwrap_or((&segment, ""));
    let target = Target { wire: Wire::VertexGemini, project: &project, location: &location, model };
    respond(&state, &tag, &target, method, query.as_deref(), &headers, &body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    target: &Target<'_>,
    method: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, GoogleError> {
    let streaming = match method {
        "generateContent" => false,
        "streamGenerateContent" => true,
        super::count::COUNT_TOKENS => return super::count::gemini(target, headers, body),
        other => return Err(refuse::model_not_found(target, other)),
    };
    let sse = form::value(&form::pairs(query.unwrap_or("")), "alt") == Some("sse");
    let asked = faults::read(headers, target.model).map_err(|problem| match problem {
        Problem::Header(message) => GoogleError::invalid(message),
        Problem::Suffix => refuse::model_not_found(target, method),
    })?;
    let request = request::parse(body, target.wire)?;
    let served = catalog::gemini_model(asked.model).ok_or_else(|| refuse::model_not_found(target, method))?;
    let thinking = request.thinking;
    let behaviour = served.behaviour(thinking.budget, thinking.level).map_err(GoogleError::invalid)?;
    // Vertex's words; the Gemini API refuses the same request (its wording is not confirmed).
    if thinking.include_thoughts && behaviour != Behaviour::Thinking {
        return Err(GoogleError::invalid("include_thoughts is only enabled when thinking is enabled.".to_owned()));
    }
    let retry_after = asked.controls.retry_after.unwrap_or(1);
    match asked.extra {
        Some(Extra::NotFound) => return Err(refuse::model_not_found(target, method)),
        Some(Extra::Forbidden) => return Err(refuse::forbidden(target)),
        Some(Extra::RateLimitedArray) => {
            return Err(refuse::rejection(target, Rejection::RateLimited, retry_after).in_array());
        }
        Some(Extra::RateLimitedLong) => {
            return Err(refuse::rejection(target, Rejection::RateLimited, faults::LONG_RETRY_DELAY));
        }
        Some(Extra::Crlf) | None => {}
    }
    let mut conversation = request.conversation;
    if conversation.max_tokens == 0 {
        conversation.max_tokens = served.output_limit();
    }
    if behaviour == Behaviour::Thinking {
        let budget = thinking.budget.and_then(|budget| u32::try_from(budget).ok()).filter(|budget| *budget > 0);
        conversation.asked.thinking = Some(budget);
    }
    let choice = Choice { base: asked.model, behaviour, fault: asked.suffix };
    let turn = turn::take(state, tag.serial, &asked.controls, &choice, &conversation)
        .map_err(|refusal| refuse::rejection(target, refusal.rejection, refusal.retry_after))?;

    let meta = Meta {
        response_id: tag.id.clone(),
        model_version: asked.model.to_owned(),
        prompt_tokens: turn.input_tokens,
        cached_tokens: turn.cache.read,
        traffic_type: tier::traffic_type(target.wire, request.service_tier),
    };
    let show_thoughts = thinking.include_thoughts;
    if !streaming {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        let texts: Vec<String> = turn.plan.blocks.iter().map(Block::text).collect();
        let whole = shape::whole(&meta, &turn.plan, &texts, show_thoughts);
        let body = format!("{}\n", serde_json::to_string_pretty(&whole).unwrap_or_default());
        return Ok(([(header::CONTENT_TYPE, JSON)], body).into_response());
    }
    let hidden = if show_thoughts { None } else { turn.plan.thinking_tokens };
    let thinking_pause = turn.pace.zip(hidden).map(|(pause, tokens)| pause.saturating_mul(tokens));
    let chunked = stream::chunk(turn.plan, show_thoughts);
    let framing = if sse { Framing::Sse } else { Framing::JsonArray };
    let encoder = Crlf::new(GeminiStream::new(meta, framing, &chunked, hidden), asked.extra == Some(Extra::Crlf));
    let pace = turn.pace.map(|pause| pause.saturating_mul(CHUNK_TOKENS as u32));
    let frames = drive::play(chunked.plan, encoder, turn.fault, pace, state.stop_signal());
    let content_type = if sse { "text/event-stream" } else { JSON };
    let body = Body::from_stream(after(thinking_pause, state.stop_signal(), frames));
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// `frames`, after `pause` (the time the model spends on thoughts it does not show), cut short
/// by shutdown.
fn after<S>(
    pause: Option<Duration>,
    stop: watch::Receiver<bool>,
    frames: S,
) -> impl Stream<Item = io::Result<Bytes>> + Send
where
    S: Stream<Item = io::Result<Bytes>> + Send + 'static,
{
    let wait = futures_util::stream::once(async move {
        if let Some(pause) = pause {
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = state::stopping(stop) => {}
            }
        }
    });
    wait.filter_map(|()| std::future::ready(None)).chain(frames)
}
