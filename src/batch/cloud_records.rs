//! What a Bedrock or Vertex batch record holds and what its answer says: the request body is
//! the route's own (its streaming request's body without `stream`), and an answer is read
//! from the provider's non-streaming response shape.

use super::job::BatchAnswer;
use crate::routes::Target;
use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::request::ChatRequest;
use crate::routes::spec::Endpoint;
use crate::routes::wire::gemini::GeminiStreamDecoder;
use serde_json::Value;

/// The body `target`'s route sends for `request`, as a batch record takes it: built by the
/// route's own builder, without the fields only a stream or a URL needs (`stream`, `model`).
/// Bedrock Invoke: the Bedrock Messages body (`anthropic_version` bedrock-2023-05-31);
/// Converse: the Converse body; Vertex Gemini: the `GenerateContentRequest`; Vertex Claude:
/// the Messages body with `anthropic_version` vertex-2023-10-16.
#[must_use]
pub fn record_body(target: &Target, request: &ChatRequest) -> Value {
    let endpoint = Endpoint { base_url: "", version: "", project: "", location: "" };
    let http = target.route.spec().request(&endpoint, &target.model, request);
    let mut body: Value = serde_json::from_slice(&http.body).unwrap_or(Value::Null);
    if let Some(fields) = body.as_object_mut() {
        fields.remove("stream");
        fields.remove("model");
    }
    body
}

/// A number, also as proto3 JSON writes 64-bit ones (a string).
#[must_use]
pub fn count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// An Anthropic Messages `Message` (Bedrock InvokeModel's answer for Claude, Vertex Claude's).
pub fn from_messages(message: &Value) -> Result<BatchAnswer, String> {
    let blocks = message.get("content").and_then(Value::as_array).ok_or("the answer has no content")?;
    let mut answer = BatchAnswer::default();
    for block in blocks {
        match block.get("type").and_then(Value::as_str) {
            Some("text") => answer.text.push_str(block.get("text").and_then(Value::as_str).unwrap_or("")),
            Some("thinking") => answer.thinking.push_str(block.get("thinking").and_then(Value::as_str).unwrap_or("")),
            _ => {}
        }
    }
    let usage = message.get("usage");
    let field = |name: &str| count(usage.and_then(|usage| usage.get(name)));
    answer.usage = Usage {
        input_tokens: field("input_tokens"),
        output_tokens: field("output_tokens"),
        cache_read_tokens: field("cache_read_input_tokens"),
        cache_write_tokens: field("cache_creation_input_tokens"),
        thinking_tokens: None,
    };
    let stop_sequence = message.get("stop_sequence").and_then(Value::as_str).map(str::to_owned);
    answer.stop_reason = message
        .get("stop_reason")
        .and_then(Value::as_str)
        .map(|reason| StopReason::from_anthropic(reason, stop_sequence));
    answer.model_version = message.get("model").and_then(Value::as_str).map(str::to_owned);
    answer.message_id = message.get("id").and_then(Value::as_str).map(str::to_owned);
    Ok(answer)
}

/// A Converse response: `output.message.content`, `usage`, `stopReason`.
pub fn from_converse(response: &Value) -> Result<BatchAnswer, String> {
    let blocks = response
        .pointer("/output/message/content")
        .and_then(Value::as_array)
        .ok_or("the answer has no output.message.content")?;
    let mut answer = BatchAnswer::default();
    for block in blocks {
        if let Some(text) = block.get("text").and_then(Value::as_str) {
            answer.text.push_str(text);
        }
        if let Some(text) = block.pointer("/reasoningContent/reasoningText/text").and_then(Value::as_str) {
            answer.thinking.push_str(text);
        }
    }
    let usage = response.get("usage");
    let field = |name: &str| count(usage.and_then(|usage| usage.get(name)));
    answer.usage = Usage {
        input_tokens: field("inputTokens"),
        output_tokens: field("outputTokens"),
        cache_read_tokens: field("cacheReadInputTokens"),
        cache_write_tokens: field("cacheWriteInputTokens"),
        thinking_tokens: None,
    };
    let stop_sequence =
        response.pointer("/additionalModelResponseFields/stop_sequence").and_then(Value::as_str).map(str::to_owned);
    answer.stop_reason = response
        .get("stopReason")
        .and_then(Value::as_str)
        .map(|reason| StopReason::from_anthropic(reason, stop_sequence));
    Ok(answer)
}

/// A `GenerateContentResponse`, read by the Gemini route's own decoder (one SSE event of it),
/// so a batch answer is read exactly as a streamed one.
pub fn from_gemini(response: &Value) -> Result<BatchAnswer, String> {
    let mut decoder = GeminiStreamDecoder::new();
    let framed = format!("data: {response}\n\n");
    let mut events = decoder.feed(framed.as_bytes()).map_err(|fault| format!("{fault:?}"))?;
    events.extend(decoder.finish().map_err(|fault| format!("{fault:?}"))?);
    Ok(fold(events))
}

