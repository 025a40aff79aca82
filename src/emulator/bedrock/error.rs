//! AWS JSON error responses, as Bedrock sends them before a stream starts: the status, the code
//! in the `x-amzn-ErrorType` header, and `{"message":…}` as the body.

use super::failure::Failure;
use crate::emulator::faults::Rejection;
use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The header naming the error's code.
const ERROR_TYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");

/// An error to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    status: StatusCode,
    code: String,
    message: String,
}

impl AwsError {
    fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { status, code: code.into(), message: message.into() }
    }

    /// 400 `ValidationException`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "ValidationException", message)
    }

    /// 400 `ValidationException` about an `InvokeModel` body, worded as Bedrock words it.
    pub fn malformed_input(problem: &str) -> Self {
        Self::validation(format!("Malformed input request: {problem}, please reformat your input and try again."))
    }

    /// 404 `ResourceNotFoundException`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
    }

    /// 413, for a body too large to read.
    pub fn too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "ValidationException", "Request body is too large.")
    }

    /// The error a fault asks for.
    pub fn rejection(rejection: Rejection) -> Self {
        match rejection {
            Rejection::RateLimited => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "ThrottlingException",
                "Too many requests, please wait before trying again.",
            ),
            Rejection::Overloaded => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailableException",
                "Bedrock is unable to process your request.",
            ),
            Rejection::Internal => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                "The server encountered an internal error while processing the request.",
            ),
            // The status Bedrock's service model gives the exception; its documented meaning.
            Rejection::NotReady => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "ModelNotReadyException",
                "The model specified in the request is not ready to serve inference requests.",
            ),
        }
    }

    /// A refused credential: 403.
    pub fn refused(failure: &Failure) -> Self {
        Self::new(StatusCode::FORBIDDEN, failure.json_code(), failure.message())
    }
}

impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "message": self.message }))).into_response();
        if let Ok(code) = HeaderValue::from_str(&self.code) {
            response.headers_mut().insert(ERROR_TYPE, code);
        }
        response
    }
}
