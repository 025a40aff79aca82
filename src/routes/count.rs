//! Token counting before sending (PROTOCOLS-WAVE2 §5): each route's counting request, built
//! from the very request the route would send, so controls, attachments and the system prompt
//! are counted as they will be sent; and the count read back from any route's answer.

use super::http::HttpRequest;
use super::request::ChatRequest;
use super::spec::{Endpoint, RouteSpec};
use base64::Engine as _;
use serde_json::{Map, Value, json};

/// How a route counts a request's input tokens, declared in its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCounting {
    /// `POST {base}/v1/messages/count_tokens` with the Messages body, `model` in it, minus the
    /// fields counting does not take (Anthropic, Mantle, the emulator).
    MessagesCountTokens,
    /// `POST {runtime}/model/{id}/count-tokens`, `input.invokeModel.body` the Invoke body in
    /// base64; a cross-region profile id is refused, so the bare foundation id is counted.
    BedrockInvoke,
    /// `POST {runtime}/model/{id}/count-tokens`, `input.converse` the Converse body's messages,
    /// system prompt and model fields; the bare foundation id as for Invoke.
    BedrockConverse,
    /// `POST …/models/{model}:countTokens` with `generateContentRequest`, so the system prompt
    /// and generation config count too (the Gemini API).
    GeminiGenerateContentRequest,
    /// `POST …/publishers/google/models/{model}:countTokens` with the body's own fields (Vertex).
    VertexCountTokens,
    /// `POST …/publishers/anthropic/models/count-tokens:rawPredict`, the model kept in the body.
    VertexClaudeRawPredict,
}

