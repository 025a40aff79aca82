//! Anthropic's Message Batches (PROTOCOLS-WAVE2 §1a) on the emulator: create, retrieve, list,
//! cancel, delete and results, on a clock of `batch_step` per state ([`job`]). Authenticated
//! as the Messages surface (`x-api-key` or a bearer key, then `anthropic-version`); errors in
//! Anthropic's shape.
//!
//! What the server holds is bounded: at most [`MAX_HELD_BATCHES`] batches and
//! [`MAX_HELD_BYTES`] of results; past either, a create is refused (429) until ended batches
//! are deleted. A create body may be up to 256 MB, as on the API (413 past it).

mod create;
mod job;
mod page;

use super::anthropic::auth;
use super::anthropic::error::ApiError;
use super::controls::Controls;
use super::ids;
use super::state::EmulatorState;
use super::tag::{self, RequestTag};
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Extension, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use job::{Batch, Phase};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// The largest create body, as the API's batch endpoint.
pub const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;
/// The most batches the server keeps at once.
pub const MAX_HELD_BATCHES: usize = 1000;
/// The most result bytes the server keeps at once, over all its batches.
pub const MAX_HELD_BYTES: usize = 256 * 1024 * 1024;

/// The batches sent to this server, oldest first.
#[derive(Debug, Default)]
pub struct MessageBatches {
    held: Mutex<Vec<Batch>>,
}

impl MessageBatches {
    fn with<T>(&self, f: impl FnOnce(&mut Vec<Batch>) -> T) -> T {
        f(&mut self.held.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    Router::new()
        .route("/v1/messages/batches", post(create).get(list).layer(DefaultBodyLimit::disable()))
        .route("/v1/messages/batches/{id}", get(retrieve).delete(delete))
        .route("/v1/messages/batches/{id}/cancel", post(cancel))
        .route("/v1/messages/batches/{id}/results", get(results))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), stamp))
}

/// Give the request its `req_…` id and put it in the response's `request-id` header.
async fn stamp(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::request_id, &["request-id"], request, next).await
}

type Answer = Result<Response, ApiError>;

fn respond(tag: &RequestTag, answer: Answer) -> Response {
    answer.unwrap_or_else(|error| error.into_response(&tag.id))
}

async fn create(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(&tag, create_batch(&state, &headers, body).await)
}

async fn create_batch(state: &EmulatorState, headers: &HeaderMap, body: Body) -> Answer {
    auth::check(headers, &state.options.api_key)?;
    let controls = Controls::from_headers(headers).map_err(ApiError::invalid)?;
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::too_large(format!("a batch request body may be at most {} MB", MAX_BODY_BYTES >> 20)))?;
    let requests = create::parse(&body)?;
    drop(body);
    let serial = state.next_serial();
    let id = format!("msgbatch_01{:016x}", ids::mix(serial ^ state.salt ^ ids::fnv1a(&["msgbatch"])));
    let records: Vec<_> = requests
        .into_iter()
        .map(|request| (request.custom_id, create::answer(state, &controls, &request.params)))
        .collect();
    let order = shuffled(&id, &records);
    let batch = Batch::new(id, state.options.batch_step, records, order);
    let view = batch.view(Instant::now(), &base_url(state));
    state.message_batches.with(|held| {
        let bytes: usize = held.iter().map(|batch| batch.bytes).sum();
        if held.len() >= MAX_HELD_BATCHES || bytes + batch.bytes > MAX_HELD_BYTES {
            return Err(ApiError::limited(format!(
                "the emulator holds {} batches and {} MB of results (at most {MAX_HELD_BATCHES} and {} MB): \
                 delete ended batches (DELETE /v1/messages/batches/ID) or restart it",
                held.len(),
                bytes >> 20,
                MAX_HELD_BYTES >> 20
            )));
        }
        held.push(batch);
        Ok(())
    })?;
    Ok(Json(view).into_response())
}

/// The results file's order: by a hash of each custom id with the batch id, so it is not the
/// request order but the same on every fetch.
fn shuffled(id: &str, records: &[(String, job::Outcome)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by_key(|&index| ids::mix(ids::fnv1a(&[id, &records[index].0])));
    order
}

fn base_url(state: &EmulatorState) -> String {
    format!("http://127.0.0.1:{}", state.port)
}

/// Run `f` on batch `id`, after the credentials are checked.
fn on_batch<T>(
    state: &EmulatorState,
    headers: &HeaderMap,
    id: &str,
    f: impl FnOnce(&mut Vec<Batch>, usize) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    auth::check(headers, &state.options.api_key)?;
    state.message_batches.with(|held| match held.iter().position(|batch| batch.id == id) {
        Some(index) => f(held, index),
        None => Err(ApiError::not_found(format!("message_batch: no batch with id {id}"))),
    })
}

async fn retrieve(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let url = base_url(&state);
    let view = on_batch(&state, &headers, &id, |held, index| Ok(held[index].view(Instant::now(), &url)));
    respond(&tag, view.map(|view| Json(view).into_response()))
}

async fn cancel(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let url = base_url(&state);
    let view = on_batch(&state, &headers, &id, |held, index| {
        let now = Instant::now();
        if !held[index].cancel(now) {
            return Err(ApiError::invalid(format!("message_batch {id} has ended: there is nothing to cancel")));
        }
        Ok(held[index].view(now, &url))
    });
    respond(&tag, view.map(|view| Json(view).into_response()))
}

async fn delete(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let deleted = on_batch(&state, &headers, &id, |held, index| {
        if !matches!(held[index].phase(Instant::now()), Phase::Ended { .. }) {
            return Err(ApiError::invalid(format!(
                "message_batch {id} is still processing: cancel it first, or delete it once it has ended"
            )));
        }
        held.remove(index);
        Ok(())
    });
    let body = serde_json::json!({ "id": id, "type": "message_batch_deleted" });
    respond(&tag, deleted.map(|()| Json(body).into_response()))
}

async fn results(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lines = on_batch(&state, &headers, &id, |held, index| {
        held[index].results(Instant::now()).ok_or_else(|| {
            ApiError::invalid(format!(
                "message_batch {id} is still processing: its results are ready once processing_status is ended"
            ))
        })
    });
    respond(&tag, lines.map(|lines| ([(header::CONTENT_TYPE, "application/binary")], lines).into_response()))
}

async fn list(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let answer = auth::check(&headers, &state.options.api_key).and_then(|()| {
        let (now, url) = (Instant::now(), base_url(&state));
        state.message_batches.with(|held| {
            let newest_first: Vec<&Batch> = held.iter().rev().collect();
            let ids: Vec<&str> = newest_first.iter().map(|batch| batch.id.as_str()).collect();
            let shown = page::page(&ids, query.as_deref().unwrap_or("")).map_err(ApiError::invalid)?;
            let data: Vec<_> = newest_first[shown.range.clone()].iter().map(|batch| batch.view(now, &url)).collect();
            let body = serde_json::json!({
                "data": data,
                "has_more": shown.has_more,
                "first_id": data.first().map(|batch| batch.id.clone()),
                "last_id": data.last().map(|batch| batch.id.clone()),
            });
            Ok(Json(body).into_response())
        })
    });
    respond(&tag, answer)
}
