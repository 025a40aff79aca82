//! The Anthropic Messages surface: `POST /v1/messages`, `GET /v1/models`,
//! `GET /v1/models/{id}`. Every response carries a `request-id: req_…` header.

mod auth;
mod error;
mod messages;
mod models;
mod shape;
mod stream;
mod validate;

use super::ids;
use super::state::EmulatorState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use std::sync::Arc;

/// The routes of this surface.
pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    Router::new()
        .route("/v1/messages", post(messages::create))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{id}", get(models::retrieve))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), tag))
}

/// A request's serial number and its `req_…` id, put in the request's extensions by [`tag`].
#[derive(Debug, Clone)]
pub struct RequestTag {
    pub serial: u64,
    pub id: String,
}

/// Give the request its id and put it in the response's `request-id` header.
async fn tag(State(state): State<Arc<EmulatorState>>, mut request: Request, next: Next) -> Response {
    let serial = state.next_serial();
    let tag = RequestTag { serial, id: ids::request_id(serial, state.salt) };
    let header = HeaderValue::from_str(&tag.id);
    request.extensions_mut().insert(tag);
    let mut response = next.run(request).await;
    if let Ok(value) = header {
        response.headers_mut().insert("request-id", value);
    }
    response
}
