//! Parse and check a `Converse` / `ConverseStream` body into a [`Conversation`]: `messages`
//! (text content blocks count, other blocks are accepted and ignored), `system` text blocks,
//! `inferenceConfig.maxTokens` and `stopSequences`. Errors are worded as Bedrock words them.

use super::error::AwsError;
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::request::Role;
use serde_json::{Map, Value};

/// `maxTokens` when the request sets none.
const DEFAULT_MAX_TOKENS: u32 = 8192;

/// The conversation of a Converse body.
pub fn parse(body: &[u8]) -> Result<Conversation, AwsError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| AwsError::validation(format!("Malformed request body: {e}")))?;
    let object = value.as_object().ok_or_else(|| AwsError::validation("Malformed request body: expected an object"))?;
    let messages = match object.get("messages") {
        Some(Value::Array(messages)) if !messages.is_empty() => messages,
        Some(Value::Array(_)) => {
            return Err(invalid("[]", "messages", "Member must have length greater than or equal to 1"));
        }
        Some(other) => return Err(invalid(&other.to_string(), "messages", "Member must be a list")),
        None => return Err(invalid("null", "messages", "Member must not be null")),
    };
    let messages = messages
        .iter()
        .enumerate()
        .map(|(index, message)| read_message(index, message))
        .collect::<Result<Vec<_>, _>>()?;
    if messages.first().is_some_and(|(role, _)| *role != Role::User) {
        return Err(AwsError::validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a user \
             message.",
        ));
    }
    let system = match object.get("system") {
        None => None,
        Some(Value::Array(blocks)) => Some(texts(blocks)),
        Some(other) => return Err(invalid(&other.to_string(), "system", "Member must be a list")),
    };
    let config = match object.get("inferenceConfig") {
        None => &Map::new(),
        Some(Value::Object(config)) => config,
        Some(other) => return Err(invalid(&other.to_string(), "inferenceConfig", "Member must be an object")),
    };
    Ok(Conversation {
        system,
        messages,
        max_tokens: max_tokens(config)?,
        stop_sequences: stop_sequences(config)?,
        asked: Asked::default(),
    })
}

fn read_message(index: usize, message: &Value) -> Result<(Role, String), AwsError> {
    let role = match message.get("role").and_then(Value::as_str) {
        Some("user") => Role::User,
        Some("assistant") => Role::Assistant,
        other => {
            return Err(invalid(
                other.unwrap_or("null"),
                &format!("messages.{}.member.role", index + 1),
                "Member must satisfy enum value set: [user, assistant]",
            ));
        }
    };
    match message.get("content") {
        Some(Value::Array(blocks)) => Ok((role, texts(blocks))),
        _ => Err(invalid("null", &format!("messages.{}.member.content", index + 1), "Member must not be null")),
    }
}

/// The `text` of every block that has one, joined by newlines.
fn texts(blocks: &[Value]) -> String {
    blocks.iter().filter_map(|block| block.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("\n")
}

fn max_tokens(config: &Map<String, Value>) -> Result<u32, AwsError> {
    let Some(value) = config.get("maxTokens") else {
        return Ok(DEFAULT_MAX_TOKENS);
    };
    value.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n >= 1).ok_or_else(|| {
        invalid(&value.to_string(), "inferenceConfig.maxTokens", "Member must have value greater than or equal to 1")
    })
}

fn stop_sequences(config: &Map<String, Value>) -> Result<Vec<String>, AwsError> {
    match config.get("stopSequences") {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            Ok(items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        }
        Some(other) => {
            Err(invalid(&other.to_string(), "inferenceConfig.stopSequences", "Member must be a list of strings"))
        }
    }
}

/// Bedrock's wording for one invalid field.
fn invalid(value: &str, path: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_messages_system_and_config() {
        let body = br#"{"messages":[{"role":"user","content":[{"text":"Hi"},{"image":{}}]},
            {"role":"assistant","content":[{"text":"Hello"}]},{"role":"user","content":[{"text":"a"},{"text":"b"}]}],
            "system":[{"text":"Be brief."}],"inferenceConfig":{"maxTokens":50,"stopSequences":["END"]}}"#;
        let conversation = parse(body).expect("valid");
        assert_eq!(conversation.system.as_deref(), Some("Be brief."));
        assert_eq!(conversation.messages[2], (Role::User, "a\nb".to_owned()));
        assert_eq!((conversation.max_tokens, conversation.stop_sequences), (50, vec!["END".to_owned()]));
        let minimal = parse(br#"{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}"#).expect("valid");
        assert_eq!((minimal.system, minimal.max_tokens), (None, DEFAULT_MAX_TOKENS));
    }

    #[test]
    fn errors_are_worded_like_bedrock() {
        let error = |body: &str| format!("{:?}", parse(body.as_bytes()).expect_err("invalid"));
        assert!(error("{}").contains("Value 'null' at 'messages'"));
        assert!(error(r#"{"messages":[]}"#).contains("length greater than or equal to 1"));
        assert!(
            error(r#"{"messages":[{"role":"assistant","content":[]}]}"#).contains("must start with a user message")
        );
        assert!(error(r#"{"messages":[{"role":"bot","content":[]}]}"#).contains("'messages.1.member.role'"));
        let zero = r#"{"messages":[{"role":"user","content":[]}],"inferenceConfig":{"maxTokens":0}}"#;
        assert!(error(zero).contains("inferenceConfig.maxTokens"));
        assert!(error("nope").contains("Malformed request body"));
    }
}
