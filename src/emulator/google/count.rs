//! Token counting on the Google surfaces, by the rule the usage of the same request reports
//! ([`turn::input_tokens`]), so a count equals the run's `promptTokenCount` / `input_tokens`:
//!
//! - Gemini API `…/models/{model}:countTokens`: `{"contents": […]}` or
//!   `{"generateContentRequest": {model, contents, systemInstruction, tools, generationConfig}}`;
//! - Vertex Gemini `…/publishers/google/models/{model}:countTokens`: `contents`,
//!   `systemInstruction`, `tools`, `generationConfig` (and `model`) at the top;
//!
//! both checked by the `generateContent` reading and answered `{"totalTokens": N}`
//! (`cachedContentTokenCount` is left out: counting reads no cache here);
//! - Vertex Claude `…/publishers/anthropic/models/count-tokens:rawPredict`: the Anthropic
//!   counting body with `model` and `"anthropic_version": "vertex-2023-10-16"` in it, answered
//!   `{"input_tokens": N}`; body errors are Anthropic's, an unknown model Google's 404.
//!
//! Faults apply to generating, not counting: a fault suffix on the model is taken off.

use super::catalog;
use super::claude::VERTEX_VERSION;
use super::error::GoogleError;
use super::faults::{self, Problem};
use super::place;
use super::refuse::{self, Target, Wire};
use super::request::{self, known};
use crate::emulator::anthropic::blocks::Sources;
use crate::emulator::anthropic::count::read_count_body;
use crate::emulator::anthropic::error::ApiError;
use crate::emulator::anthropic::validate::{self, ModelIn};
use crate::emulator::tag::RequestTag;
use crate::emulator::turn;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// The method, as the path names it.
pub const COUNT_TOKENS: &str = "countTokens";
/// What a Gemini API `CountTokensRequest` holds.
const GEMINI_API_FIELDS: &[&str] = &["model", "contents", "generateContentRequest"];
/// What a Vertex `CountTokensRequest` holds, of what routeplay sends.
const VERTEX_FIELDS: &[&str] = &["model", "contents", "systemInstruction", "tools", "generationConfig"];

/// `:countTokens` on a Gemini model: `{"totalTokens": N}`.
///
/// # Errors
/// A bad fault header, an unknown model, or a body `generateContent` would refuse too.
pub fn gemini(target: &Target<'_>, headers: &HeaderMap, body: &[u8]) -> Result<Response, GoogleError> {
    let asked = faults::read(headers, target.model).map_err(|problem| match problem {
        Problem::Header(message) => GoogleError::invalid(message),
        Problem::Suffix => refuse::model_not_found(target, COUNT_TOKENS),
    })?;
    catalog::gemini_model(asked.model).ok_or_else(|| refuse::model_not_found(target, COUNT_TOKENS))?;
    let value: Value = serde_json::from_slice(body).map_err(|e| request::invalid_json(&e.to_string()))?;
    let object =
        value.as_object().ok_or_else(|| request::invalid_json("Unknown name \"\": Root element must be a message."))?;
    let generate = match target.wire {
        Wire::GeminiApi => gemini_api_request(&known(object, GEMINI_API_FIELDS, "")?)?,
        Wire::VertexGemini | Wire::VertexClaude => Value::Object(known(object, VERTEX_FIELDS, "")?),
    };
    let request = request::parse(&serde_json::to_vec(&generate).unwrap_or_default(), target.wire)?;
    Ok(Json(json!({ "totalTokens": turn::input_tokens(&request.conversation) })).into_response())
}

/// The `generateContent` body a Gemini API count is about: its `generateContentRequest`, or its
/// `contents` alone; not both.
fn gemini_api_request(fields: &Map<String, Value>) -> Result<Value, GoogleError> {
    match (fields.get("generateContentRequest"), fields.get("contents")) {
        (Some(_), Some(_)) => Err(GoogleError::invalid(
            "* CountTokensRequest: contents and generate_content_request are mutually exclusive\n",
        )),
        (Some(generate), None) => Ok(generate.clone()),
        (None, contents) => Ok(json!({ "contents": contents.cloned().unwrap_or(Value::Null) })),
    }
}

