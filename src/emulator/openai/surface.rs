//! The three surfaces that speak Chat Completions, and how each refuses: OpenAI's shape on
//! `openai` and on Mantle (whose own shape for these errors is not confirmed: AWS documents
//! only that Mantle is OpenAI-compatible), Google's on Vertex.

use super::error::{self, Detail, OpenAiError, Refusal};
use crate::emulator::faults::Rejection;
use crate::emulator::google::error::GoogleError;
use crate::emulator::google::refuse::{self, Target, Wire};
use crate::routes::RouteId;
use axum::http::StatusCode;

/// Which surface a request came in on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Surface {
    /// `POST /v1/chat/completions` with the emulator's key.
    OpenAi,
    /// Bedrock Mantle: `/openai/v1/…`, or `/v1/…` with AWS credentials.
    Mantle,
    /// `POST /v1/projects/{project}/locations/{location}/endpoints/openapi/chat/completions`.
    Vertex { project: String, location: String },
}

impl Surface {
    /// The route whose catalog ids this surface serves.
    pub fn route(&self) -> RouteId {
        match self {
            Self::OpenAi => RouteId::OpenAi,
            Self::Mantle => RouteId::BedrockOpenAi,
            Self::Vertex { .. } => RouteId::VertexOpenAi,
        }
    }

    /// 400 about `param`; on Vertex the message alone, as `INVALID_ARGUMENT`.
    pub fn invalid(&self, message: impl Into<String>, param: Option<&str>, code: Option<&'static str>) -> Refusal {
        match self {
            Self::Vertex { .. } => Refusal::Google(GoogleError::invalid(message)),
            Self::OpenAi | Self::Mantle => Refusal::OpenAi(OpenAiError::invalid(message, param, code)),
        }
    }

    /// 404 for a model the surface does not serve.
    pub fn model_not_found(&self, model: &str) -> Refusal {
        match self {
            Self::Vertex { project, location } => Refusal::Google(GoogleError::not_found(format!(
                "Publisher Model `projects/{project}/locations/{location}/publishers/{}` not found.",
                model.replacen('/', "/models/", 1)
            ))),
            Self::OpenAi | Self::Mantle => Refusal::OpenAi(OpenAiError::model_not_found(model)),
        }
    }

    /// The error a fault asks for; on Vertex, as Vertex Gemini refuses (`model` without publisher).
    pub fn rejection(&self, rejection: Rejection, retry_after: u64, model: &str) -> Refusal {
        match self {
            Self::Vertex { project, location } => {
                let target = Target { wire: Wire::VertexGemini, project, location, model };
                Refusal::Google(refuse::rejection(&target, rejection, retry_after))
            }
            Self::OpenAi | Self::Mantle => Refusal::OpenAi(OpenAiError::rejection(rejection, retry_after)),
        }
    }

    /// The JSON of a mid-stream error: OpenAI's server error, or Google's 503 on Vertex.
    pub fn stream_error(&self) -> String {
        match self {
            Self::Vertex { .. } => {
                let error = serde_json::json!({
                    "error": { "code": StatusCode::SERVICE_UNAVAILABLE.as_u16(), "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE" }
                });
                error.to_string()
            }
            Self::OpenAi | Self::Mantle => error::envelope(&Detail {
                message: error::SERVER_ERROR.to_owned(),
                kind: "server_error",
                param: None,
                code: None,
            }),
        }
    }
}
