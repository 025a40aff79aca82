//! Parse and check a Messages body into the shared [`MessagesBody`], with errors that name the
//! field at fault, in the style of the real API (`max_tokens: Field required`). The same body
//! arrives with the model inside (`POST /v1/messages`, Mantle) or in the URL (Bedrock
//! `InvokeModel*`, which also has no `stream`). The request controls are checked as the API
//! checks them (`thinking`, `top_k`, `output_config`, `service_tier`, content blocks) and read
//! into [`Asked`].

use super::blocks::{self, Seen, Sources};
use super::error::ApiError;
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::wire::anthropic::{MIN_THINKING_BUDGET, MessagesBody, ThinkingConfig, WireContent};
use serde_json::{Map, Value};

/// Where the extended-thinking rules are documented, as the API's messages cite it.
const THINKING_DOCS: &str = "https://docs.claude.com/en/docs/build-with-claude/extended-thinking";

/// Where a request names its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelIn {
    Body,
    Url,
}

/// A `POST /v1/messages` body, checked.
pub fn parse(body: &[u8]) -> Result<MessagesBody, ApiError> {
    json_object(body).and_then(|value| read(value, ModelIn::Body, Sources::Any)).map_err(ApiError::invalid)
}

/// The body as a JSON object, or what is wrong with it.
pub fn json_object(body: &[u8]) -> Result<Value, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("body: invalid JSON: {e}"))?;
    if value.is_object() { Ok(value) } else { Err("body: expected a JSON object".to_owned()) }
}

/// Check and read a body object; the error names the field at fault.
pub fn read(value: Value, model: ModelIn, sources: Sources) -> Result<MessagesBody, String> {
    let Some(object) = value.as_object() else {
        return Err("body: expected a JSON object".to_owned());
    };
    match model {
        ModelIn::Body => require(object, "model", Value::is_string, "a string")?,
        ModelIn::Url => {
            if let Some(key) = ["model", "stream"].into_iter().find(|key| object.contains_key(*key)) {
                return Err(format!("#: extraneous key [{key}] is not permitted"));
            }
        }
    }
    check_fields(object, sources)?;
    let parsed: MessagesBody = serde_json::from_value(value).map_err(|e| format!("body: {e}"))?;
    if model == ModelIn::Body && parsed.model.as_deref().is_none_or(str::is_empty) {
        return Err("model: must not be empty".to_owned());
    }
    if parsed.max_tokens == 0 {
        return Err("max_tokens: must be greater than or equal to 1".to_owned());
    }
    if parsed.messages.is_empty() {
        return Err("messages: at least one message is required".to_owned());
    }
    check_thinking(&parsed)?;
    Ok(parsed)
}

/// What the answer is made from: the texts, and the controls that shape it (a guardrail is
/// the surface's to add, from its headers).
pub fn conversation(body: &MessagesBody) -> Conversation {
    let mut seen = Seen::default();
    let system = body.system.iter().map(|system| ("system".to_owned(), system));
    let messages = body
        .messages
        .iter()
        .enumerate()
        .map(|(index, message)| (format!("messages.{index}.content"), &message.content));
    for (path, content) in system.chain(messages) {
        // Checked when read; what fails here only goes unseen.
        let _ = blocks::check(&path, content.blocks(), Sources::Any, &mut seen);
    }
    let thinking = match body.thinking {
        Some(ThinkingConfig::Enabled { budget_tokens }) => Some(Some(budget_tokens)),
        Some(ThinkingConfig::Adaptive) => Some(None),
        Some(ThinkingConfig::Disabled) | None => None,
    };
    Conversation {
        system: body.system.as_ref().map(WireContent::text),
        messages: body.messages.iter().map(|message| (message.role, message.content.text())).collect(),
        max_tokens: body.max_tokens,
        stop_sequences: body.stop_sequences.clone(),
        asked: Asked { thinking, cache: seen.cache, guardrail: None, attachments: seen.attachments },
    }
}

/// Extended thinking's rules: a budget of at least 1024 below `max_tokens`, and no sampling
/// changes beside it (`temperature` 1 only, no `top_k`, `top_p` at least 0.95).
fn check_thinking(body: &MessagesBody) -> Result<(), String> {
    let budget = match body.thinking {
        Some(ThinkingConfig::Enabled { budget_tokens }) => Some(budget_tokens),
        Some(ThinkingConfig::Adaptive) => None,
        Some(ThinkingConfig::Disabled) | None => return Ok(()),
    };
    if let Some(budget) = budget {
        if budget < MIN_THINKING_BUDGET {
            return Err(format!(
                "thinking.enabled.budget_tokens: Input should be greater than or equal to {MIN_THINKING_BUDGET}"
            ));
        }
        if budget >= body.max_tokens {
            return Err(format!(
                "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at \
                 {THINKING_DOCS}#max-tokens-and-context-window-size"
            ));
        }
    }
    let compatibility = format!("Please consult our documentation at {THINKING_DOCS}#feature-compatibility");
    if body.temperature.is_some_and(|t| (t - 1.0).abs() > f32::EPSILON) {
        return Err(format!("`temperature` may only be set to 1 when thinking is enabled. {compatibility}"));
    }
    if body.top_k.is_some() {
        return Err(format!("`top_k` must be unset when thinking is enabled. {compatibility}"));
    }
    if body.top_p.is_some_and(|p| p < 0.95) {
        return Err(format!(
            "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. {compatibility}"
        ));
    }
    Ok(())
}

