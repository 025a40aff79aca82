//! The Converse / ConverseStream request body (PROTOCOLS.md 3.5, PROTOCOLS-WAVE2 §2–4): turns
//! with their attachments, a system prompt, the inference parameters every Converse model takes,
//! and the request controls — the family's own fields in `additionalModelRequestFields`
//! ([`super::family`]), `cachePoint` blocks, `guardrailConfig`, `serviceTier`,
//! `performanceConfig` and `requestMetadata`.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::attach::{attachment_blocks, has_document};
use super::family::ConverseFamily;
use crate::routes::capabilities::BEDROCK_TIERS;
use crate::routes::controls::Controls;
use crate::routes::request::{ChatRequest, Role, Turn, serialize_as_typed};

/// The text sent beside documents when the prompt is blank: "A text block must be included when
/// using documents", and a blank text block is refused too.
const DOCUMENT_PROMPT: &str = "See the attached document.";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InferenceConfig<'a> {
    max_tokens: u32,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_as_typed")]
    temperature: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_as_typed")]
    top_p: Option<f32>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    stop_sequences: &'a [String],
}

/// A cache checkpoint: everything before it in `system` or `messages` may be cached.
fn cache_point() -> Value {
    json!({ "cachePoint": { "type": "default" } })
}

/// The body for `request` to `model` (which goes in the path, and decides the family's fields).
///
/// # Panics
/// Never: the body holds only strings and numbers, which always serialise.
#[must_use]
pub fn converse_body(model: &str, request: &ChatRequest) -> Value {
    let controls = &request.params.controls;
    let last_user = request.turns.iter().rposition(|turn| turn.role == Role::User);
    let messages: Vec<Value> = request
        .turns
        .iter()
        .enumerate()
        .map(|(index, turn)| {
            let role = serde_json::to_value(turn.role).expect("a role always serialises");
            json!({ "role": role, "content": content(turn, controls.cache && Some(index) == last_user) })
        })
        .collect();
    let mut body = Map::new();
    body.insert("messages".into(), Value::Array(messages));
    if let Some(system) = request.system.as_deref().filter(|system| !system.trim().is_empty()) {
        let mut blocks = vec![json!({ "text": system })];
        if controls.cache {
            blocks.push(cache_point());
        }
        body.insert("system".into(), Value::Array(blocks));
    }
    let inference = InferenceConfig {
        max_tokens: request.params.max_tokens,
        temperature: request.params.temperature,
        top_p: request.params.top_p,
        stop_sequences: &request.params.stop_sequences,
    };
    body.insert("inferenceConfig".into(), serde_json::to_value(inference).expect("numbers always serialise"));
    if let Some(fields) = ConverseFamily::of(model).model_fields(controls, request.params.max_tokens) {
        body.insert("additionalModelRequestFields".into(), fields);
    }
    insert_controls(&mut body, controls);
    Value::Object(body)
}

/// A turn's content blocks: a user turn's attachments, then its text, then a cache checkpoint
/// when `cache_point`. A blank text beside attachments is left out (Bedrock refuses blank text),
/// or replaced by a neutral one where a document needs a text block beside it.
fn content(turn: &Turn, cache_point: bool) -> Vec<Value> {
    let attachments = if turn.role == Role::User { turn.attachments.as_slice() } else { &[] };
    let mut blocks = attachment_blocks(attachments);
    if attachments.is_empty() || !turn.text.trim().is_empty() {
        blocks.push(json!({ "text": turn.text }));
    } else if has_document(attachments) {
        blocks.push(json!({ "text": DOCUMENT_PROMPT }));
    }
    if cache_point {
        blocks.push(self::cache_point());
    }
    blocks
}

/// The controls with a top-level member of their own. The guardrail is always traced, so an
/// intervention can say which policy acted, and checked synchronously on the stream
/// (`GuardrailStreamConfiguration.streamProcessingMode`, lower-case on Converse). A tier that is
/// not one of Bedrock's is not sent (a parity line says so).
fn insert_controls(body: &mut Map<String, Value>, controls: &Controls) {
    if let Some(guardrail) = &controls.guardrail {
        body.insert(
            "guardrailConfig".into(),
            json!({
                "guardrailIdentifier": guardrail.id,
                "guardrailVersion": guardrail.version,
                "trace": "enabled",
                "streamProcessingMode": "sync",
            }),
        );
    }
    if let Some(tier) = controls.service_tier.filter(|tier| BEDROCK_TIERS.contains(tier)) {
        body.insert("serviceTier".into(), json!({ "type": tier.name() }));
    }
    if let Some(latency) = controls.latency {
        body.insert("performanceConfig".into(), json!({ "latency": latency.name() }));
    }
    if !controls.metadata.is_empty() {
        body.insert("requestMetadata".into(), json!(controls.metadata));
    }
}

#[cfg(test)]
mod tests;
