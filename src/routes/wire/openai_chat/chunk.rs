//! One `chat.completion.chunk` (openai-python `types/chat/chat_completion_chunk.py`), reduced
//! to the fields routeplay shows, and how its content, usage and finish reason read as
//! neutral events.
//!
//! Every field is optional and unknown fields are ignored, so servers' extras (`logprobs`,
//! `obfuscation`, `x_groq`, vLLM's `token_ids`, relays' `reasoning_details`) pass
//! through; a field of the wrong type is an error. Strings that repeat on every chunk borrow
//! from the payload instead of allocating.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::routes::event::{StopReason, StreamEvent, Usage};

#[derive(Deserialize)]
pub(super) struct Chunk<'a> {
    #[serde(borrow)]
    pub(super) id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) model: Option<Cow<'a, str>>,
    pub(super) choices: Option<Vec<Choice<'a>>>,
    pub(super) usage: Option<ChatUsage>,
    #[serde(borrow)]
    pub(super) service_tier: Option<Cow<'a, str>>,
    /// An error sent in place of (or beside) the chunk's content; `null` is none.
    pub(super) error: Option<Value>,
}

#[derive(Deserialize)]
pub(super) struct Choice<'a> {
    /// Which of the `n` answers this is; servers that send one answer may omit it.
    pub(super) index: Option<u32>,
    pub(super) delta: Option<Delta>,
    #[serde(borrow)]
    pub(super) finish_reason: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub(super) struct Delta {
    pub(super) content: Option<Content>,
    /// The thinking text, as vLLM and `deepseek-reasoner` name it.
    pub(super) reasoning_content: Option<String>,
    /// The same, as Groq, newer vLLM and the `openrouter.ai` relay name it.
    pub(super) reasoning: Option<String>,
    pub(super) refusal: Option<String>,
    pub(super) tool_calls: Option<Vec<ToolCallDelta>>,
}

/// `delta.content`: a string, or (Mistral's Magistral) an array of parts.
pub(super) enum Content {
    Text(String),
    /// Parts are rare and of several shapes, so they stay JSON until read.
    Parts(Vec<Value>),
}

#[derive(Deserialize)]
pub(super) struct ToolCallDelta {
    pub(super) index: Option<u32>,
    pub(super) id: Option<String>,
    pub(super) function: Option<FunctionDelta>,
}

#[derive(Deserialize)]
pub(super) struct FunctionDelta {
    pub(super) name: Option<String>,
    /// The next piece of the call's JSON arguments.
    pub(super) arguments: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ChatUsage {
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    prompt_tokens_details: Option<PromptTokensDetails>,
    completion_tokens_details: Option<CompletionTokensDetails>,
}

#[derive(Deserialize)]
struct PromptTokensDetails {
    cached_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct CompletionTokensDetails {
    reasoning_tokens: Option<u64>,
}

impl<'de> Deserialize<'de> for Content {
    /// By hand rather than `#[serde(untagged)]`, which would buffer every delta's string
    /// before trying each variant.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ContentVisitor;

