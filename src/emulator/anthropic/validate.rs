//! Parse and check a `POST /v1/messages` body into the shared [`MessagesBody`], with errors
//! that name the field at fault, in the style of the real API (`max_tokens: Field required`).

use super::error::ApiError;
use crate::routes::wire::anthropic::MessagesBody;
use serde_json::{Map, Value};

/// The body, checked.
pub fn parse(body: &[u8]) -> Result<MessagesBody, ApiError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("body: invalid JSON: {e}")))?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::invalid("body: expected a JSON object"));
    };
    check_fields(object).map_err(ApiError::invalid)?;
    let parsed: MessagesBody = serde_json::from_value(value).map_err(|e| ApiError::invalid(format!("body: {e}")))?;
    if parsed.model.as_deref().is_none_or(str::is_empty) {
        return Err(ApiError::invalid("model: must not be empty"));
    }
    if parsed.max_tokens == 0 {
        return Err(ApiError::invalid("max_tokens: must be greater than or equal to 1"));
    }
    if parsed.messages.is_empty() {
        return Err(ApiError::invalid("messages: at least one message is required"));
    }
    Ok(parsed)
}

/// Check the type of every field `MessagesBody` reads, so a mistake is reported by name.
fn check_fields(object: &Map<String, Value>) -> Result<(), String> {
    require(object, "model", Value::is_string, "a string")?;
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
