//! Token counting on the AWS surfaces, by the rule the usage of the same request reports
//! ([`turn::input_tokens`]):
//!
//! - Bedrock runtime `CountTokens`, `POST /model/{modelId}/count-tokens` (signing name
//!   `bedrock`): `{"input": {"invokeModel": {"body": <base64 of the InvokeModel body>}}}` or
//!   `{"input": {"converse": {messages, system, toolConfig, additionalModelRequestFields}}}`,
//!   each body checked by its operation's own reading, answered `{"inputTokens": N}`. Only
//!   Anthropic foundation-model ids are counted: an inference-profile id or ARN, a model served
//!   only through a profile, and other providers' models are refused with a
//!   `ValidationException` "The provided model doesn't support counting tokens." (PROTOCOLS-WAVE2
//!   §5: counting takes the bare foundation id; CRIS-only Claude models count on Mantle).
//! - Mantle, `POST /anthropic/v1/messages/count_tokens` (signing name `bedrock-mantle`): the
//!   Anthropic surface's counting ([`crate::emulator::anthropic::count`]).

use super::catalog::{self, Unserved};
use super::converse_body::{self, invalid};
use super::error::AwsError;
use super::invoke::model_id;
use crate::emulator::anthropic::blocks::Sources;
use crate::emulator::anthropic::count as messages_count;
use crate::emulator::anthropic::messages::ModelIds;
use crate::emulator::anthropic::validate::{self, ModelIn};
use crate::emulator::tag::RequestTag;
use crate::emulator::turn::{self, Conversation};
use crate::routes::count::bare_foundation_id;
use crate::routes::wire::bedrock_invoke::BEDROCK_ANTHROPIC_VERSION;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

/// Bedrock's refusal of a model it cannot count, as it words it.
pub const NOT_COUNTABLE: &str = "The provided model doesn't support counting tokens.";

