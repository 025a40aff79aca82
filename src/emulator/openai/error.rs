//! OpenAI's error responses, `{"error":{"message","type","param","code"}}` (`param` and `code`
//! are `null` when they do not apply, as the API sends them), and the refusal of any of this
//! module's surfaces: OpenAI's shape, or Google's on Vertex.

use crate::emulator::faults::Rejection;
use crate::emulator::google::error::GoogleError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error in OpenAI's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAiError {
    status: StatusCode,
    body: Detail,
    retry_after: Option<u64>,
}

/// The `error` object, fields in OpenAI's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub message: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub param: Option<String>,
    pub code: Option<&'static str>,
}

impl OpenAiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self { status, body: Detail { message: message.into(), kind, param: None, code: None }, retry_after: None }
    }

    /// 400 `invalid_request_error` about `param` (a JSON path such as `messages[0].content`).
    pub fn invalid(message: impl Into<String>, param: Option<&str>, code: Option<&'static str>) -> Self {
        let mut error = Self::new(StatusCode::BAD_REQUEST, "invalid_request_error", message);
        error.body.param = param.map(str::to_owned);
        error.body.code = code;
        error
    }

    /// 401 `invalid_api_key`; the key itself is never echoed.
    pub fn invalid_api_key(missing: bool) -> Self {
        let message = if missing {
            "You didn't provide an API key. You need to provide your API key in an Authorization header using \
             Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        } else {
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys."
        };
        let mut error = Self::new(StatusCode::UNAUTHORIZED, "invalid_request_error", message);
        error.body.code = Some("invalid_api_key");
        error
    }

    /// 404 `model_not_found`.
    pub fn model_not_found(model: &str) -> Self {
        let message = format!("The model `{model}` does not exist or you do not have access to it.");
        let mut error = Self::new(StatusCode::NOT_FOUND, "invalid_request_error", message);
        error.body.code = Some("model_not_found");
        error
    }

    /// The error a fault asks for; `retry_after` (seconds) goes in the 429's `retry-after`.
    pub fn rejection(rejection: Rejection, retry_after: u64) -> Self {
        match rejection {
            Rejection::RateLimited => {
                let message = format!("Rate limit reached for requests. Please try again in {retry_after}s.");
                let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, "requests", message);
                error.body.code = Some("rate_limit_exceeded");
                error.retry_after = Some(retry_after);
                error
            }
            Rejection::Overloaded | Rejection::NotReady => {
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "server_error", "The server is overloaded or not ready yet.")
            }
            Rejection::Internal => Self::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", SERVER_ERROR),
        }
    }
}

/// OpenAI's words for a server-side failure, also sent mid-stream.
pub const SERVER_ERROR: &str = "The server had an error while processing your request. Sorry about that!";

/// `{"error":{…}}` around `detail`.
pub fn envelope(detail: &Detail) -> String {
    // Strings and options of strings always serialise.
    serde_json::to_string(&Envelope { error: detail }).unwrap_or_default()
}

/// `{"error":…}`, keeping the detail's field order.
#[derive(Serialize)]
struct Envelope<'a> {
    error: &'a Detail,
}

impl IntoResponse for OpenAiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(Envelope { error: &self.body })).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Why a request of these surfaces is not answered, in the surface's shape.
#[derive(Debug)]
pub enum Refusal {
    OpenAi(OpenAiError),
    Google(GoogleError),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Self::OpenAi(error) => error.into_response(),
            Self::Google(error) => error.into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_with_null_param_and_code() {
        let json: serde_json::Value =
            serde_json::from_str(&envelope(&OpenAiError::rejection(Rejection::Internal, 0).body)).expect("json");
        assert_eq!(json["error"]["type"], "server_error");
        assert!(json["error"]["param"].is_null() && json["error"]["code"].is_null());
        let invalid = OpenAiError::invalid("bad", Some("stop"), Some("invalid_type"));
        let json = envelope(&invalid.body);
        assert!(json.contains(r#""param":"stop","code":"invalid_type""#), "{json}");
    }
}
