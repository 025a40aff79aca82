//! `GET /v1/models` (the `openai` surface) and `GET /openai/v1/models` (Mantle):
//! `{"object":"list","data":[{"id","object":"model","created","owned_by"}]}` with the
//! emulator's models and the catalog's ids for the surface's route.
//!
//! `GET /v1/models/{id}` and `GET /openai/v1/models/{id}` retrieve one listed model, or answer
//! OpenAI's 404 `model_not_found` (what `doctor` asks).
//!
//! `GET /v1/models` is also the Anthropic surface's listing: a request with `anthropic-version`
//! or `x-api-key` is Anthropic's, any other is OpenAI's ([`unless_anthropic`]), with the key
//! of the `openai` surface (Mantle's listing is `/openai/v1/models` only).

use super::auth;
use super::error::OpenAiError;
use super::served::models_catalog;
use super::surface::Surface;
use crate::emulator::catalog::MODELS;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// When the listed models claim to be from (2025-01-01); fixed so listings never change.
const CREATED: u64 = 1_735_689_600;

/// The middleware on the Anthropic surface's `GET /v1/models`: Anthropic's requests go on, the
/// others get OpenAI's listing (or its 401).
pub async fn unless_anthropic(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if headers.contains_key("anthropic-version") || headers.contains_key("x-api-key") {
        return next.run(request).await;
    }
    let request_id = request.extensions().get::<RequestTag>().and_then(|tag| HeaderValue::from_str(&tag.id).ok());
    let mut response = match auth::check_key(headers, &state.options.api_key) {
        Ok(()) => Json(list(&Surface::OpenAi)).into_response(),
        Err(error) => error.into_response(),
    };
    if let Some(id) = request_id {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

/// The middleware on the Anthropic surface's `GET /v1/models/{id}`: Anthropic's requests go
/// on, the others get OpenAI's model (or its 401 or 404).
pub async fn retrieve_unless_anthropic(
    State(state): State<Arc<EmulatorState>>,
    Path(id): Path<String>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    if headers.contains_key("anthropic-version") || headers.contains_key("x-api-key") {
        return next.run(request).await;
    }
    let request_id = request.extensions().get::<RequestTag>().and_then(|tag| HeaderValue::from_str(&tag.id).ok());
    let mut response = match auth::check_key(headers, &state.options.api_key) {
        Ok(()) => retrieve(&Surface::OpenAi, &id),
        Err(error) => error.into_response(),
    };
    if let Some(id) = request_id {
        response.headers_mut().insert("x-request-id", id);
    }
    response
}

/// `GET /openai/v1/models/{id}`, behind Mantle's gate.
pub async fn mantle_retrieve(Path(id): Path<String>) -> Response {
    retrieve(&Surface::Mantle, &id)
}

/// One model of `surface`'s listing, or OpenAI's 404.
fn retrieve(surface: &Surface, id: &str) -> Response {
    let listing = list(surface);
    let found = listing["data"].as_array().and_then(|models| models.iter().find(|model| model["id"] == id));
    match found {
        Some(model) => Json(model.clone()).into_response(),
        None => OpenAiError::model_not_found(id).into_response(),
    }
}

/// `GET /openai/v1/models`, behind Mantle's gate.
pub async fn mantle() -> Response {
    Json(list(&Surface::Mantle)).into_response()
}

/// The listing of `surface`.
pub fn list(surface: &Surface) -> Value {
    let route = surface.route();
    let emulator = MODELS.iter().map(|(id, _)| model(id, "routeplay"));
    let catalog = models_catalog().families().iter().filter_map(|family| family.id(route));
    let real = catalog.map(|id| model(id, owner(id)));
    json!({ "object": "list", "data": emulator.chain(real).collect::<Vec<_>>() })
}

fn model(id: &str, owned_by: &str) -> Value {
    json!({ "id": id, "object": "model", "created": CREATED, "owned_by": owned_by })
}

/// Mantle's `openai.gpt-oss-120b` is owned by `openai`; OpenAI's own ids by `system`.
fn owner(id: &str) -> &str {
    let provider = id.split_once('.').map(|(provider, _)| provider);
    provider.filter(|provider| provider.chars().all(|c| c.is_ascii_lowercase())).unwrap_or("system")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_emulator_models_first() {
        let listing = list(&Surface::OpenAi);
        assert_eq!(listing["object"], "list");
        assert_eq!(
            listing["data"][0],
            json!({"id": "emulator-sonnet", "object": "model", "created": CREATED, "owned_by": "routeplay"})
        );
        assert_eq!(owner("openai.gpt-oss-120b-1:0"), "openai");
        assert_eq!(owner("gpt-4.1"), "system");
    }

    #[test]
    fn a_listed_model_is_retrieved_and_another_is_openai_s_404() {
        assert_eq!(retrieve(&Surface::OpenAi, "emulator-sonnet").status(), 200);
        assert_eq!(retrieve(&Surface::Mantle, "emulator-thinking").status(), 200);
        assert_eq!(retrieve(&Surface::OpenAi, "no-such-model").status(), 404);
    }
}
