//! The Converse / ConverseStream request body (PROTOCOLS.md 3.5): text turns, a system
//! prompt and the inference parameters every Converse model takes.

use serde::Serialize;

use crate::routes::request::{ChatRequest, Role, serialize_as_typed};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConverseBody<'a> {
    messages: Vec<Message<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    system: Vec<TextBlock<'a>>,
    inference_config: InferenceConfig<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    role: Role,
    content: [TextBlock<'a>; 1],
}

/// A `text` member of the `ContentBlock` and `SystemContentBlock` unions.
#[derive(Serialize)]
struct TextBlock<'a> {
    text: &'a str,
}

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

/// The body for `request`; the model id goes in the path.
///
/// # Panics
/// Never: the body holds only strings and numbers, which always serialise.
#[must_use]
pub fn converse_body(request: &ChatRequest) -> serde_json::Value {
    let body = ConverseBody {
        messages: request
            .turns
            .iter()
            .map(|turn| Message { role: turn.role, content: [TextBlock { text: &turn.text }] })
            .collect(),
        system: request
            .system
            .as_deref()
            .filter(|system| !system.trim().is_empty())
            .map(|text| TextBlock { text })
            .into_iter()
            .collect(),
        inference_config: InferenceConfig {
            max_tokens: request.params.max_tokens,
            temperature: request.params.temperature,
            top_p: request.params.top_p,
            stop_sequences: &request.params.stop_sequences,
        },
    };
    serde_json::to_value(body).expect("a Converse body always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::request::{Params, Turn};
    use serde_json::json;

    #[test]
    fn a_full_request() {
        let request = ChatRequest {
            system: Some("Be brief.".into()),
            turns: vec![Turn::user("Hi"), Turn::assistant("Hello"), Turn::user("A joke?")],
            params: Params {
                max_tokens: 300,
                temperature: Some(0.25),
                top_p: Some(0.5),
                stop_sequences: vec!["END".into()],
                ..Params::default()
            },
            thoughts: false,
        };
        assert_eq!(
            converse_body(&request),
            json!({
                "messages": [
                    {"role": "user", "content": [{"text": "Hi"}]},
                    {"role": "assistant", "content": [{"text": "Hello"}]},
                    {"role": "user", "content": [{"text": "A joke?"}]},
                ],
                "system": [{"text": "Be brief."}],
                "inferenceConfig": {"maxTokens": 300, "temperature": 0.25, "topP": 0.5, "stopSequences": ["END"]},
            })
        );
    }

    #[test]
    fn unset_parameters_and_a_blank_system_prompt_are_omitted() {
        let mut request = ChatRequest::single("hi");
        request.system = Some("  ".into());
        assert_eq!(
            converse_body(&request),
            json!({
                "messages": [{"role": "user", "content": [{"text": "hi"}]}],
                "inferenceConfig": {"maxTokens": 1024},
            })
        );
    }
}
