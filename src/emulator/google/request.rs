//! A `generateContent` body, checked and read the way the real API does: unknown fields are
//! refused by name (`camelCase` or the proto's `snake_case` both work), `contents` is required,
//! and the conversation, system instruction, limits and thinking settings are read.

use super::error::GoogleError;
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::request::Role;
use serde_json::{Map, Value};

/// Fields of `GenerateContentRequest`.
const REQUEST_FIELDS: &[&str] = &[
    "contents",
    "systemInstruction",
    "generationConfig",
    "tools",
    "toolConfig",
    "safetySettings",
    "cachedContent",
    "labels",
    "model",
];
/// Fields of `GenerationConfig`.
const CONFIG_FIELDS: &[&str] = &[
    "temperature",
    "topP",
    "topK",
    "candidateCount",
    "maxOutputTokens",
    "stopSequences",
    "presencePenalty",
    "frequencyPenalty",
    "seed",
    "responseMimeType",
    "responseSchema",
    "responseJsonSchema",
    "responseModalities",
    "responseLogprobs",
    "logprobs",
    "thinkingConfig",
    "speechConfig",
    "mediaResolution",
    "imageConfig",
    "enableEnhancedCivicAnswers",
];

/// What the answer is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct GeminiRequest {
    /// `max_tokens` is 0 when `maxOutputTokens` was not given: the model's limit applies.
    pub conversation: Conversation,
    pub include_thoughts: bool,
    pub thinking_budget: Option<i64>,
}

/// Check and read a body.
pub fn parse(body: &[u8]) -> Result<GeminiRequest, GoogleError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| invalid_json(&e.to_string()))?;
    let request =
        value.as_object().ok_or_else(|| invalid_json("Unknown name \"\": Root element must be a message."))?;
    let request = known(request, REQUEST_FIELDS, "")?;
    let contents = request.get("contents").and_then(Value::as_array).filter(|contents| !contents.is_empty());
    let contents = contents
        .ok_or_else(|| GoogleError::invalid("* GenerateContentRequest.contents: contents is not specified\n"))?;
    let mut messages = Vec::new();
    for (index, content) in contents.iter().enumerate() {
        let role = match content.get("role").and_then(Value::as_str) {
            None | Some("user" | "") => Role::User,
            Some("model") => Role::Assistant,
            Some(_) => return Err(GoogleError::invalid("Please use a valid role: user, model.")),
        };
        let parts = content.get("parts").and_then(Value::as_array).filter(|parts| !parts.is_empty());
        let parts = parts.ok_or_else(|| {
            GoogleError::invalid(format!(
                "* GenerateContentRequest.contents[{index}].parts: contents.parts must not be empty.\n"
            ))
        })?;
        messages.push((role, text_of(parts)));
    }
    let system = request
        .get("systemInstruction")
        .map(|instruction| text_of(instruction.get("parts").and_then(Value::as_array).map_or(&[], Vec::as_slice)));
    let empty = Map::new();
    let config = match request.get("generationConfig") {
        Some(Value::Object(config)) => known(config, CONFIG_FIELDS, "generation_config")?,
        Some(_) => return Err(invalid_json("Invalid value at 'generation_config': expected a message.")),
        None => empty,
    };
    let max_tokens = match config.get("maxOutputTokens") {
        None => 0,
        Some(value) => value.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0).ok_or_else(|| {
            GoogleError::invalid(format!(
                "Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), {value}"
            ))
        })?,
    };
    let stop_sequences = match config.get("stopSequences") {
        None => Vec::new(),
        Some(Value::Array(items)) if items.len() <= 5 && items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        Some(_) => {
            return Err(GoogleError::invalid("generation_config.stop_sequences: at most 5 strings are allowed."));
        }
    };
    let thinking = config.get("thinkingConfig").and_then(Value::as_object);
    let flag = |name: &str| thinking.and_then(|t| t.get(name).or_else(|| t.get(&snake(name))));
    let thinking_budget = match flag("thinkingBudget") {
        None => None,
        Some(value) => Some(value.as_i64().ok_or_else(|| {
            GoogleError::invalid(format!(
                "Invalid value at 'generation_config.thinking_config.thinking_budget' (TYPE_INT32), {value}"
            ))
        })?),
    };
    Ok(GeminiRequest {
        conversation: Conversation { system, messages, max_tokens, stop_sequences, asked: Asked::default() },
        include_thoughts: flag("includeThoughts").and_then(Value::as_bool).unwrap_or(false),
        thinking_budget,
    })
}

/// `fields` with `snake_case` names turned `camelCase`; an unknown name is refused.
fn known(fields: &Map<String, Value>, allowed: &[&str], at: &str) -> Result<Map<String, Value>, GoogleError> {
    let mut out = Map::new();
    for (name, value) in fields {
        let camel = camel(name);
        if !allowed.contains(&camel.as_str()) {
            let place = if at.is_empty() { String::new() } else { format!(" at '{at}'") };
            return Err(invalid_json(&format!("Unknown name \"{name}\"{place}: Cannot find field.")));
        }
        out.insert(camel, value.clone());
    }
    Ok(out)
}

/// The text of a content's parts, thought summaries left out.
fn text_of(parts: &[Value]) -> String {
    let texts = parts.iter().filter(|part| part.get("thought") != Some(&Value::Bool(true)));
    texts.filter_map(|part| part.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("")
}

fn invalid_json(problem: &str) -> GoogleError {
    GoogleError::invalid(format!("Invalid JSON payload received. {problem}"))
}

/// `max_output_tokens` → `maxOutputTokens`.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `thinkingBudget` → `thinking_budget`.
fn snake(name: &str) -> String {
    name.chars()
        .flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(body: &str) -> String {
        parse(body.as_bytes()).map_or_else(|error| error.message().to_owned(), |_| String::new())
    }

    #[test]
    fn reads_a_full_request() {
        let body = r#"{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"t","thought":true},{"text":"Hello"}]},{"parts":[{"text":"Why?"}]}],
            "system_instruction":{"parts":[{"text":"Be brief."}]},
            "generationConfig":{"maxOutputTokens":50,"stopSequences":["END"],"thinking_config":{"include_thoughts":true,"thinkingBudget":-1}}}"#;
        let request = parse(body.as_bytes()).expect("valid");
        assert_eq!(request.conversation.system.as_deref(), Some("Be brief."));
        assert_eq!(request.conversation.messages[1], (Role::Assistant, "Hello".to_owned()));
        assert_eq!(request.conversation.messages[2].0, Role::User);
        assert_eq!((request.conversation.max_tokens, request.conversation.stop_sequences.len()), (50, 1));
        assert!(request.include_thoughts);
        assert_eq!(request.thinking_budget, Some(-1));
    }

    #[test]
    fn refuses_like_the_api() {
        assert!(message("{").starts_with("Invalid JSON payload received."));
        assert!(message("{}").contains("contents is not specified"));
        assert_eq!(
            message(r#"{"contents":[],"prompt":1}"#),
            "Invalid JSON payload received. Unknown name \"prompt\": Cannot find field."
        );
        assert!(message(r#"{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}"#).contains("valid role"));
        assert!(message(r#"{"contents":[{"role":"user","parts":[]}]}"#).contains("contents[0].parts"));
        let c = r#""contents":[{"parts":[{"text":"x"}]}]"#;
        assert!(
            message(&format!(r#"{{{c},"generationConfig":{{"max_tokens":1}}}}"#)).contains("at 'generation_config'")
        );
        assert!(
            message(&format!(r#"{{{c},"generationConfig":{{"maxOutputTokens":"x"}}}}"#)).contains("max_output_tokens")
        );
    }
}
