//! Google API errors: `{"error":{"code","message","status","details":[…]}}`, pretty-printed
//! as Google's front ends send them, optionally wrapped in a one-element array (as some
//! clients saw Vertex answer, and as `streamGenerateContent` without `alt=sse` answers).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

/// The `@type` prefix of `details` entries.
const TYPE_PREFIX: &str = "type.googleapis.com/google.rpc.";

/// An error to answer with.
#[derive(Debug, Clone, PartialEq)]
pub struct GoogleError {
    status: StatusCode,
    rpc: &'static str,
    message: String,
    details: Vec<Value>,
    in_array: bool,
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: Inner<'a>,
}

/// The `error` object, fields in Google's order.
#[derive(Serialize)]
struct Inner<'a> {
    code: u16,
    message: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "<[Value]>::is_empty")]
    details: &'a [Value],
}

impl GoogleError {
    pub fn new(status: StatusCode, rpc: &'static str, message: impl Into<String>) -> Self {
        Self { status, rpc, message: message.into(), details: Vec::new(), in_array: false }
    }

    /// 400 `INVALID_ARGUMENT`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", message)
    }

    /// 404 `NOT_FOUND`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    /// 401 `UNAUTHENTICATED` with an `ErrorInfo` naming `reason`.
    pub fn unauthenticated(message: impl Into<String>, reason: &str, service: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message).with(error_info(
            reason,
            "googleapis.com",
            &json!({ "service": service }),
        ))
    }

    /// 403 `PERMISSION_DENIED`.
    pub fn permission_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "PERMISSION_DENIED", message)
    }

    /// Add a `details` entry.
    #[must_use]
    pub fn with(mut self, detail: Value) -> Self {
        self.details.push(detail);
        self
    }

    /// Send it as `[{"error":…}]`.
    #[must_use]
    pub fn in_array(mut self) -> Self {
        self.in_array = true;
        self
    }

    #[cfg(test)]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The body, pretty-printed, without the array.
    pub fn pretty(&self) -> String {
        let status =
            Inner { code: self.status.as_u16(), message: &self.message, status: self.rpc, details: &self.details };
        // Serialising strings, numbers and JSON values cannot fail.
        serde_json::to_string_pretty(&Envelope { error: status }).unwrap_or_default()
    }
}

impl IntoResponse for GoogleError {
    fn into_response(self) -> Response {
        let pretty = self.pretty();
        let body = if self.in_array { format!("[{pretty}\n]\n") } else { format!("{pretty}\n") };
        let content_type = HeaderValue::from_static("application/json; charset=UTF-8");
        (self.status, [(header::CONTENT_TYPE, content_type)], body).into_response()
    }
}

/// A `google.rpc.ErrorInfo` detail.
pub fn error_info(reason: &str, domain: &str, metadata: &Value) -> Value {
    json!({ "@type": format!("{TYPE_PREFIX}ErrorInfo"), "reason": reason, "domain": domain, "metadata": metadata })
}

/// A `google.rpc.Help` detail with one link.
pub fn help(description: &str, url: &str) -> Value {
    json!({ "@type": format!("{TYPE_PREFIX}Help"), "links": [{ "description": description, "url": url }] })
}

/// A `google.rpc.LocalizedMessage` detail in `en-US`.
pub fn localized(message: &str) -> Value {
    json!({ "@type": format!("{TYPE_PREFIX}LocalizedMessage"), "locale": "en-US", "message": message })
}

/// A `google.rpc.RetryInfo` detail.
pub fn retry_info(seconds: u64) -> Value {
    json!({ "@type": format!("{TYPE_PREFIX}RetryInfo"), "retryDelay": format!("{seconds}s") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_in_google_order() {
        let error = GoogleError::invalid("bad").with(localized("bad"));
        let pretty = error.pretty();
        assert!(pretty.starts_with("{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"bad\",\n"), "{pretty}");
        let value: Value = serde_json::from_str(&pretty).expect("json");
        assert_eq!(value["error"]["status"], "INVALID_ARGUMENT");
        assert_eq!(value["error"]["details"][0]["locale"], "en-US");
        let bare: Value = serde_json::from_str(&GoogleError::not_found("x").pretty()).expect("json");
        assert!(bare["error"].get("details").is_none());
    }
}
