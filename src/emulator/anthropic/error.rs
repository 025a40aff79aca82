//! Anthropic error responses:
//! `{"type":"error","error":{"type":…,"message":…},"request_id":"req_…"}`.

use crate::emulator::faults::Rejection;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error to answer with instead of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self { status, kind, message: message.into(), retry_after: None }
    }

    /// 400 `invalid_request_error`; the message names the field or header at fault.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request_error", message)
    }

    /// 401 `authentication_error`.
    pub fn authentication() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "authentication_error", "invalid x-api-key")
    }

    /// 404 `not_found_error`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found_error", message)
    }

    /// The error a fault asks for; `retry_after` (seconds) only matters for rate limits.
    pub fn rejection(rejection: Rejection, retry_after: u64) -> Self {
        match rejection {
            Rejection::RateLimited => Self {
                retry_after: Some(retry_after),
                ..Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limit_error",
                    "Number of requests has exceeded your rate limit",
                )
            },
            Rejection::Overloaded | Rejection::NotReady => {
                Self::new(overloaded_status(), "overloaded_error", "Overloaded")
            }
            Rejection::Internal => Self::new(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "Internal server error"),
        }
    }

    /// The error body alone, as a batch's `errored` result carries it.
    pub fn body<'a>(&'a self, request_id: Option<&'a str>) -> Body<'a> {
        Body::new(self.kind, &self.message, request_id)
    }

    /// 413 `request_too_large`.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "request_too_large", message)
    }

    /// 429 `rate_limit_error` with its own message (a limit on what the server holds).
    pub fn limited(message: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limit_error", message)
    }

    /// The JSON response, stamped with the request's id.
    pub fn into_response(self, request_id: &str) -> Response {
        let mut response = (self.status, Json(Body::new(self.kind, &self.message, Some(request_id)))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The error body; a stream's `error` event carries it without `request_id`.
#[derive(Debug, Serialize)]
pub struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    error: Detail<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Detail<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    message: &'a str,
}

impl<'a> Body<'a> {
    pub fn new(kind: &'a str, message: &'a str, request_id: Option<&'a str>) -> Self {
        Self { kind: "error", error: Detail { kind, message }, request_id }
    }
}

/// 529, Anthropic's "overloaded", which `http` has no constant for.
fn overloaded_status() -> StatusCode {
    StatusCode::from_u16(529).unwrap_or(StatusCode::SERVICE_UNAVAILABLE)
}