/// What `count_tokens` takes of a Messages body (PY `message_count_tokens_params.py`).
const MESSAGES_COUNT_FIELDS: &[&str] =
    &["model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "anthropic_version"];

/// What Converse's `CountTokens` input takes (BCR `ConverseTokensRequest`).
const CONVERSE_COUNT_FIELDS: &[&str] = &["messages", "system", "toolConfig", "additionalModelRequestFields"];

/// What a generateContent body contributes to a count.
const GEMINI_COUNT_FIELDS: &[&str] = &["contents", "systemInstruction", "tools", "generationConfig"];

/// A counting request and the model id it counts (which may be the bare foundation id).
#[derive(Debug, Clone, PartialEq)]
pub struct CountRequest {
    pub http: HttpRequest,
    pub counted_model: String,
}

/// The counting request for `model` on the route of `spec`, built from the request the route
/// would send; `Err` says why the route has none.
///
/// # Errors
/// When the route declares no counting endpoint, or its send URL is not of the form counting
/// rewrites (a proxy's).
pub fn count_request(
    spec: &RouteSpec,
    endpoint: &Endpoint<'_>,
    model: &str,
    request: &ChatRequest,
) -> Result<CountRequest, String> {
    let counting = counting_of(spec)?;
    let sent = spec.request(endpoint, model, request);
    let body: Value = serde_json::from_slice(&sent.body).unwrap_or(Value::Null);
    let base = endpoint.base_url.trim_end_matches('/');
    let (url, body, counted_model) = match counting {
        TokenCounting::MessagesCountTokens => {
            let mut fields = keep(&body, MESSAGES_COUNT_FIELDS);
            fields.remove("anthropic_version");
            (format!("{base}/v1/messages/count_tokens"), Value::Object(fields), model.to_owned())
        }
        TokenCounting::BedrockInvoke | TokenCounting::BedrockConverse => {
            let foundation = bare_foundation_id(model);
            let input = if counting == TokenCounting::BedrockInvoke {
                json!({ "invokeModel": { "body": base64::engine::general_purpose::STANDARD.encode(&sent.body) } })
            } else {
                json!({ "converse": Value::Object(keep(&body, CONVERSE_COUNT_FIELDS)) })
            };
            let url = format!("{base}/model/{}/count-tokens", crate::auth::aws::sigv4::encode_path_segment(foundation));
            (url, json!({ "input": input }), foundation.to_owned())
        }
        TokenCounting::GeminiGenerateContentRequest => {
            let mut inner = keep(&body, GEMINI_COUNT_FIELDS);
            inner.insert("model".into(), format!("models/{}", model.trim_start_matches("models/")).into());
            (gemini_count_url(&sent.url)?, json!({ "generateContentRequest": inner }), model.to_owned())
        }
        TokenCounting::VertexCountTokens => {
            (gemini_count_url(&sent.url)?, Value::Object(keep(&body, GEMINI_COUNT_FIELDS)), model.to_owned())
        }
        TokenCounting::VertexClaudeRawPredict => {
            let mut fields = keep(&body, MESSAGES_COUNT_FIELDS);
            fields.insert("model".into(), model.into());
            let (prefix, _) = sent
                .url
                .rsplit_once("/models/")
                .ok_or_else(|| format!("cannot derive the count-tokens URL from {}", sent.url))?;
            (format!("{prefix}/models/count-tokens:rawPredict"), Value::Object(fields), model.to_owned())
        }
    };
    // The Messages routes' headers (`anthropic-version`, a beta list) apply to counting too;
    // the others' (Bedrock's guardrail and tier headers, `accept: text/event-stream`) do not.
    let headers = match counting {
        TokenCounting::MessagesCountTokens => {
            let replaced = |name: &str| ["accept", "content-type"].iter().any(|n| name.eq_ignore_ascii_case(n));
            sent.headers.into_iter().filter(|(name, _)| !replaced(name)).collect()
        }
        _ => Vec::new(),
    };
    let body = serde_json::to_vec(&body).unwrap_or_default();
    Ok(CountRequest { http: HttpRequest::post_json(url, headers, body), counted_model })
}

/// How `spec`'s route counts tokens; `Err` says it cannot, and why (its capabilities' reason).
///
/// # Errors
/// When the route declares no counting endpoint.
pub fn counting_of(spec: &RouteSpec) -> Result<TokenCounting, String> {
    spec.token_counting.ok_or_else(|| match spec.capabilities.token_count {
        super::capabilities::Support::Dropped { why } => {
            format!("{} cannot count tokens before sending: {why}", spec.id)
        }
        _ => format!("{} has no token-counting endpoint", spec.id),
    })
}

/// The object's `fields`, in its order.
fn keep(body: &Value, fields: &[&str]) -> Map<String, Value> {
    body.as_object()
        .map(|object| object.iter().filter(|(key, _)| fields.contains(&key.as_str())))
        .into_iter()
        .flatten()
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// `…:streamGenerateContent?alt=sse` → `…:countTokens`.
fn gemini_count_url(sent: &str) -> Result<String, String> {
    sent.split_once(":streamGenerateContent")
        .map(|(model_url, _)| format!("{model_url}:countTokens"))
        .ok_or_else(|| format!("cannot derive the countTokens URL from {sent}"))
}

/// A system inference profile id without its geography (`us.anthropic.…` → `anthropic.…`):
/// `CountTokens` refuses profile ids ("The provided model doesn't support counting tokens").
#[must_use]
pub fn bare_foundation_id(model: &str) -> &str {
    const GEOGRAPHIES: &[&str] = &["us.", "eu.", "apac.", "jp.", "au.", "us-gov.", "global.", "ca."];
    GEOGRAPHIES.iter().find_map(|geo| model.strip_prefix(geo)).unwrap_or(model)
}

/// The input tokens in a counting answer: `input_tokens` (Anthropic), `inputTokens` (Bedrock)
/// or `totalTokens` (Gemini).
#[must_use]
pub fn read_count(answer: &Value) -> Option<u64> {
    ["input_tokens", "inputTokens", "totalTokens"].iter().find_map(|key| answer.get(key).and_then(Value::as_u64))
}

#[cfg(test)]
mod tests;
