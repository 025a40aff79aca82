//! Parse and check a `Converse` / `ConverseStream` body into a [`Conversation`]: `messages`
//! (text, image, document and cache-point blocks are read, [`super::converse_content`]; other
//! blocks are accepted and ignored), `system` text blocks, `inferenceConfig.maxTokens` and
//! `stopSequences`, and the request controls ([`super::converse_controls`]). Errors are worded
//! as Bedrock words them.

use super::converse_content;
use super::converse_controls::{self, ConverseControls};
use super::error::AwsError;
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::request::Role;
use serde_json::{Map, Value};

/// A Converse request: the conversation for the core, and the controls only Converse renders.
#[derive(Debug, Clone, PartialEq)]
pub struct ConverseRequest {
    pub conversation: Conversation,
    pub controls: ConverseControls,
}

/// `maxTokens` when the request sets none.
const DEFAULT_MAX_TOKENS: u32 = 8192;

/// The conversation and controls of a Converse body.
pub fn parse(body: &[u8]) -> Result<ConverseRequest, AwsError> {
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
    let mut asked = Asked::default();
    let mut read = Vec::with_capacity(messages.len());
    for (index, message) in messages.iter().enumerate() {
        let (role, content) = read_message(index, message)?;
        asked.cache |= content.cache;
        asked.attachments.extend(content.attachments);
        read.push((role, content.text));
    }
    let messages = read;
    if messages.first().is_some_and(|(role, _)| *role != Role::User) {
        return Err(AwsError::validation(
            "A conversation must start with a user message. Try again with a conversation that starts with a user \
             message.",
        ));
    }
    let system = match object.get("system") {
        None => None,
        Some(Value::Array(blocks)) => {
            asked.cache |= blocks.iter().any(|block| block.get("cachePoint").is_some());
            Some(texts(blocks))
        }
        Some(other) => return Err(invalid(&other.to_string(), "system", "Member must be a list")),
    };
    let config = match object.get("inferenceConfig") {
        None => &Map::new(),
        Some(Value::Object(config)) => config,
        Some(other) => return Err(invalid(&other.to_string(), "inferenceConfig", "Member must be an object")),
    };
    let max_tokens = max_tokens(config)?;
    let controls = converse_controls::read(object, max_tokens)?;
    asked.thinking = controls.thinking;
    asked.guardrail.clone_from(&controls.guardrail);
    let conversation = Conversation { system, messages, max_tokens, stop_sequences: stop_sequences(config)?, asked };
    Ok(ConverseRequest { conversation, controls })
}

fn read_message(index: usize, message: &Value) -> Result<(Role, converse_content::Content), AwsError> {
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
        Some(Value::Array(blocks)) => Ok((role, converse_content::read(index, role, blocks)?)),
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
pub(super) fn invalid(value: &str, path: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {constraint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_messages_system_and_config() {
        let body = br#"{"messages":[{"role":"user","content":[{"text":"Hi"},{"image":{"format":"png","source":{"bytes":""}}}]},
            {"role":"assistant","content":[{"text":"Hello"}]},{"role":"user","content":[{"text":"a"},{"text":"b"}]}],
            "system":[{"text":"Be brief."}],"inferenceConfig":{"maxTokens":50,"stopSequences":["END"]}}"#;
        let conversation = parse(body).expect("valid").conversation;
        assert_eq!(conversation.system.as_deref(), Some("Be brief."));
        assert_eq!(conversation.messages[2], (Role::User, "a\nb".to_owned()));
        assert_eq!((conversation.max_tokens, conversation.stop_sequences), (50, vec!["END".to_owned()]));
        let minimal =
            parse(br#"{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}"#).expect("valid").conversation;
        assert_eq!((minimal.system, minimal.max_tokens), (None, DEFAULT_MAX_TOKENS));
    }

    #[test]
    fn the_controls_fill_what_the_core_reads() {
        let body = br#"{"messages":[{"role":"user","content":[
                {"image":{"format":"png","source":{"bytes":"AAAA"}}},{"text":"Hi"},{"cachePoint":{"type":"default"}}]}],
            "additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1024}},
            "guardrailConfig":{"guardrailIdentifier":"gr1","guardrailVersion":"DRAFT","trace":"enabled"},
            "serviceTier":{"type":"priority"}}"#;
        let request = parse(body).expect("valid");
        let asked = &request.conversation.asked;
        assert_eq!(asked.thinking, Some(Some(1024)));
        assert!(asked.cache);
        assert_eq!(asked.guardrail, Some(("gr1".into(), "DRAFT".into())));
        assert_eq!(
            asked.attachments,
            [crate::emulator::turn::AttachmentSeen { media_type: "image/png".into(), size: 3 }]
        );
        assert_eq!(request.controls.service_tier.as_deref(), Some("priority"));
        let system_cache = br#"{"messages":[{"role":"user","content":[{"text":"Hi"}]}],
            "system":[{"text":"S"},{"cachePoint":{"type":"default"}}]}"#;
        assert!(parse(system_cache).expect("valid").conversation.asked.cache);
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
