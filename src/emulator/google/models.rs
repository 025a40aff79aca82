//! Model listings: the Gemini API's `GET /v1beta/models` and `/v1beta/models/{model}`, and
//! Vertex's publisher models `GET /v1beta1/publishers/{google|anthropic}/models[/{model}]`,
//! each paginated with `pageSize` and `pageToken`.

use super::catalog::{CLAUDE_MODELS, ClaudeModel, GEMINI_MODELS, GeminiModel, Thinks};
use super::error::GoogleError;
use super::{form, page};
use axum::Json;
use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The Gemini API's page size without `pageSize`.
const GEMINI_PAGE: usize = 50;
/// Vertex's page size without `pageSize`.
const PUBLISHER_PAGE: usize = 100;

/// A Gemini API model, fields in the API's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelInfo {
    name: String,
    version: &'static str,
    display_name: &'static str,
    description: &'static str,
    input_token_limit: u32,
    output_token_limit: u32,
    supported_generation_methods: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    top_k: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_temperature: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    thinking: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ModelPage {
    models: Vec<ModelInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_page_token: Option<String>,
}

/// A Vertex publisher model.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ListedModel {
    name: String,
    version_id: String,
    open_source_category: &'static str,
    launch_stage: &'static str,
    version_state: &'static str,
    /// What to call it by: `…/models/{id}@{version}`.
    publisher_model_template: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PublisherPage {
    publisher_models: Vec<ListedModel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_page_token: Option<String>,
}

/// `GET /v1beta/models`.
pub async fn gemini_list(RawQuery(query): RawQuery) -> Response {
    let query = form::pairs(query.as_deref().unwrap_or(""));
    match page::page(GEMINI_MODELS, &query, GEMINI_PAGE) {
        Ok((shown, next_page_token)) => {
            Json(ModelPage { models: shown.iter().map(info).collect(), next_page_token }).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `GET /v1beta/models/{model}`.
pub async fn gemini_get(Path(model): Path<String>) -> Response {
    match GEMINI_MODELS.iter().find(|known| known.id == model) {
        Some(known) => Json(info(known)).into_response(),
        None => GoogleError::not_found(format!(
            "models/{model} is not found for API version v1beta, or is not supported for get. Call ListModels to see \
             the list of available models and their supported methods."
        ))
        .into_response(),
    }
}

/// `GET /v1beta1/publishers/{publisher}/models`; publishers other than `google` and
/// `anthropic` have no models here.
pub async fn publisher_list(Path(publisher): Path<String>, RawQuery(query): RawQuery) -> Response {
    let query = form::pairs(query.as_deref().unwrap_or(""));
    let all = publisher_models(&publisher);
    match page::page(&all, &query, PUBLISHER_PAGE) {
        Ok((shown, next_page_token)) => {
            let publisher_models =
                shown.iter().map(|(id, version, stage)| publisher_model(&publisher, id, version, stage));
            Json(PublisherPage { publisher_models: publisher_models.collect(), next_page_token }).into_response()
        }
        Err(error) => error.into_response(),
    }
}

/// `GET /v1beta1/publishers/{publisher}/models/{model}` (with or without `@version`).
pub async fn publisher_get(Path((publisher, model)): Path<(String, String)>) -> Response {
    let id = model.split('@').next().unwrap_or(&model);
    if let Some((id, version, stage)) = publisher_models(&publisher).into_iter().find(|(known, _, _)| *known == id) {
        return Json(publisher_model(&publisher, id, version, stage)).into_response();
    }
    // What can be called is there too: the catalog's ids and versioned Gemini ids.
    let callable = match publisher.as_str() {
        "google" => super::catalog::gemini_model(&model).is_some(),
        "anthropic" => super::catalog::claude_model(&model).is_some(),
        _ => false,
    };
    if callable {
        let version = model.split_once('@').map_or("default", |(_, version)| version);
        return Json(publisher_model(&publisher, id, version, "GA")).into_response();
    }
    GoogleError::not_found(format!("Publisher Model `publishers/{publisher}/models/{model}` not found."))
        .into_response()
}

fn info(model: &GeminiModel) -> ModelInfo {
    let methods: &'static [&'static str] = if model.generates {
        &["generateContent", "streamGenerateContent", "countTokens", "createCachedContent", "batchGenerateContent"]
    } else {
        &["embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"]
    };
    let sampling = model.generates;
    ModelInfo {
        name: format!("models/{}", model.id),
        version: "001",
        display_name: model.display_name,
        description: model.description,
        input_token_limit: model.input_limit,
        output_token_limit: model.output_limit,
        supported_generation_methods: methods,
        temperature: sampling.then_some(1.0),
        top_p: sampling.then_some(0.95),
        top_k: sampling.then_some(64),
        max_temperature: sampling.then_some(2.0),
        thinking: model.thinks != Thinks::Never,
    }
}

/// A publisher's models: id, version and launch stage.
fn publisher_models(publisher: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    match publisher {
        "google" => GEMINI_MODELS.iter().map(|model| (model.id, "default", "GA")).collect(),
        "anthropic" => {
            CLAUDE_MODELS.iter().map(|&ClaudeModel { id, version, launch_stage }| (id, version, launch_stage)).collect()
        }
        _ => Vec::new(),
    }
}

fn publisher_model(publisher: &str, id: &str, version: &str, stage: &'static str) -> ListedModel {
    ListedModel {
        name: format!("publishers/{publisher}/models/{id}"),
        version_id: version.to_owned(),
        open_source_category: "PROPRIETARY",
        launch_stage: stage,
        version_state: "VERSION_STATE_STABLE",
        publisher_model_template: format!(
            "projects/{{project}}/locations/{{location}}/publishers/{publisher}/models/{id}@{version}"
        ),
    }
}