/// Check the type of every field `MessagesBody` reads but `model`, so a mistake is reported by
/// name.
fn check_fields(object: &Map<String, Value>, sources: Sources) -> Result<(), String> {
    require(object, "max_tokens", |v| v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()), "a positive integer")?;
    require(object, "messages", Value::is_array, "a list of messages")?;
    optional(object, "system", |v| v.is_string() || v.is_array(), "a string or a list of text blocks")?;
    optional(object, "top_k", |v| v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()), "a non-negative integer")?;
    check_controls(object)?;
    let mut seen = Seen::default();
    if let Some(system) = object.get("system").and_then(Value::as_array) {
        if let Some(index) = system.iter().position(|block| block.get("type").and_then(Value::as_str) != Some("text")) {
            return Err(format!("system.{index}.type: Input should be 'text'"));
        }
        blocks::check("system", system, sources, &mut seen)?;
    }
    optional(object, "stream", Value::is_boolean, "a boolean")?;
    optional(object, "temperature", Value::is_number, "a number")?;
    optional(object, "top_p", Value::is_number, "a number")?;
    optional(
        object,
        "stop_sequences",
        |v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "a list of strings",
    )?;
    for (index, message) in object.get("messages").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(message) = message.as_object() else {
            return Err(format!("messages.{index}: expected an object"));
        };
        require(message, "role", |v| matches!(v.as_str(), Some("user" | "assistant")), "\"user\" or \"assistant\"")
            .map_err(|e| format!("messages.{index}.{e}"))?;
        require(message, "content", |v| v.is_string() || v.is_array(), "a string or a list of content blocks")
            .map_err(|e| format!("messages.{index}.{e}"))?;
        if let Some(content) = message.get("content").and_then(Value::as_array) {
            blocks::check(&format!("messages.{index}.content"), content, sources, &mut seen)?;
        }
    }
    Ok(())
}

/// `thinking`, `output_config` and `service_tier`, by the API's own words.
fn check_controls(object: &Map<String, Value>) -> Result<(), String> {
    if let Some(thinking) = object.get("thinking") {
        match thinking.get("type").and_then(Value::as_str) {
            Some("enabled") => {
                let budget = thinking.get("budget_tokens").ok_or("thinking.enabled.budget_tokens: Field required")?;
                if budget.as_u64().is_none_or(|n| u32::try_from(n).is_err()) {
                    return Err("thinking.enabled.budget_tokens: Input should be a valid integer".to_owned());
                }
            }
            Some("adaptive" | "disabled") => {}
            Some(other) => {
                return Err(format!(
                    "thinking: Input tag '{other}' found using 'type' does not match any of the expected tags: \
                     'enabled', 'disabled', 'adaptive'"
                ));
            }
            None => return Err("thinking.type: Field required".to_owned()),
        }
    }
    if let Some(config) = object.get("output_config") {
        let effort = config.get("effort");
        if !config.is_object() || effort.is_some_and(|e| !matches!(e.as_str(), Some("low" | "medium" | "high" | "max")))
        {
            return Err("output_config.effort: Input should be 'low', 'medium', 'high' or 'max'".to_owned());
        }
    }
    optional(
        object,
        "service_tier",
        |v| matches!(v.as_str(), Some("auto" | "standard_only")),
        "'auto' or 'standard_only'",
    )
    .map_err(|_| "service_tier: Input should be 'auto' or 'standard_only'".to_owned())
}

fn require(
    object: &Map<String, Value>,
    field: &str,
    ok: impl Fn(&Value) -> bool,
    expected: &str,
) -> Result<(), String> {
    match object.get(field) {
        None => Err(format!("{field}: Field required")),
        Some(value) if ok(value) => Ok(()),
        Some(_) => Err(format!("{field}: expected {expected}")),
    }
}

