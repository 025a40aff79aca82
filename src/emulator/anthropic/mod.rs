//! The Anthropic Messages surface: `POST /v1/messages`, `POST /v1/messages/count_tokens`,
//! `GET /v1/models`, `GET /v1/models/{id}`. Every response carries a `request-id: req_…` header.
//! A `GET /v1/models` with neither `anthropic-version` nor `x-api-key` is the OpenAI surface's
//! ([`openai::unless_anthropic`]).

pub mod auth;
pub mod blocks;
pub mod count;
pub mod error;
pub mod messages;
mod models;
pub mod shape;
pub mod stream;
pub mod validate;

use super::state::EmulatorState;
use super::tag;
use super::{ids, openai};
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::sync::Arc;

/// The routes of this surface.
pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    Router::new()
        .route("/v1/messages", post(messages::create))
        .route("/v1/messages/count_tokens", post(count::count_tokens))
        .route(
            "/v1/models",
            get(models::list).layer(middleware::from_fn_with_state(Arc::clone(state), openai::unless_anthropic)),
        )
        .route(
            "/v1/models/{id}",
            get(models::retrieve)
                .layer(middleware::from_fn_with_state(Arc::clone(state), openai::retrieve_unless_anthropic)),
        )
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), tag))
}

/// Give the request its `req_…` id and put it in the response's `request-id` header.
async fn tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::request_id, &["request-id"], request, next).await
}
