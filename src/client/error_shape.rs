//! Reading an error body by its shape. The route's spec names the shape its errors come in,
//! which is read first; the others follow, since a proxy or a gateway in front of a route may
//! answer in another provider's shape.

use crate::routes::google_error::{GoogleError, parse_google_error};
use crate::routes::spec::ErrorShape;
use reqwest::header::HeaderMap;
use serde::Deserialize;

/// What an error body says.
pub enum ErrorBody {
    /// Google's envelope, whose status, reason and retry delay have hints of their own.
    Google(GoogleError),
    /// Anthropic's, OpenAI's or AWS's: the provider's error type, the message and a request id.
    Other { provider_type: Option<String>, message: String, request_id: Option<String> },
}

#[derive(Deserialize)]
struct AnthropicBody {
    error: AnthropicDetail,
    #[serde(default)]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct AnthropicDetail {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

#[derive(Deserialize)]
struct OpenAiBody {
    error: OpenAiDetail,
    /// `"error"` in Anthropic's bodies, which are read as Anthropic's (with their request id).
    #[serde(default, rename = "type")]
    top_type: Option<String>,
}

#[derive(Deserialize)]
struct OpenAiDetail {
    message: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    /// A string (`model_not_found`) from OpenAI; a number from some local servers.
    #[serde(default)]
    code: Option<serde_json::Value>,
}

impl OpenAiDetail {
    /// The code when it is a word, else the type: what a fix is chosen by.
    fn provider_type(&self) -> Option<String> {
        let code = self.code.as_ref().and_then(serde_json::Value::as_str).filter(|code| !code.is_empty());
        code.or(self.kind.as_deref().filter(|kind| !kind.is_empty())).map(str::to_owned)
    }
}

#[derive(Deserialize)]
struct AwsBody {
    #[serde(alias = "Message")]
    message: String,
    #[serde(default, rename = "__type")]
    kind: Option<String>,
}

/// The body read as `first`'s shape, else as the first other shape it has; failing all, the
/// AWS error type header (if any) and a printable excerpt of the body.
#[must_use]
pub fn read(first: ErrorShape, headers: &HeaderMap, body: &[u8]) -> ErrorBody {
    first.first_then_others().find_map(|shape| read_as(shape, headers, body)).unwrap_or_else(|| ErrorBody::Other {
        provider_type: aws_header_type(headers),
        message: body_excerpt(body),
        request_id: None,
    })
}

/// The body as `shape`, if it has that shape.
fn read_as(shape: ErrorShape, headers: &HeaderMap, body: &[u8]) -> Option<ErrorBody> {
    match shape {
        ErrorShape::Anthropic => serde_json::from_slice::<AnthropicBody>(body).ok().map(|anthropic| ErrorBody::Other {
            provider_type: Some(anthropic.error.kind),
            message: anthropic.error.message,
            request_id: anthropic.request_id,
        }),
        // Google's has neither a `type` nor a word for a code, so it does not pass for this one.
        ErrorShape::OpenAiCompatible => serde_json::from_slice::<OpenAiBody>(body)
            .ok()
            .filter(|openai| openai.top_type.as_deref() != Some("error"))
            .and_then(|openai| {
                let provider_type = openai.error.provider_type()?;
                Some(ErrorBody::Other {
                    provider_type: Some(provider_type),
                    message: openai.error.message,
                    request_id: None,
                })
            }),
        // An Anthropic body (`error.type` and `error.message`) would also pass for a Google one;
        // Google's always has a code or a status.
        ErrorShape::Google => parse_google_error(body)
            .filter(|google| {
                google.code != 0 || !google.status.is_empty() || serde_json::from_slice::<AnthropicBody>(body).is_err()
            })
            .map(ErrorBody::Google),
        // AWS puts the type in a header as `Code[:namespace]`, or in the body's `__type`.
        ErrorShape::Aws => serde_json::from_slice::<AwsBody>(body).ok().map(|aws| {
            let body_type = aws.kind.map(|kind| kind.rsplit('#').next().unwrap_or_default().to_owned());
            ErrorBody::Other {
                provider_type: aws_header_type(headers).or(body_type),
                message: aws.message,
                request_id: None,
            }
        }),
    }
}

/// The code in `x-amzn-ErrorType: Code[:namespace]`.
fn aws_header_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-amzn-errortype")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(':').next())
        .map(str::to_owned)
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

    fn other(shape: ErrorShape, body: &str) -> (Option<String>, String, Option<String>) {
        match read(shape, &HeaderMap::new(), body.as_bytes()) {
            ErrorBody::Other { provider_type, message, request_id } => (provider_type, message, request_id),
            ErrorBody::Google(google) => panic!("read as Google's: {}", google.message),
        }
    }

    #[test]
    fn an_openai_body_names_its_code_else_its_type() {
        let coded = r#"{"error":{"message":"No such model","type":"invalid_request_error","param":"model","code":"model_not_found"}}"#;
        assert_eq!(
            other(ErrorShape::OpenAiCompatible, coded),
            (Some("model_not_found".into()), "No such model".into(), None)
        );
        let typed = r#"{"error":{"message":"bad","type":"BadRequestError","param":null,"code":400}}"#;
        assert_eq!(other(ErrorShape::OpenAiCompatible, typed).0.as_deref(), Some("BadRequestError"));
    }

    #[test]
    fn anthropic_and_google_bodies_keep_their_own_reading_on_an_openai_route() {
        let anthropic = r#"{"type":"error","error":{"type":"overloaded_error","message":"busy"},"request_id":"req_9"}"#;
        assert_eq!(other(ErrorShape::OpenAiCompatible, anthropic).2.as_deref(), Some("req_9"), "read as Anthropic's");
        let google =
            br#"{"error":{"code":400,"message":"Model id must be publisher/model","status":"INVALID_ARGUMENT"}}"#;
        assert!(matches!(read(ErrorShape::OpenAiCompatible, &HeaderMap::new(), google), ErrorBody::Google(_)));
    }
}
