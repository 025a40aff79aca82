//! A `generateContent` body, checked and read the way the real API does: unknown fields are
//! refused by name (`camelCase` or the proto's `snake_case` both work), `contents` is required,
//! and the conversation, inline files, system instruction, limits, thinking settings, service
//! tier and (on Vertex) labels are read.

use super::error::GoogleError;
use super::parts;
use super::refuse::Wire;
use super::thinking::{self, ThinkingAsked};
use super::tier::{self, Tier};
use crate::emulator::turn::{Asked, Conversation};
use crate::routes::wire::gemini;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Fields of `GenerateContentRequest`; the first, `labels`, only on Vertex ("labels parameter
/// is only supported in … Agent Platform mode", GENAI `models.py`).
const REQUEST_FIELDS: &[&str] = &[
    "labels",
    "contents",
    "systemInstruction",
    "generationConfig",
    "tools",
    "toolConfig",
    "safetySettings",
    "cachedContent",
    "serviceTier",
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
    /// `asked` holds the inline files and `cache` (Gemini caches implicitly); thinking is the
    /// model's to decide, from `thinking`.
    pub conversation: Conversation,
    pub thinking: ThinkingAsked,
    pub service_tier: Option<Tier>,
}

/// Check and read a body sent to `wire`: `labels` exist only on Vertex, where they must keep
/// Google's label rules.
pub fn parse(body: &[u8], wire: Wire) -> Result<GeminiRequest, GoogleError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| invalid_json(&e.to_string()))?;
    let request =
        value.as_object().ok_or_else(|| invalid_json("Unknown name \"\": Root element must be a message."))?;
    let fields = if wire == Wire::GeminiApi { &REQUEST_FIELDS[1..] } else { REQUEST_FIELDS };
    let request = known(request, fields, "")?;
    let contents = request.get("contents").and_then(Value::as_array).filter(|contents| !contents.is_empty());
    let contents = contents
        .ok_or_else(|| GoogleError::invalid("* GenerateContentRequest.contents: contents is not specified\n"))?;
    let contents = parts::read(contents, wire)?;
    let system = request.get("systemInstruction").map(|instruction| {
        parts::text_of(instruction.get("parts").and_then(Value::as_array).map_or(&[], Vec::as_slice))
    });
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
    if let Some(value) = config.get("topK").filter(|value| value.as_i64().is_none_or(|k| i32::try_from(k).is_err())) {
        return Err(GoogleError::invalid(format!("Invalid value at 'generation_config.top_k' (TYPE_INT32), {value}")));
    }
    let stop_sequences = match config.get("stopSequences") {
        None => Vec::new(),
        Some(Value::Array(items)) if items.len() <= 5 && items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        Some(_) => {
            return Err(GoogleError::invalid("generation_config.stop_sequences: at most 5 strings are allowed."));
        }
    };
    if let Some(labels) = request.get("labels") {
        check_labels(labels)?;
    }
    let asked = Asked { cache: true, attachments: contents.attachments, ..Asked::default() };
    Ok(GeminiRequest {
        conversation: Conversation { system, messages: contents.messages, max_tokens, stop_sequences, asked },
        thinking: thinking::read(&config)?,
        service_tier: tier::read(request.get("serviceTier"), wire)?,
    })
}

/// Vertex `labels`: a map of strings, by Google Cloud's label rules (the message is
/// routeplay's; Vertex's own wording is not confirmed).
fn check_labels(labels: &Value) -> Result<(), GoogleError> {
    let labels = labels.as_object().ok_or_else(|| invalid_json("Invalid value at 'labels': expected a map."))?;
    let mut pairs = BTreeMap::new();
    for (key, value) in labels {
        let value = value
            .as_str()
            .ok_or_else(|| invalid_json(&format!("Invalid value at 'labels[{key}]' (TYPE_STRING), {value}")))?;
        pairs.insert(key.clone(), value.to_owned());
    }
    gemini::check_labels(&pairs).map_err(GoogleError::invalid)
}

/// `fields` with `snake_case` names turned `camelCase`; an unknown name is refused.
pub(super) fn known(
    fields: &Map<String, Value>,
    allowed: &[&str],
    at: &str,
) -> Result<Map<String, Value>, GoogleError> {
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

pub(super) fn invalid_json(problem: &str) -> GoogleError {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::Role;

    fn message_on(body: &str, wire: Wire) -> String {
        parse(body.as_bytes(), wire).map_or_else(|error| error.message().to_owned(), |_| String::new())
    }

    fn message(body: &str) -> String {
        message_on(body, Wire::GeminiApi)
    }

    #[test]
    fn reads_a_full_request() {
        let body = r#"{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"t","thought":true},{"text":"Hello"}]},{"parts":[{"text":"Why?"}]}],
            "system_instruction":{"parts":[{"text":"Be brief."}]},
            "generationConfig":{"maxOutputTokens":50,"stopSequences":["END"],"thinking_config":{"include_thoughts":true,"thinkingBudget":-1}}}"#;
        let request = parse(body.as_bytes(), Wire::GeminiApi).expect("valid");
        assert_eq!(request.conversation.system.as_deref(), Some("Be brief."));
        assert_eq!(request.conversation.messages[1], (Role::Assistant, "Hello".to_owned()));
        assert_eq!(request.conversation.messages[2].0, Role::User);
        assert_eq!((request.conversation.max_tokens, request.conversation.stop_sequences.len()), (50, 1));
        assert!(request.thinking.include_thoughts);
        assert_eq!(request.thinking.budget, Some(-1));
        assert!(request.conversation.asked.cache, "Gemini caches implicitly");
        assert_eq!(request.service_tier, None);
    }

    #[test]
    fn labels_exist_only_on_vertex_and_keep_the_label_rules() {
        let body = r#"{"contents":[{"parts":[{"text":"x"}]}],"labels":{"team":"ml"},"serviceTier":"flex"}"#;
        assert_eq!(
            message_on(body, Wire::GeminiApi),
            "Invalid JSON payload received. Unknown name \"labels\": Cannot find field."
        );
        let request = parse(body.as_bytes(), Wire::VertexGemini).expect("labels on Vertex");
        assert_eq!(request.service_tier, Some(Tier::Flex));
        let bad = r#"{"contents":[{"parts":[{"text":"x"}]}],"labels":{"Team":"ml"}}"#;
        assert!(message_on(bad, Wire::VertexGemini).contains(r#"label key "Team" starts with 'T'"#));
        let not_text = r#"{"contents":[{"parts":[{"text":"x"}]}],"labels":{"team":1}}"#;
        assert!(message_on(not_text, Wire::VertexGemini).contains("Invalid value at 'labels[team]' (TYPE_STRING)"));
    }

    #[test]
    fn top_k_must_be_a_whole_number() {
        let c = r#""contents":[{"parts":[{"text":"x"}]}]"#;
        assert_eq!(message(&format!(r#"{{{c},"generationConfig":{{"topK":40}}}}"#)), "");
        let bad = message(&format!(r#"{{{c},"generationConfig":{{"top_k":0.5}}}}"#));
        assert_eq!(bad, "Invalid value at 'generation_config.top_k' (TYPE_INT32), 0.5");
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