/// Stream events, folded into one answer.
#[must_use]
pub fn fold(events: Vec<StreamEvent>) -> BatchAnswer {
    let mut answer = BatchAnswer::default();
    for event in events {
        match event {
            StreamEvent::Metadata { message_id, model } => {
                answer.message_id = message_id.or(answer.message_id);
                answer.model_version = model.or(answer.model_version);
            }
            StreamEvent::TextDelta(text) => answer.text.push_str(&text),
            StreamEvent::ThinkingDelta(text) => answer.thinking.push_str(&text),
            StreamEvent::Usage(usage) => answer.usage.merge(usage),
            StreamEvent::StopReason(reason) => answer.stop_reason = Some(reason),
            _ => {}
        }
    }
    answer
}

/// `value` as text with every object's keys sorted, so two equal JSON values read the same
/// whatever order their keys came in (for matching Vertex Gemini's echoed requests).
#[must_use]
pub fn canonical(value: &Value) -> String {
    let mut text = String::new();
    write_canonical(value, &mut text);
    text
}

/// Objects written with their keys sorted, whatever map `serde_json` uses.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(fields) => {
            let mut keys: Vec<&String> = fields.keys().collect();
            keys.sort();
            out.push('{');
            for (index, key) in keys.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                write_canonical(&fields[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;
    use serde_json::json;

    #[test]
    fn bodies_are_the_routes_own_without_stream_or_model() {
        let request = ChatRequest::single("hi");
        let invoke = record_body(&Target::new(RouteId::BedrockInvoke, "anthropic.claude-x-v1:0"), &request);
        assert_eq!(invoke["anthropic_version"], "bedrock-2023-05-31");
        assert!(invoke.get("stream").is_none() && invoke.get("model").is_none(), "{invoke}");
        let claude = record_body(&Target::new(RouteId::VertexClaude, "claude-x@1"), &request);
        assert_eq!(claude["anthropic_version"], "vertex-2023-10-16");
        assert!(claude.get("stream").is_none() && claude.get("model").is_none(), "{claude}");
        let gemini = record_body(&Target::new(RouteId::VertexGemini, "gemini-2.5-flash"), &request);
        assert_eq!(gemini["contents"][0]["parts"][0]["text"], "hi");
        let converse = record_body(&Target::new(RouteId::BedrockConverse, "meta.llama3-70b-instruct-v1:0"), &request);
        assert_eq!(converse["messages"][0]["content"][0]["text"], "hi");
    }

    #[test]
    fn answers_read_from_each_shape() {
        let message = json!({"id": "msg_1", "model": "claude", "content": [
            {"type": "thinking", "thinking": "hm"}, {"type": "text", "text": "Hello"}],
            "stop_reason": "end_turn", "usage": {"input_tokens": 3, "output_tokens": 5}});
        let answer = from_messages(&message).expect("a message");
        assert_eq!((answer.text.as_str(), answer.thinking.as_str()), ("Hello", "hm"));
        assert_eq!((answer.usage.input_tokens, answer.usage.output_tokens), (Some(3), Some(5)));
        assert_eq!(answer.stop_reason, Some(StopReason::EndTurn));
        assert_eq!(answer.message_id.as_deref(), Some("msg_1"));

        let converse = json!({"output": {"message": {"role": "assistant", "content": [{"text": "Hi"}]}},
            "stopReason": "max_tokens", "usage": {"inputTokens": 2, "outputTokens": 7, "totalTokens": 9}});
        let answer = from_converse(&converse).expect("a converse answer");
        assert_eq!((answer.text.as_str(), answer.usage.output_tokens), ("Hi", Some(7)));
        assert_eq!(answer.stop_reason, Some(StopReason::MaxTokens));

        let gemini = json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "Yo"}]},
            "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 6},
            "modelVersion": "gemini-2.5-flash"});
        let answer = from_gemini(&gemini).expect("a gemini answer");
        assert_eq!((answer.text.as_str(), answer.usage.input_tokens), ("Yo", Some(4)));
        assert_eq!(answer.stop_reason, Some(StopReason::EndTurn));
        assert!(from_messages(&json!({"no": "content"})).is_err());
    }

    #[test]
    fn canonical_text_ignores_key_order() {
        let a = json!({"b": [1, {"y": 2, "x": "s"}], "a": null});
        let b: Value = serde_json::from_str(r#"{"a":null,"b":[1,{"x":"s","y":2}]}"#).expect("json");
        assert_eq!(canonical(&a), canonical(&b));
        assert_eq!(canonical(&a), r#"{"a":null,"b":[1,{"x":"s","y":2}]}"#);
        assert_ne!(canonical(&a), canonical(&json!({"a": null, "b": [1]})));
        assert_eq!(count(Some(&json!("12"))), Some(12));
    }
}