/// `CountTokens`.
pub async fn count_tokens(id: Result<Path<String>, PathRejection>, body: Bytes) -> Response {
    match count(id, &body) {
        Ok(tokens) => Json(json!({ "inputTokens": tokens })).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Mantle's `count_tokens`, once the AWS credentials passed.
pub async fn mantle(Extension(tag): Extension<RequestTag>, headers: HeaderMap, body: Bytes) -> Response {
    messages_count::answer(&tag, &headers, &body, ModelIds::Bedrock)
}

fn count(id: Result<Path<String>, PathRejection>, body: &[u8]) -> Result<u32, AwsError> {
    let id = model_id(id)?;
    check_countable(&id)?;
    let value: Value =
        serde_json::from_slice(body).map_err(|e| AwsError::validation(format!("Malformed request body: {e}")))?;
    let input = match value.get("input") {
        Some(Value::Object(input)) => input,
        Some(other) => return Err(invalid(&other.to_string(), "input", "Member must be a structure")),
        None => return Err(invalid("null", "input", "Member must not be null")),
    };
    let conversation = match (input.get("invokeModel"), input.get("converse"), input.len()) {
        (Some(invoke), None, 1) => invoke_conversation(invoke)?,
        (None, Some(converse), 1) => {
            converse_body::parse(&serde_json::to_vec(converse).unwrap_or_default())?.conversation
        }
        _ => {
            return Err(AwsError::validation(
                "Malformed request body: input must set exactly one of invokeModel and converse",
            ));
        }
    };
    Ok(turn::input_tokens(&conversation))
}

/// Refuse what Bedrock does not count: profile ids and ARNs, profile-only models, and models
/// other than Anthropic's; an unknown id is the runtime's 404.
fn check_countable(id: &str) -> Result<(), AwsError> {
    let resource = id.rsplit('/').next().unwrap_or(id);
    let profile = id.contains("inference-profile/") || bare_foundation_id(resource) != resource;
    if profile || !resource.starts_with("anthropic.") || catalog::emulator_name(id) == Err(Unserved::NeedsProfile) {
        return Err(AwsError::validation(NOT_COUNTABLE));
    }
    catalog::resolve(id, &mut String::new()).map(|_| ())
}

/// The conversation of `input.invokeModel`: the base64 body, read as `InvokeModel` reads it.
fn invoke_conversation(invoke: &Value) -> Result<Conversation, AwsError> {
    let encoded = invoke.get("body").and_then(Value::as_str).ok_or_else(|| {
        invalid("null", "input.invokeModel.body", "Member must not be null and must be a base64-encoded blob")
    })?;
    let body = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| AwsError::validation(format!("Malformed request body: input.invokeModel.body: {e}")))?;
    let value = validate::json_object(&body).map_err(|problem| AwsError::malformed_input(&problem))?;
    match value.get("anthropic_version") {
        None => return Err(AwsError::malformed_input("#: required key [anthropic_version] not found")),
        Some(Value::String(version)) if version == BEDROCK_ANTHROPIC_VERSION => {}
        Some(other) => {
            return Err(AwsError::malformed_input(&format!("#/anthropic_version: {other} is not a valid enum value")));
        }
    }
    let request = validate::read(value, ModelIn::Url, Sources::Base64Only)
        .map_err(|problem| AwsError::malformed_input(&problem))?;
    Ok(validate::conversation(&request))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SONNET: &str = "anthropic.emulator-sonnet-v1:0";

    fn count_on(id: &str, body: &Value) -> Result<u32, AwsError> {
        count(Ok(Path(id.to_owned())), &serde_json::to_vec(body).unwrap())
    }

    fn invoke_input(body: &Value) -> Value {
        let encoded = base64::engine::general_purpose::STANDARD.encode(serde_json::to_vec(body).unwrap());
        json!({ "input": { "invokeModel": { "body": encoded } } })
    }

    #[test]
    fn invoke_and_converse_bodies_count_by_the_usage_rule() {
        let expected = crate::emulator::tokens::estimate_input(["Be brief.", "Hello there you"]);
        let invoke = json!({
            "anthropic_version": BEDROCK_ANTHROPIC_VERSION, "max_tokens": 50, "system": "Be brief.",
            "messages": [{ "role": "user", "content": "Hello there you" }],
        });
        assert_eq!(count_on(SONNET, &invoke_input(&invoke)), Ok(expected));
        let converse = json!({ "input": { "converse": {
            "system": [{ "text": "Be brief." }],
            "messages": [{ "role": "user", "content": [{ "text": "Hello there you" }] }],
        } } });
        assert_eq!(count_on(SONNET, &converse), Ok(expected));
    }

    #[test]
    fn profile_ids_profile_only_models_and_other_providers_are_not_counted() {
        let converse =
            json!({ "input": { "converse": { "messages": [{ "role": "user", "content": [{ "text": "hi" }] }] } } });
        for id in [
            "us.anthropic.emulator-sonnet-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.emulator-sonnet-v1:0",
            "anthropic.emulator-profile-only-v1:0",
            "meta.emulator-llama-v1:0",
            "amazon.nova-pro-v1:0",
        ] {
            assert_eq!(count_on(id, &converse), Err(AwsError::validation(NOT_COUNTABLE)), "{id}");
        }
        assert!(
            count_on("anthropic.claude-3-5-sonnet-20240620-v1:0", &converse).is_err_and(|e| e
                == AwsError::not_found("Could not resolve the foundation model from the provided model identifier."))
        );
    }

    #[test]
    fn bad_bodies_are_refused_in_bedrock_words() {
        assert_eq!(
            count_on(SONNET, &json!({})),
            Err(AwsError::validation(
                "1 validation error detected: Value 'null' at 'input' failed to satisfy constraint: Member must not be null"
            ))
        );
        let both = json!({ "input": { "invokeModel": { "body": "" }, "converse": {} } });
        assert!(count_on(SONNET, &both).is_err_and(|e| format!("{e:?}").contains("exactly one")));
        let no_version = json!({ "max_tokens": 5, "messages": [{ "role": "user", "content": "hi" }] });
        assert_eq!(
            count_on(SONNET, &invoke_input(&no_version)),
            Err(AwsError::malformed_input("#: required key [anthropic_version] not found"))
        );
        let empty = json!({ "input": { "converse": { "messages": [] } } });
        assert!(count_on(SONNET, &empty).is_err_and(|e| format!("{e:?}").contains("greater than or equal to 1")));
    }
}