        impl<'de> Visitor<'de> for ContentVisitor {
            type Value = Content;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string or an array of content parts")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Content, E> {
                Ok(Content::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Content, E> {
                Ok(Content::Text(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Content, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Content::Parts)
            }
        }

        deserializer.deserialize_any(ContentVisitor)
    }
}

impl Content {
    /// The text of a string; of parts, `{"type":"text","text":…}` as text and
    /// `{"type":"thinking","thinking":[{"type":"text","text":…}]}` as thinking (Mistral),
    /// other part types skipped. Empty text gives no delta.
    pub(super) fn push_events(self, out: &mut Vec<StreamEvent>) {
        match self {
            Self::Text(text) => push_text(out, StreamEvent::TextDelta, text),
            Self::Parts(parts) => {
                for part in &parts {
                    push_part(part, out);
                }
            }
        }
    }
}

fn push_part(part: &Value, out: &mut Vec<StreamEvent>) {
    let text_of = |value: &Value| value.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
    match part.get("type").and_then(Value::as_str) {
        Some("text") => push_text(out, StreamEvent::TextDelta, text_of(part)),
        Some("thinking") => match part.get("thinking") {
            Some(Value::Array(pieces)) => {
                for piece in pieces {
                    push_text(out, StreamEvent::ThinkingDelta, text_of(piece));
                }
            }
            Some(Value::String(text)) => push_text(out, StreamEvent::ThinkingDelta, text.clone()),
            _ => {}
        },
        _ => {}
    }
}

/// `text` as the event `kind` makes of it, unless it is empty.
pub(super) fn push_text(out: &mut Vec<StreamEvent>, kind: fn(String) -> StreamEvent, text: String) {
    if !text.is_empty() {
        out.push(kind(text));
    }
}

impl ChatUsage {
    /// The counts as neutral usage: `completion_tokens` includes the reasoning tokens, which
    /// are also given apart; `None` when the server reported none of them.
    pub(super) fn usage(&self) -> Option<Usage> {
        let usage = Usage {
            input_tokens: self.prompt_tokens,
            output_tokens: self.completion_tokens,
            cache_read_tokens: self.prompt_tokens_details.as_ref().and_then(|details| details.cached_tokens),
            cache_write_tokens: None,
            thinking_tokens: self.completion_tokens_details.as_ref().and_then(|details| details.reasoning_tokens),
        };
        (usage != Usage::default()).then_some(usage)
    }
}

/// Map a choice's `finish_reason`:
///
/// | `finish_reason` | `StopReason` |
/// |---|---|
/// | `stop` | `EndTurn` (`Refusal` when the choice streamed `refusal` text: the caller decides) |
/// | `length` | `MaxTokens` |
/// | `tool_calls`, `function_call` (the deprecated functions API) | `ToolUse` |
/// | `content_filter` | `Refusal` |
/// | values this version does not know | `Other(value)`, verbatim |
///
/// `content_filter` means the provider's filter withheld the output, which is what the other
/// wires' `Refusal` covers too (Gemini's `SAFETY`, Anthropic's `refusal`). OpenAI does not
/// say which stop sequence matched, so `stop` cannot be `StopSequence`.
pub(super) fn stop_reason(finish_reason: &str) -> StopReason {
    match finish_reason {
        "stop" => StopReason::EndTurn,
        "length" => StopReason::MaxTokens,
        "tool_calls" | "function_call" => StopReason::ToolUse,
        "content_filter" => StopReason::Refusal,
        other => StopReason::Other(other.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_events(json: &str) -> Vec<StreamEvent> {
        let content: Content = serde_json::from_str(json).expect("content");
        let mut out = Vec::new();
        content.push_events(&mut out);
        out
    }

    #[test]
    fn finish_reason_table() {
        assert_eq!(stop_reason("stop"), StopReason::EndTurn);
        assert_eq!(stop_reason("length"), StopReason::MaxTokens);
        assert_eq!(stop_reason("tool_calls"), StopReason::ToolUse);
        assert_eq!(stop_reason("function_call"), StopReason::ToolUse);
        assert_eq!(stop_reason("content_filter"), StopReason::Refusal);
        assert_eq!(stop_reason("eos"), StopReason::Other("eos".into()));
    }

    #[test]
    fn content_string_and_parts() {
        assert_eq!(content_events(r#""Hi""#), [StreamEvent::TextDelta("Hi".into())]);
        assert_eq!(content_events(r#""a\"b""#), [StreamEvent::TextDelta("a\"b".into())]);
        assert_eq!(content_events(r#""""#), []);
        let parts = r#"[{"type":"thinking","thinking":[{"type":"text","text":"Hm"},{"type":"text","text":"."}]},
            {"type":"text","text":"Yes"},{"type":"image_url","image_url":{"url":"x"}},{"type":"thinking","thinking":"so"},
            {"type":"text","text":""}]"#;
        assert_eq!(
            content_events(parts),
            [
                StreamEvent::ThinkingDelta("Hm".into()),
                StreamEvent::ThinkingDelta(".".into()),
                StreamEvent::TextDelta("Yes".into()),
                StreamEvent::ThinkingDelta("so".into()),
            ]
        );
        assert!(serde_json::from_str::<Content>("7").is_err());
        assert!(serde_json::from_str::<Option<Content>>("null").expect("null").is_none());
    }

    #[test]
    fn usage_counts_and_empty_usage() {
        let usage: ChatUsage = serde_json::from_str(
            r#"{"prompt_tokens":6,"completion_tokens":212,"total_tokens":218,"cost":0.1,
            "prompt_tokens_details":{"cached_tokens":2},"completion_tokens_details":{"reasoning_tokens":198}}"#,
        )
        .expect("usage");
        let expected = Usage {
            input_tokens: Some(6),
            output_tokens: Some(212),
            cache_read_tokens: Some(2),
            cache_write_tokens: None,
            thinking_tokens: Some(198),
        };
        assert_eq!(usage.usage(), Some(expected));
        let empty: ChatUsage = serde_json::from_str(r#"{"total_tokens":3}"#).expect("usage");
        assert_eq!(empty.usage(), None);
    }
}