fn optional(
    object: &Map<String, Value>,
    field: &str,
    ok: impl Fn(&Value) -> bool,
    expected: &str,
) -> Result<(), String> {
    match object.get(field) {
        Some(value) if !ok(value) => Err(format!("{field}: expected {expected}")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_of(body: &str) -> String {
        match parse(body.as_bytes()) {
            Ok(parsed) => panic!("accepted {parsed:?}"),
            Err(error) => format!("{error:?}"),
        }
    }

    #[test]
    fn accepts_a_minimal_body() {
        let body = parse(br#"{"model":"emulator-sonnet","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#)
            .expect("valid");
        assert_eq!(body.max_tokens, 5);
        assert!(!body.stream);
    }

    #[test]
    fn model_in_the_url_means_none_in_the_body() {
        let read_url = |body: &str| read(json_object(body.as_bytes())?, ModelIn::Url, Sources::Base64Only);
        let m = r#""max_tokens":5,"messages":[{"role":"user","content":"hi"}]"#;
        assert!(read_url(&format!("{{{m}}}")).is_ok_and(|body| body.model.is_none()));
        assert_eq!(
            read_url(&format!(r#"{{"model":"x",{m}}}"#)),
            Err("#: extraneous key [model] is not permitted".into())
        );
        assert!(read_url(&format!(r#"{{"stream":true,{m}}}"#)).is_err_and(|e| e.contains("[stream]")));
    }

    #[test]
    fn controls_are_read_into_what_was_asked() {
        let png = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b"\x89PNG");
        let body = parse(
            format!(
                r#"{{"model":"m","max_tokens":4096,"thinking":{{"type":"enabled","budget_tokens":2048}},
                "output_config":{{"effort":"low"}},"service_tier":"auto",
                "system":[{{"type":"text","text":"Be brief.","cache_control":{{"type":"ephemeral"}}}}],
                "messages":[{{"role":"user","content":[
                    {{"type":"image","source":{{"type":"base64","media_type":"image/png","data":"{png}"}}}},
                    {{"type":"text","text":"hi"}}]}}]}}"#
            )
            .as_bytes(),
        )
        .expect("valid");
        let conversation = conversation(&body);
        assert_eq!(conversation.system.as_deref(), Some("Be brief."));
        assert_eq!(conversation.messages[0].1, "hi");
        assert_eq!(conversation.asked.thinking, Some(Some(2048)));
        assert!(conversation.asked.cache);
        assert_eq!(conversation.asked.attachments.len(), 1);
        assert_eq!(body.service_tier.as_deref(), Some("auto"));
    }

    #[test]
    fn thinking_is_checked_like_the_api() {
        let with = |extra: &str| {
            message_of(&format!(
                r#"{{"model":"m","max_tokens":2000,"messages":[{{"role":"user","content":"hi"}}],{extra}}}"#
            ))
        };
        let enabled = r#""thinking":{"type":"enabled","budget_tokens":1500}"#;
        assert!(with(r#""thinking":{"type":"enabled","budget_tokens":512}"#).contains("greater than or equal to 1024"));
        assert!(with(r#""thinking":{"type":"enabled","budget_tokens":4096}"#).contains("`max_tokens` must be greater"));
        assert!(with(r#""thinking":{"type":"lots"}"#).contains("Input tag 'lots'"));
        assert!(with(&format!(r#"{enabled},"top_k":5"#)).contains("`top_k` must be unset"));
        assert!(with(&format!(r#"{enabled},"temperature":0.5"#)).contains("`temperature` may only be set to 1"));
        assert!(with(r#""output_config":{"effort":"extreme"}"#).contains("output_config.effort"));
        assert!(with(r#""service_tier":"priority""#).contains("service_tier: Input should be 'auto'"));
        assert!(
            parse(br#"{"model":"m","max_tokens":9,"top_k":3,"messages":[{"role":"user","content":"hi"}]}"#).is_ok()
        );
    }

    #[test]
    fn errors_name_the_field() {
        let m = r#""messages":[{"role":"user","content":"hi"}]"#;
        assert!(message_of("{").contains("invalid JSON"));
        assert!(message_of("[]").contains("JSON object"));
        assert!(message_of(&format!(r#"{{"model":"m",{m}}}"#)).contains("max_tokens: Field required"));
        assert!(message_of(&format!(r#"{{"max_tokens":1,{m}}}"#)).contains("model: Field required"));
        assert!(message_of(r#"{"model":"m","max_tokens":1}"#).contains("messages: Field required"));
        assert!(message_of(r#"{"model":"m","max_tokens":1,"messages":[]}"#).contains("messages: at least one"));
        assert!(message_of(&format!(r#"{{"model":"m","max_tokens":0,{m}}}"#)).contains("max_tokens: must be greater"));
        assert!(message_of(&format!(r#"{{"model":"m","max_tokens":-1,{m}}}"#)).contains("max_tokens: expected"));
        assert!(
            message_of(&format!(r#"{{"model":"m","max_tokens":1,"stop_sequences":[1],{m}}}"#))
                .contains("stop_sequences")
        );
        assert!(
            message_of(r#"{"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"#)
                .contains("messages.0.role")
        );
    }
}
