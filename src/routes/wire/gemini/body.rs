//! The `generateContent` / `streamGenerateContent` request body (GENAI `types.py`, camelCase).

use serde_json::{Map, Number, Value, json};

use crate::routes::request::{ChatRequest, Role, as_typed};

/// Gemini-only knobs that `Params` does not carry; by default none is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeminiOptions {
    pub top_k: Option<u32>,
    /// Ask thinking models to stream thought summaries (`thinkingConfig.includeThoughts`).
    pub include_thoughts: bool,
    /// `thinkingConfig.thinkingBudget` in tokens; 0 turns thinking off, -1 lets the model decide.
    pub thinking_budget: Option<i32>,
}

/// The body for `request`: `contents`, `systemInstruction` when there is a system prompt, and
/// `generationConfig`. Optional settings are omitted when unset, as the SDK does.
#[must_use]
pub fn generate_content_body(request: &ChatRequest, options: &GeminiOptions) -> Value {
    let contents: Vec<Value> = request
        .turns
        .iter()
        .map(|turn| {
            let role = match turn.role {
                Role::User => "user",
                Role::Assistant => "model",
            };
            json!({ "role": role, "parts": [{ "text": turn.text }] })
        })
        .collect();
    let mut body = Map::new();
    body.insert("contents".into(), Value::Array(contents));
    if let Some(system) = request.system.as_deref().filter(|system| !system.trim().is_empty()) {
        body.insert("systemInstruction".into(), json!({ "parts": [{ "text": system }] }));
    }
    body.insert("generationConfig".into(), Value::Object(generation_config(request, options)));
    Value::Object(body)
}

fn generation_config(request: &ChatRequest, options: &GeminiOptions) -> Map<String, Value> {
    let params = &request.params;
    let mut config = Map::new();
    config.insert("maxOutputTokens".into(), params.max_tokens.into());
    let sampling = [("temperature", params.temperature), ("topP", params.top_p)];
    for (key, value) in sampling {
        if let Some(number) = value.and_then(as_typed).and_then(Number::from_f64).map(Value::Number) {
            config.insert(key.into(), number);
        }
    }
    if let Some(top_k) = options.top_k {
        config.insert("topK".into(), top_k.into());
    }
    if !params.stop_sequences.is_empty() {
        config.insert("stopSequences".into(), params.stop_sequences.clone().into());
    }
    let mut thinking = Map::new();
    if options.include_thoughts {
        thinking.insert("includeThoughts".into(), true.into());
    }
    if let Some(budget) = options.thinking_budget {
        thinking.insert("thinkingBudget".into(), budget.into());
    }
    if !thinking.is_empty() {
        config.insert("thinkingConfig".into(), Value::Object(thinking));
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::{Params, Turn};

    fn request() -> ChatRequest {
        ChatRequest {
            system: Some("Be brief.".into()),
            turns: vec![Turn::user("Hi"), Turn::assistant("Hello!"), Turn::user("Why is the sky blue?")],
            params: Params {
                max_tokens: 256,
                temperature: Some(0.7),
                top_p: Some(0.95),
                stop_sequences: vec!["END".into()],
                ..Params::default()
            },
            thoughts: false,
        }
    }

    #[test]
    fn full_body() {
        let options = GeminiOptions { top_k: Some(40), include_thoughts: true, thinking_budget: Some(1024) };
        let expected = json!({
            "contents": [
                {"role": "user", "parts": [{"text": "Hi"}]},
                {"role": "model", "parts": [{"text": "Hello!"}]},
                {"role": "user", "parts": [{"text": "Why is the sky blue?"}]}
            ],
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "generationConfig": {
                "maxOutputTokens": 256,
                "temperature": 0.7,
                "topP": 0.95,
                "topK": 40,
                "stopSequences": ["END"],
                "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 1024}
            }
        });
        assert_eq!(generate_content_body(&request(), &options), expected);
    }

    #[test]
    fn unset_settings_are_omitted() {
        let mut request = ChatRequest::single("Hi");
        request.system = Some("  \n".into());
        let options = GeminiOptions { include_thoughts: false, ..GeminiOptions::default() };
        let expected = json!({
            "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
            "generationConfig": {"maxOutputTokens": 1024}
        });
        assert_eq!(generate_content_body(&request, &options), expected);
    }

    #[test]
    fn thinking_settings_are_sent_only_when_asked_for_and_a_budget_alone_is_kept() {
        let request = ChatRequest::single("Hi");
        let config = &generate_content_body(&request, &GeminiOptions::default())["generationConfig"];
        assert!(config.get("thinkingConfig").is_none(), "nothing about thinking unless asked: {config}");
        let asked = GeminiOptions { include_thoughts: true, ..GeminiOptions::default() };
        let config = &generate_content_body(&request, &asked)["generationConfig"];
        assert_eq!(config["thinkingConfig"], json!({"includeThoughts": true}));
        let off = GeminiOptions { include_thoughts: false, thinking_budget: Some(0), ..GeminiOptions::default() };
        let config = &generate_content_body(&request, &off)["generationConfig"];
        assert_eq!(config["thinkingConfig"], json!({"thinkingBudget": 0}));
    }

    #[test]
    fn floats_keep_their_decimal_form_and_non_finite_ones_are_dropped() {
        let mut request = ChatRequest::single("Hi");
        request.params.temperature = Some(f32::NAN);
        let config = &generate_content_body(&request, &GeminiOptions::default())["generationConfig"];
        assert!(config.get("temperature").is_none());
    }
}
