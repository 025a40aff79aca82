//! Turns a non-2xx response into one clear `RunError`: status, the provider's error type and
//! message, the request id, and a fix where one is known.

use crate::routes::error::{ErrorKind, RunError};
use serde::Deserialize;

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
    #[serde(default)]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

/// The error for an HTTP `status` with `body`, on `route`/`model`.
#[must_use]
pub fn from_response(route: &str, model: &str, status: u16, request_id: Option<String>, body: &[u8]) -> RunError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let (provider_type, message, body_request_id) = match parsed {
        Some(parsed) => (Some(parsed.error.kind), parsed.error.message, parsed.request_id),
        None => (None, body_excerpt(body), None),
    };
    let kind = kind_for_status(status);
    let mut error = RunError::new(kind, route, model, message);
    error.status = Some(status);
    error.provider_type = provider_type;
    error.request_id = request_id.or(body_request_id);
    error.hint = hint_for(kind, status).map(str::to_owned);
    error
}

/// What a status means for retries and hints.
#[must_use]
pub fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Auth,
        429 => ErrorKind::RateLimited,
        529 => ErrorKind::Overloaded,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::InvalidRequest,
    }
}

fn hint_for(kind: ErrorKind, status: u16) -> Option<&'static str> {
    match (kind, status) {
        (ErrorKind::Auth, 401) => Some("check the API key the sidebar names as this route's source"),
        (ErrorKind::Auth, _) => Some("the key lacks permission for this model or workspace"),
        (ErrorKind::InvalidRequest, 404) => Some("check the model id for this route"),
        (ErrorKind::InvalidRequest, 413) => Some("shorten the prompt or the conversation"),
        (ErrorKind::RateLimited, _) => Some("rate limited: wait, or lower the request rate"),
        (ErrorKind::Overloaded, _) => Some("the provider is overloaded: try again shortly"),
        _ => None,
    }
}

/// A short, printable excerpt of a body that was not the expected JSON.
fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "empty error body".into();
    }
    let excerpt: String = text.chars().take(200).collect();
    if excerpt.len() < text.len() { format!("{excerpt}…") } else { excerpt }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anthropic_error_body_names_type_message_and_request_id() {
        let body =
            br#"{"type":"error","error":{"type":"not_found_error","message":"model: nope"},"request_id":"req_1"}"#;
        let error = from_response("anthropic", "nope", 404, None, body);
        assert_eq!(error.kind, ErrorKind::InvalidRequest);
        assert_eq!(
            error.to_string(),
            "anthropic · nope: HTTP 404 not_found_error: model: nope (request id req_1). check the model id for this route"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_quoted() {
        let error = from_response("anthropic", "m", 502, Some("req_h".into()), b"<html>bad gateway</html>");
        assert_eq!(error.kind, ErrorKind::Server);
        assert_eq!(error.message, "<html>bad gateway</html>");
        assert_eq!(error.request_id.as_deref(), Some("req_h"));
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(kind_for_status(401), ErrorKind::Auth);
        assert_eq!(kind_for_status(429), ErrorKind::RateLimited);
        assert_eq!(kind_for_status(529), ErrorKind::Overloaded);
        assert_eq!(kind_for_status(503), ErrorKind::Server);
        assert_eq!(kind_for_status(400), ErrorKind::InvalidRequest);
    }
}
