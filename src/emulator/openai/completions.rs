//! `POST …/chat/completions` on the three surfaces: read the body and faults, resolve the
//! model, then answer through the shared core ([`turn`]) as a paced SSE stream of chunks or,
//! without `stream`, as one `chat.completion`. The credentials were checked by the routes'
//! middleware ([`super::auth`], Bedrock's and Google's gates).

use super::chat::{self, ChatRequest};
use super::error::Refusal;
use super::faults::{self, Extra, Problem};
use super::served;
use super::shape::{self, Head};
use super::stream::ChunkStream;
use super::surface::Surface;
use super::whole;
use crate::emulator::drive;
use crate::emulator::google::crlf::Crlf;
use crate::emulator::google::place;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// `POST /v1/chat/completions`: OpenAI's, or Mantle's when AWS credentials came (the surface
/// the credentials middleware put in the extensions).
pub async fn v1(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    Extension(surface): Extension<Surface>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(&state, &tag, &surface, &headers, &body).await
}

/// `POST /openai/v1/chat/completions`, Mantle's.
pub async fn mantle(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(&state, &tag, &Surface::Mantle, &headers, &body).await
}

/// `POST /v1/projects/{project}/locations/{location}/endpoints/openapi/chat/completions`.
pub async fn vertex(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    Path((project, location)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(error) = place::check_location(&location) {
        return error.into_response();
    }
    answer(&state, &tag, &Surface::Vertex { project, location }, &headers, &body).await
}

async fn answer(
    state: &EmulatorState,
    tag: &RequestTag,
    surface: &Surface,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    respond(state, tag, surface, headers, body).await.unwrap_or_else(IntoResponse::into_response)
}

async fn respond(
    state: &EmulatorState,
    tag: &RequestTag,
    surface: &Surface,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, Refusal> {
    let strict = *surface == Surface::OpenAi;
    let ChatRequest { model, conversation, stream, include_usage, reasoning_effort, service_tier } =
        chat::parse(body, strict).map_err(|bad| surface.invalid(bad.message, bad.param.as_deref(), bad.code))?;
    let asked = faults::read(headers, &model).map_err(|problem| match problem {
        Problem::Header(message) => surface.invalid(message, None, None),
        Problem::Suffix => surface.model_not_found(&model),
    })?;
    let served = served::resolve(surface, asked.model, asked.suffix)?;
    if reasoning_effort.is_some() && !served.reasons {
        return Err(surface.invalid(
            "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
            Some("reasoning_effort"),
            Some("unsupported_parameter"),
        ));
    }
    let turn = turn::take(state, tag.serial, &asked.controls, &served.choice, &conversation)
        .map_err(|refusal| surface.rejection(refusal.rejection, refusal.retry_after, served.choice.base))?;

    let head = Head {
        id: completion_id(tag.serial, state.salt),
        created: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs()),
        model: asked.model.to_owned(),
        system_fingerprint: strict.then(|| fingerprint(served.choice.base)),
        service_tier: match surface {
            Surface::OpenAi => shape::served_tier(service_tier.as_deref().or(Some("auto"))),
            Surface::Mantle | Surface::Vertex { .. } => shape::served_tier(service_tier.as_deref()),
        },
        prompt_tokens: turn.input_tokens,
        cache: turn.cache,
    };
    if !stream {
        drive::wait_for_whole(&turn.plan, turn.pace, state.stop_signal()).await;
        let json = [(header::CONTENT_TYPE, "application/json")];
        return Ok((json, whole::completion(&head, &turn.plan)).into_response());
    }
    let chunks = ChunkStream::new(head, include_usage, asked.extra, surface.stream_error());
    let encoder = Crlf::new(chunks, asked.extra == Some(Extra::Crlf));
    let frames = drive::play(turn.plan, encoder, turn.fault, turn.pace, state.stop_signal());
    let headers = [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")];
    Ok((headers, Body::from_stream(frames)).into_response())
}

/// `chatcmpl-…`: unique per request, from its serial number and the server's salt.
fn completion_id(serial: u64, salt: u64) -> String {
    let first = ids::mix(serial ^ salt ^ ids::fnv1a(&["chatcmpl"]));
    format!("chatcmpl-{first:016x}{:016x}", ids::mix(first))
}

/// `fp_…`: the same for the same model, as a backend configuration would be.
fn fingerprint(model: &str) -> String {
    format!("fp_{:010x}", ids::fnv1a(&["system_fingerprint", model]) >> 24)
}
