//! Parse and check a Messages body into the shared [`MessagesBody`], with errors that name the
//! field at fault, in the style of the real API (`max_tokens: Field required`). The same body
//! arrives with the model inside (`POST /v1/messages`, Mantle) or in the URL (Bedrock
//! `InvokeModel*`, which also has no `stream`).

use super::error::ApiError;
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::wire::anthropic::{MessagesBody, WireContent};
use serde_json::{Map, Value};

/// Where a request names its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelIn {
    Body,
    Url,
}

/// A `POST /v1/messages` body, checked.
pub fn parse(body: &[u8]) -> Result<MessagesBody, ApiError> {
    json_object(body).and_then(|value| read(value, ModelIn::Body)).map_err(ApiError::invalid)
}

/// The body as a JSON object, or what is wrong with it.
pub fn json_object(body: &[u8]) -> Result<Value, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("body: invalid JSON: {e}"))?;
    if value.is_object() { Ok(value) } else { Err("body: expected a JSON object".to_owned()) }
}

/// Check and read a body object; the error names the field at fault.
pub fn read(value: Value, model: ModelIn) -> Result<MessagesBody, String> {
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
    check_fields(object)?;
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
    Ok(parsed)
}

/// What the answer is made from.
pub fn conversation(body: &MessagesBody) -> Conversation {
    Conversation {
        system: body.system.as_ref().map(WireContent::text),
        messages: body.messages.iter().map(|message| (message.role, message.content.text())).collect(),
        max_tokens: body.max_tokens,
        stop_sequences: body.stop_sequences.clone(),
        asked: Asked::default(),
    }
}

/// Check the type of every field `MessagesBody` reads but `model`, so a mistake is reported by
/// name.
fn check_fields(object: &Map<String, Value>) -> Result<(), String> {
    require(object, "max_tokens", |v| v.as_u64().is_some_and(|n| u32::try_from(n).is_ok()), "a positive integer")?;
    require(object, "messages", Value::is_array, "a list of messages")?;
    optional(object, "system", Value::is_string, "a string")?;
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
    }
    Ok(())
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
        let read_url = |body: &str| read(json_object(body.as_bytes())?, ModelIn::Url);
        let m = r#""max_tokens":5,"messages":[{"role":"user","content":"hi"}]"#;
        assert!(read_url(&format!("{{{m}}}")).is_ok_and(|body| body.model.is_none()));
        assert_eq!(
            read_url(&format!(r#"{{"model":"x",{m}}}"#)),
            Err("#: extraneous key [model] is not permitted".into())
        );
        assert!(read_url(&format!(r#"{{"stream":true,{m}}}"#)).is_err_and(|e| e.contains("[stream]")));
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
