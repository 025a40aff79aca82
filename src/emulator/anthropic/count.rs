//! `POST /v1/messages/count_tokens`: the input tokens of a Messages body, by the rule the usage
//! of the same request reports ([`turn::input_tokens`]), so a count equals the `input_tokens`
//! of the run (cache reads aside). The body is the Messages body without the generation
//! fields: anything but what `count_tokens` takes is refused by name ("Extra inputs are not
//! permitted"), the rest is checked as `POST /v1/messages` checks it. Mantle and Vertex Claude
//! count with the same reading ([`read_count_body`]). Faults apply to generating, not counting.

use super::auth;
use super::blocks::Sources;
use super::error::ApiError;
use super::messages::ModelIds;
use super::validate::{self, ModelIn};
use crate::emulator::catalog;
use crate::emulator::state::EmulatorState;
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// What `count_tokens` takes (PY `message_count_tokens_params.py`), `anthropic_version` on
/// Vertex, where it is in the body.
const COUNT_FIELDS: &[&str] = &[
    "model",
    "messages",
    "system",
    "tools",
    "tool_choice",
    "thinking",
    "output_config",
    "cache_control",
    "mcp_servers",
    "anthropic_version",
];

/// `POST /v1/messages/count_tokens` with an Anthropic key.
pub async fn count_tokens(
    State(state): State<Arc<EmulatorState>>,
    Extension(tag): Extension<RequestTag>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match auth::check_key(&headers, &state.options.api_key) {
        Ok(()) => answer(&tag, &headers, &body, ModelIds::Anthropic),
        Err(error) => error.into_response(&tag.id),
    }
}

/// `{"input_tokens": N}` for a request whose credentials were checked (Mantle's too).
pub fn answer(tag: &RequestTag, headers: &HeaderMap, body: &[u8], ids: ModelIds) -> Response {
    match count(headers, body, ids) {
        Ok(tokens) => Json(json!({ "input_tokens": tokens })).into_response(),
        Err(error) => error.into_response(&tag.id),
    }
}

/// The input tokens of a counting body with `model` in it.
fn count(headers: &HeaderMap, body: &[u8], ids: ModelIds) -> Result<u32, ApiError> {
    auth::check_version(headers)?;
    let value = validate::json_object(body).map_err(ApiError::invalid)?;
    let request = read_count_body(value, ModelIn::Body, Sources::Any).map_err(ApiError::invalid)?;
    let model = request.model.clone().unwrap_or_default();
    let name = match ids {
        ModelIds::Anthropic => model.clone(),
        ModelIds::Bedrock => crate::emulator::bedrock::emulator_name(&model).unwrap_or_else(|_| model.clone()),
    };
    catalog::resolve(&name).ok_or_else(|| ApiError::not_found(format!("model: {model}")))?;
    Ok(turn::input_tokens(&validate::conversation(&request)))
}

/// Check a counting body as a Messages body (the same field errors), refusing the fields
/// counting does not take; `anthropic_version` must already be taken out where it is checked.
///
/// # Errors
/// The field at fault, in the API's words.
pub fn read_count_body(
    mut value: Value,
    model: ModelIn,
    sources: Sources,
) -> Result<crate::routes::wire::anthropic::MessagesBody, String> {
    let Some(object) = value.as_object_mut() else { return Err("body: expected a JSON object".to_owned()) };
    if let Some(extra) = object.keys().find(|key| !COUNT_FIELDS.contains(&key.as_str())) {
        return Err(format!("{extra}: Extra inputs are not permitted"));
    }
    // Counting has no `max_tokens`; the Messages checks want one above any thinking budget.
    object.insert("max_tokens".to_owned(), u32::MAX.into());
    validate::read(value, model, sources)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn versioned() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("anthropic-version", HeaderValue::from_static("2023-06-01"));
        headers
    }

    #[test]
    fn counts_by_the_usage_rule() {
        let body = br#"{"model":"emulator-sonnet","system":"Be brief.","messages":[{"role":"user","content":"Hello there you"}]}"#;
        let expected = crate::emulator::tokens::estimate_input(["Be brief.", "Hello there you"]);
        assert_eq!(count(&versioned(), body, ModelIds::Anthropic), Ok(expected));
    }

    #[test]
    fn refusals_are_anthropic_errors_naming_the_field() {
        let messages = r#""messages":[{"role":"user","content":"hi"}]"#;
        let refused = |body: String, headers: &HeaderMap| count(headers, body.as_bytes(), ModelIds::Anthropic);
        assert_eq!(
            refused(format!(r#"{{"model":"emulator-sonnet","max_tokens":5,{messages}}}"#), &versioned()),
            Err(ApiError::invalid("max_tokens: Extra inputs are not permitted"))
        );
        assert_eq!(refused(format!("{{{messages}}}"), &versioned()), Err(ApiError::invalid("model: Field required")));
        assert_eq!(
            refused(r#"{"model":"emulator-sonnet","messages":[]}"#.to_owned(), &versioned()),
            Err(ApiError::invalid("messages: at least one message is required"))
        );
        assert_eq!(
            refused(format!(r#"{{"model":"no-such-model",{messages}}}"#), &versioned()),
            Err(ApiError::not_found("model: no-such-model"))
        );
        assert!(
            refused(format!(r#"{{"model":"emulator-sonnet",{messages}}}"#), &HeaderMap::new())
                .is_err_and(|e| e == ApiError::invalid("anthropic-version: header is required"))
        );
    }

    #[test]
    fn a_thinking_budget_needs_no_max_tokens() {
        let body = br#"{"model":"emulator-sonnet","thinking":{"type":"enabled","budget_tokens":2048},"messages":[{"role":"user","content":"hi"}]}"#;
        assert!(count(&versioned(), body, ModelIds::Anthropic).is_ok());
    }
}
