//! How the Google surfaces refuse a generate request: an unknown model, and the faults that
//! come before any output, each in the shape its real service uses.

use super::demo::DEMO_PROJECT_NUMBER;
use super::error::{self, GoogleError};
use crate::emulator::faults::Rejection;
use axum::http::StatusCode;
use serde_json::json;

/// The Gemini API's service name, in `ErrorInfo.metadata.service`.
pub const GEMINI_SERVICE: &str = "generativelanguage.googleapis.com";
/// Vertex AI's service name.
pub const VERTEX_SERVICE: &str = "aiplatform.googleapis.com";
/// Where Vertex's quota errors send people.
const QUOTA_DOCS: &str = "https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai";

/// Which surface answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    GeminiApi,
    VertexGemini,
    VertexClaude,
}

/// What a generate request addressed.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub wire: Wire,
    /// Vertex only; echoed in errors, never checked.
    pub project: &'a str,
    pub location: &'a str,
    /// The model id as the URL names it.
    pub model: &'a str,
}

impl Target<'_> {
    /// `projects/P/locations/L/publishers/X/models/M`.
    fn resource(&self) -> String {
        let publisher = if self.wire == Wire::VertexClaude { "anthropic" } else { "google" };
        format!("projects/{}/locations/{}/publishers/{publisher}/models/{}", self.project, self.location, self.model)
    }
}

/// 404 for a model this surface does not serve (or the `404` fault).
pub fn model_not_found(target: &Target<'_>, method: &str) -> GoogleError {
    match target.wire {
        Wire::GeminiApi => GoogleError::not_found(format!(
            "models/{} is not found for API version v1beta, or is not supported for {method}. Call ListModels to \
             see the list of available models and their supported methods.",
            target.model
        )),
        Wire::VertexGemini | Wire::VertexClaude => {
            GoogleError::not_found(format!("Publisher Model `{}` not found.", target.resource()))
        }
    }
}

/// 403, for the `403` fault: the API disabled (Gemini API) or IAM refusing (Vertex).
pub fn forbidden(target: &Target<'_>) -> GoogleError {
    if target.wire == Wire::GeminiApi {
        let url = format!(
            "https://console.developers.google.com/apis/api/{GEMINI_SERVICE}/overview?project={DEMO_PROJECT_NUMBER}"
        );
        let message = format!(
            "Generative Language API has not been used in project {DEMO_PROJECT_NUMBER} before or it is disabled. \
             Enable it by visiting {url} then retry. If you enabled this API recently, wait a few minutes for the \
             action to propagate to our systems and retry."
        );
        let metadata = json!({
            "service": GEMINI_SERVICE,
            "consumer": format!("projects/{DEMO_PROJECT_NUMBER}"),
            "activationUrl": url,
        });
        return GoogleError::permission_denied(message)
            .with(error::help("Google developers console API activation", &url))
            .with(error::error_info("SERVICE_DISABLED", "googleapis.com", &metadata));
    }
    let resource = target.resource();
    let permission = "aiplatform.endpoints.predict";
    GoogleError::permission_denied(format!(
        "Permission '{permission}' denied on resource '//{VERTEX_SERVICE}/{resource}' (or it may not exist)."
    ))
    .with(error::error_info(
        "IAM_PERMISSION_DENIED",
        VERTEX_SERVICE,
        &json!({ "permission": permission, "resource": resource }),
    ))
}

/// The error a fault asks for; `retry_after` (seconds) feeds the Gemini API's `RetryInfo`.
pub fn rejection(target: &Target<'_>, rejection: Rejection, retry_after: u64) -> GoogleError {
    let gemini_api = target.wire == Wire::GeminiApi;
    match rejection {
        Rejection::RateLimited => rate_limited(target, retry_after),
        Rejection::Overloaded | Rejection::NotReady => {
            let message = if target.wire == Wire::VertexClaude {
                "The service is currently unavailable."
            } else {
                "The model is overloaded. Please try again later."
            };
            GoogleError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", message)
        }
        Rejection::Internal => GoogleError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            if gemini_api {
                "An internal error has occurred. Please retry or report in \
                 https://developers.generativeai.google/guide/troubleshooting"
            } else {
                "Internal error encountered."
            },
        ),
    }
}

fn rate_limited(target: &Target<'_>, retry_after: u64) -> GoogleError {
    let exhausted = |message: String| GoogleError::new(StatusCode::TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", message);
    match target.wire {
        Wire::GeminiApi => {
            exhausted("Resource has been exhausted (e.g. check quota).".to_owned()).with(error::retry_info(retry_after))
        }
        // As clients saw it: no details.
        Wire::VertexClaude => {
            let base = target.model.split('@').next().unwrap_or(target.model);
            exhausted(format!(
                "Quota exceeded for {VERTEX_SERVICE}/online_prediction_requests_per_base_model with base model: \
                 anthropic-{base}. Please submit a quota increase request. {QUOTA_DOCS}."
            ))
        }
        Wire::VertexGemini => {
            let metric = format!("{VERTEX_SERVICE}/generate_content_requests_per_minute_per_project_per_base_model");
            let metadata = json!({
                "service": VERTEX_SERVICE,
                "consumer": format!("projects/{}", target.project),
                "quota_metric": metric,
                "quota_limit": "GenerateContentRequestsPerMinutePerProjectPerBaseModel",
                "quota_location": target.location,
                "quota_limit_value": "0",
            });
            exhausted(format!(
                "Quota exceeded for {metric} with base model: {}. Please submit a quota increase request. \
                 {QUOTA_DOCS}.",
                target.model
            ))
            .with(error::error_info("RATE_LIMIT_EXCEEDED", "googleapis.com", &metadata))
            .with(error::help(
                "Request a higher quota limit.",
                "https://cloud.google.com/docs/quota#requesting_higher_quota",
            ))
        }
    }
}

/// The error a Gemini stream ends with for `error-mid-stream`: a bare JSON object.
pub fn mid_stream() -> GoogleError {
    GoogleError::new(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "The model is overloaded. Please try again later.")
}
