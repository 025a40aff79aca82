//! The InvokeModel request body for Anthropic models (PROTOCOLS.md 3.1).

use crate::routes::capabilities::Capabilities;
use crate::routes::request::ChatRequest;
use crate::routes::wire::anthropic::MessagesBody;

/// The `anthropic_version` Bedrock wants in the body, as the Anthropic SDKs send it.
pub const BEDROCK_ANTHROPIC_VERSION: &str = "bedrock-2023-05-31";

/// The Messages body without `model` (it is in the path) and `stream` (the operation says
/// so), plus `anthropic_version`. Built from `MessagesBody` so the two shapes cannot drift.
/// A guardrail goes in headers; the body's `amazon-bedrock-guardrailConfig` is not sent, since
/// its only stream setting, `streamProcessingMode`, defaults to synchronous (PROTOCOLS-WAVE2
/// §2a), which is what routeplay wants: the verdict before the text it blocks.
///
/// # Panics
/// Never: the body holds only strings and numbers, which always serialise.
#[must_use]
pub fn invoke_body(request: &ChatRequest, anthropic_version: &str, capabilities: &Capabilities) -> serde_json::Value {
    let mut body = serde_json::to_value(MessagesBody::for_route("", request, capabilities))
        .expect("a Messages body always serialises");
    if let Some(fields) = body.as_object_mut() {
        fields.remove("model");
        fields.remove("stream");
        fields.insert("anthropic_version".into(), anthropic_version.into());
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::bedrock::INVOKE;
    use crate::routes::request::{Params, Turn};
    use serde_json::json;

    #[test]
    fn the_messages_body_without_model_and_stream() {
        let request = ChatRequest {
            system: Some("Be brief.".into()),
            turns: vec![Turn::user("Hi"), Turn::assistant("Hello"), Turn::user("A joke?")],
            params: Params {
                max_tokens: 150,
                temperature: Some(0.5),
                top_p: None,
                stop_sequences: vec!["END".into()],
                ..Params::default()
            },
            thoughts: false,
        };
        assert_eq!(
            invoke_body(&request, BEDROCK_ANTHROPIC_VERSION, &INVOKE.capabilities),
            json!({
                "anthropic_version": "bedrock-2023-05-31",
                "max_tokens": 150,
                "system": "Be brief.",
                "temperature": 0.5,
                "stop_sequences": ["END"],
                "messages": [
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "Hello"},
                    {"role": "user", "content": "A joke?"},
                ],
            })
        );
    }

    #[test]
    fn the_version_is_the_callers() {
        let body = invoke_body(&ChatRequest::single("hi"), "bedrock-2099-01-01", &INVOKE.capabilities);
        assert_eq!(body["anthropic_version"], "bedrock-2099-01-01");
    }
}
