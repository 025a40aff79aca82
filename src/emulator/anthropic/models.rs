//! `GET /v1/models` (with `limit`, `after_id`, `before_id`) and `GET /v1/models/{id}`, in the
//! Anthropic list shape.

use super::auth;
use super::error::ApiError;
use crate::emulator::catalog::{self, MODELS};
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use axum::Json;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;

/// The date the emulator models claim to be from; fixed so listings never change.
const CREATED_AT: &str = "2025-01-01T00:00:00Z";
/// Page size without `limit`, as the API.
const DEFAULT_LIMIT: usize = 20;

pub async fn list(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    auth::check(&headers, &state.options.api_key)
        .and_then(|()| page(query.as_deref().unwrap_or("")))
        .map_or_else(|error| error.into_response(&tag.id), |page| Json(page).into_response())
}

pub async fn retrieve(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    auth::check(&headers, &state.options.api_key)
        .and_then(|()| {
            MODELS
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(id, _)| model(id))
                .ok_or_else(|| ApiError::not_found(format!("model: {id}")))
        })
        .map_or_else(|error| error.into_response(&tag.id), |model| Json(model).into_response())
}

/// One model, in the order the API sends its fields.
#[derive(Debug, Serialize)]
struct ModelInfo {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'static str,
    display_name: String,
    created_at: &'static str,
}

/// A page of models.
#[derive(Debug, Serialize)]
struct Page {
    data: Vec<ModelInfo>,
    has_more: bool,
    first_id: Option<&'static str>,
    last_id: Option<&'static str>,
}

fn model(id: &'static str) -> ModelInfo {
    ModelInfo { kind: "model", id, display_name: catalog::display_name(id), created_at: CREATED_AT }
}

/// One page of the listing for the query string `query`.
fn page(query: &str) -> Result<Page, ApiError> {
    let mut ids: Vec<&'static str> = MODELS.iter().map(|(id, _)| *id).collect();
    let mut limit = DEFAULT_LIMIT;
    let mut from_end = false;
    for (name, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
        match name {
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| ApiError::invalid("limit: must be an integer from 1 to 1000"))?;
            }
            "after_id" => ids = ids.iter().skip_while(|id| **id != value).skip(1).copied().collect(),
            "before_id" => {
                ids = ids.iter().take_while(|id| **id != value).copied().collect();
                from_end = true;
            }
            _ => {}
        }
    }
    let has_more = ids.len() > limit;
    let start = if from_end { ids.len().saturating_sub(limit) } else { 0 };
    let shown = &ids[start..(start + limit).min(ids.len())];
    Ok(Page {
        data: shown.iter().map(|id| model(id)).collect(),
        has_more,
        first_id: shown.first().copied(),
        last_id: shown.last().copied(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages() {
        let all = page("").expect("page");
        assert_eq!(all.data.len(), MODELS.len());
        assert_eq!(all.first_id, Some("emulator-sonnet"));
        assert!(!all.has_more);
        let first = page("limit=1").expect("page");
        assert_eq!((first.last_id, first.has_more), (Some("emulator-sonnet"), true));
        assert_eq!(page("limit=1&after_id=emulator-sonnet").expect("page").first_id, Some("emulator-thinking"));
        assert_eq!(page("before_id=emulator-tools&limit=1").expect("page").first_id, Some("emulator-thinking"));
        assert!(page("limit=0").is_err());
    }

    #[test]
    fn a_model_serialises_type_first() {
        let json = serde_json::to_string(&model("emulator-sonnet")).expect("json");
        assert!(json.starts_with(r#"{"type":"model","id":"emulator-sonnet""#), "{json}");
    }
}