/// `POST /{v1,v1beta1}/projects/{p}/locations/{l}/publishers/anthropic/models/count-tokens:rawPredict`.
pub async fn claude(
    Extension(tag): Extension<RequestTag>,
    Path((project, location)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match count_claude(&project, &location, &headers, &body) {
        Ok(tokens) => Json(json!({ "input_tokens": tokens })).into_response(),
        Err(Refused::Google(error)) => error.into_response(),
        Err(Refused::Anthropic(message)) => ApiError::invalid(message).into_response(&tag.id),
    }
}

/// Vertex Claude refuses in two shapes, as its generation does.
#[derive(Debug, PartialEq)]
enum Refused {
    Google(GoogleError),
    Anthropic(String),
}

fn count_claude(project: &str, location: &str, headers: &HeaderMap, body: &[u8]) -> Result<u32, Refused> {
    place::check_location(location).map_err(Refused::Google)?;
    let mut value = validate::json_object(body).map_err(Refused::Anthropic)?;
    let object = value.as_object_mut().ok_or_else(|| Refused::Anthropic("body: expected a JSON object".to_owned()))?;
    match object.remove("anthropic_version") {
        None => return Err(Refused::Anthropic("anthropic_version: Field required".to_owned())),
        Some(Value::String(version)) if version == VERTEX_VERSION => {}
        Some(_) => return Err(Refused::Anthropic(format!("anthropic_version: Input should be '{VERTEX_VERSION}'"))),
    }
    let model = match object.remove("model") {
        Some(Value::String(model)) => model,
        None => return Err(Refused::Anthropic("model: Field required".to_owned())),
        Some(_) => return Err(Refused::Anthropic("model: Input should be a valid string".to_owned())),
    };
    let target = Target { wire: Wire::VertexClaude, project, location, model: &model };
    let not_found = || Refused::Google(refuse::model_not_found(&target, "rawPredict"));
    let asked = faults::read(headers, &model).map_err(|problem| match problem {
        Problem::Header(message) => Refused::Anthropic(message),
        Problem::Suffix => not_found(),
    })?;
    catalog::claude_model(asked.model).ok_or_else(not_found)?;
    let request = read_count_body(value, ModelIn::Url, Sources::Base64Only).map_err(Refused::Anthropic)?;
    Ok(turn::input_tokens(&validate::conversation(&request)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::tokens::estimate_input;

    fn gemini_on(wire: Wire, model: &str, body: &Value) -> Result<Value, GoogleError> {
        let target = Target { wire, project: "p", location: "us-central1", model };
        let response = gemini(&target, &HeaderMap::new(), &serde_json::to_vec(body).unwrap())?;
        let bytes = futures_util::FutureExt::now_or_never(axum::body::to_bytes(response.into_body(), 1 << 16));
        Ok(serde_json::from_slice(&bytes.expect("ready").expect("a body")).expect("JSON"))
    }

    #[test]
    fn gemini_counts_by_the_usage_rule_in_both_forms() {
        let contents = json!([{ "role": "user", "parts": [{ "text": "Hello there you" }] }]);
        let system = json!({ "parts": [{ "text": "Be brief." }] });
        let wrapped = json!({ "generateContentRequest": {
            "model": "models/gemini-2.5-flash", "contents": contents, "systemInstruction": system,
        } });
        let total = |answer: Result<Value, GoogleError>| answer.expect("counted")["totalTokens"].as_u64();
        let expected = u64::from(estimate_input(["Be brief.", "Hello there you"]));
        assert_eq!(total(gemini_on(Wire::GeminiApi, "gemini-2.5-flash", &wrapped)), Some(expected));
        let bare = json!({ "contents": contents });
        assert_eq!(
            total(gemini_on(Wire::GeminiApi, "gemini-2.5-flash", &bare)),
            Some(u64::from(estimate_input(["Hello there you"])))
        );
        let vertex = json!({ "contents": contents, "systemInstruction": system, "generationConfig": { "topK": 4 } });
        assert_eq!(total(gemini_on(Wire::VertexGemini, "gemini-2.5-pro", &vertex)), Some(expected));
    }

    #[test]
    fn gemini_refusals_are_google_errors() {
        let contents = json!([{ "role": "user", "parts": [{ "text": "hi" }] }]);
        let refused = |wire, model, body: Value| gemini_on(wire, model, &body).expect_err("refused");
        let unknown = refused(Wire::GeminiApi, "gemini-2.5-flash", json!({ "contents": contents, "labels": {} }));
        assert_eq!(unknown.message(), "Invalid JSON payload received. Unknown name \"labels\": Cannot find field.");
        let both = json!({ "contents": contents, "generateContentRequest": { "contents": contents } });
        assert!(refused(Wire::GeminiApi, "gemini-2.5-flash", both).message().contains("mutually exclusive"));
        assert!(refused(Wire::GeminiApi, "gemini-2.5-flash", json!({})).message().contains("contents"));
        let missing = refused(Wire::VertexGemini, "no-such-model", json!({ "contents": contents }));
        assert!(
            missing.message().starts_with(
                "Publisher Model `projects/p/locations/us-central1/publishers/google/models/no-such-model`"
            )
        );
    }

    #[test]
    fn vertex_claude_counts_and_refuses_in_its_two_shapes() {
        let body = |fields: &str| format!(r#"{{{fields}"messages":[{{"role":"user","content":"Hello there you"}}]}}"#);
        let version = format!(r#""anthropic_version":"{VERTEX_VERSION}","#);
        let count = |location, fields: &str| count_claude("p", location, &HeaderMap::new(), body(fields).as_bytes());
        let sonnet = r#""model":"claude-sonnet-4-5@20250929","#;
        assert_eq!(count("us-east5", &format!("{version}{sonnet}")), Ok(estimate_input(["Hello there you"])));
        assert_eq!(count("us-east5", sonnet), Err(Refused::Anthropic("anthropic_version: Field required".to_owned())));
        assert_eq!(count("us-east5", &version), Err(Refused::Anthropic("model: Field required".to_owned())));
        assert_eq!(
            count("us-east5", &format!(r#"{version}{sonnet}"max_tokens":5,"#)),
            Err(Refused::Anthropic("max_tokens: Extra inputs are not permitted".to_owned()))
        );
        assert!(matches!(count("us-east5", &format!(r#"{version}"model":"claude-nope@1","#)), Err(Refused::Google(_))));
        assert!(matches!(count("mars-north1", &format!("{version}{sonnet}")), Err(Refused::Google(_))));
    }
}
