//! Decodes Anthropic Messages SSE events into neutral `StreamEvent`s.
//!
//! CONTRACT: one decoder per response. `decode` takes one SSE event and returns the neutral
//! events it carries, or a fault that ends the run. Unknown event and delta types are
//! skipped. `is_complete` is true once `message_stop` was seen.
//!
//! The event type is the JSON `type` field, or the SSE event name when the JSON has none.
//! Each known type is parsed into a small serde struct that names only the fields used, so
//! unknown fields are ignored; a missing required field or bad JSON is `Malformed`.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::framing::sse::SseEvent;
use crate::routes::wire::StreamFault;

/// How much of an offending payload a `Malformed` detail quotes.
const MAX_QUOTED_CHARS: usize = 200;

/// Per-response decoding state.
#[derive(Debug, Default)]
pub struct AnthropicStreamDecoder {
    complete: bool,
}

impl AnthropicStreamDecoder {
    /// A decoder for a new response.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode one SSE event.
    pub fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamEvent>, StreamFault> {
        // `event: ping` often comes with an empty body; any other event without data has
        // nothing to decode either.
        if event.data.trim().is_empty() {
            return Ok(Vec::new());
        }
        let head: Head = parse(event.event.as_deref().unwrap_or("unnamed"), &event.data)?;
        let Some(kind) = head.kind.as_deref().or(event.event.as_deref()) else {
            return Ok(Vec::new());
        };
        let data = event.data.as_str();
        match kind {
            "message_start" => Ok(message_start(parse(kind, data)?)),
            "content_block_start" => Ok(content_block_start(parse(kind, data)?)),
            "content_block_delta" => Ok(content_block_delta(parse(kind, data)?)),
            "message_delta" => Ok(message_delta(parse(kind, data)?)),
            "message_stop" => {
                self.complete = true;
                Ok(vec![StreamEvent::Done])
            }
            "error" => Err(provider_error(parse(kind, data)?)),
            // `ping`, `content_block_stop` and types this version does not know.
            _ => Ok(Vec::new()),
        }
    }

    /// Whether `message_stop` has arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

/// Just the `type` of any event. Reading it before the typed payload lets an unknown event
/// be skipped even when its other fields would not fit the structs below.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct MessageStartEvent {
    message: MessageStart,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageStart {
    id: Option<String>,
    model: Option<String>,
    usage: Option<RawUsage>,
}

/// The usage object of `message_start.message` and `message_delta`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUsage {
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    cache_creation_input_tokens: Option<u64>,
    cache_read_input_tokens: Option<u64>,
    output_tokens_details: Option<OutputTokensDetails>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutputTokensDetails {
    thinking_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct ContentBlockStartEvent {
    content_block: ContentBlock,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ContentBlock {
    Text {
        #[serde(default)]
        text: String,
    },
    Thinking {
        #[serde(default)]
        thinking: String,
    },
    ToolUse {
        id: String,
        name: String,
    },
    /// `redacted_thinking`, server tools, compaction and newer block types.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct ContentBlockDeltaEvent {
    delta: BlockDelta,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BlockDelta {
    TextDelta {
        text: String,
    },
    ThinkingDelta {
        thinking: String,
    },
    SignatureDelta {
        signature: String,
    },
    InputJsonDelta {
        partial_json: String,
    },
    /// `citations_delta` and newer delta types.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct MessageDeltaEvent {
    delta: MessageDelta,
    #[serde(default)]
    usage: Option<RawUsage>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageDelta {
    stop_reason: Option<String>,
    stop_sequence: Option<String>,
}

#[derive(Deserialize)]
struct ErrorEvent {
    error: ProviderError,
}

#[derive(Deserialize)]
struct ProviderError {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

fn message_start(event: MessageStartEvent) -> Vec<StreamEvent> {
    let MessageStart { id, model, usage } = event.message;
    let mut out = vec![StreamEvent::Metadata { message_id: id, model }];
    out.extend(usage.map(|usage| StreamEvent::Usage(usage.into())));
    out
}

fn content_block_start(event: ContentBlockStartEvent) -> Vec<StreamEvent> {
    match event.content_block {
        ContentBlock::ToolUse { id, name } => vec![StreamEvent::ToolUseStart { id, name }],
        // The API starts blocks empty, but a block may open with content already in it.
        ContentBlock::Text { text } if !text.is_empty() => vec![StreamEvent::TextDelta(text)],
        ContentBlock::Thinking { thinking } if !thinking.is_empty() => {
            vec![StreamEvent::ThinkingDelta(thinking)]
        }
        _ => Vec::new(),
    }
}

fn content_block_delta(event: ContentBlockDeltaEvent) -> Vec<StreamEvent> {
    let decoded = match event.delta {
        BlockDelta::TextDelta { text } => StreamEvent::TextDelta(text),
        // The API closes a thinking block with an empty delta; it carries nothing.
        BlockDelta::ThinkingDelta { thinking } if thinking.is_empty() => return Vec::new(),
        BlockDelta::ThinkingDelta { thinking } => StreamEvent::ThinkingDelta(thinking),
        // Only the fact of signing is shown; an empty signature signs nothing.
        BlockDelta::SignatureDelta { signature } if signature.is_empty() => return Vec::new(),
        BlockDelta::SignatureDelta { .. } => StreamEvent::ThinkingSigned,
        BlockDelta::InputJsonDelta { partial_json } => StreamEvent::ToolInputDelta(partial_json),
        BlockDelta::Other => return Vec::new(),
    };
    vec![decoded]
}

fn message_delta(event: MessageDeltaEvent) -> Vec<StreamEvent> {
    let MessageDelta { stop_reason, stop_sequence } = event.delta;
    let stop = stop_reason.map(|reason| StreamEvent::StopReason(StopReason::from_anthropic(&reason, stop_sequence)));
    let usage = event.usage.map(|usage| StreamEvent::Usage(usage.into()));
    stop.into_iter().chain(usage).collect()
}

fn provider_error(event: ErrorEvent) -> StreamFault {
    StreamFault::Provider { error_type: event.error.kind, message: event.error.message }
}

impl From<RawUsage> for Usage {
    fn from(raw: RawUsage) -> Self {
        Usage {
            input_tokens: raw.input_tokens,
            output_tokens: raw.output_tokens,
            cache_read_tokens: raw.cache_read_input_tokens,
            cache_write_tokens: raw.cache_creation_input_tokens,
            thinking_tokens: raw.output_tokens_details.and_then(|d| d.thinking_tokens),
        }
    }
}

/// Parse `data` as the payload of a `kind` event, naming both in the fault if it fails.
fn parse<T: DeserializeOwned>(kind: &str, data: &str) -> Result<T, StreamFault> {
    serde_json::from_str(data)
        .map_err(|err| StreamFault::Malformed { detail: format!("{kind} event: {err}; data: {}", quote(data)) })
}

/// The start of `data`, cut at a char boundary, marked when cut.
fn quote(data: &str) -> String {
    match data.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &data[..cut]),
        None => data.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sse(name: &str, data: &str) -> SseEvent {
        SseEvent { event: Some(name.to_owned()), data: data.to_owned(), ..SseEvent::default() }
    }

    fn decode(name: &str, data: &str) -> Result<Vec<StreamEvent>, StreamFault> {
        AnthropicStreamDecoder::new().decode(&sse(name, data))
    }

    fn decode_ok(name: &str, data: &str) -> Vec<StreamEvent> {
        decode(name, data).expect("decodes")
    }

    fn malformed_detail(name: &str, data: &str) -> String {
        match decode(name, data) {
            Err(StreamFault::Malformed { detail }) => detail,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn message_start_gives_metadata_and_usage() {
        let data = r#"{"type":"message_start","message":{"id":"msg_1","model":"m","content":[],
            "usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":3,
            "cache_read_input_tokens":4,"service_tier":"standard"}}}"#;
        let usage = Usage {
            input_tokens: Some(10),
            output_tokens: Some(1),
            cache_read_tokens: Some(4),
            cache_write_tokens: Some(3),
            thinking_tokens: None,
        };
        assert_eq!(
            decode_ok("message_start", data),
            [
                StreamEvent::Metadata { message_id: Some("msg_1".into()), model: Some("m".into()) },
                StreamEvent::Usage(usage)
            ]
        );
    }

    #[test]
    fn message_start_without_message_is_malformed() {
        let detail = malformed_detail("message_start", r#"{"type":"message_start"}"#);
        assert!(detail.contains("message_start"), "{detail}");
        assert!(detail.contains("message"), "{detail}");
    }

    #[test]
    fn json_type_wins_over_event_name_and_name_is_the_fallback() {
        let stop = r#"{"type":"message_stop"}"#;
        assert_eq!(decode_ok("whatever", stop), [StreamEvent::Done]);
        assert_eq!(decode_ok("message_stop", "{}"), [StreamEvent::Done]);
    }

    #[test]
    fn block_starts() {
        let tool = r#"{"type":"content_block_start","index":1,
            "content_block":{"type":"tool_use","id":"toolu_1","name":"get","input":{}}}"#;
        assert_eq!(
            decode_ok("content_block_start", tool),
            [StreamEvent::ToolUseStart { id: "toolu_1".into(), name: "get".into() }]
        );
        let empty = r#"{"type":"content_block_start","content_block":{"type":"text","text":""}}"#;
        assert_eq!(decode_ok("content_block_start", empty), []);
        let text = r#"{"type":"content_block_start","content_block":{"type":"text","text":"Hi"}}"#;
        assert_eq!(decode_ok("content_block_start", text), [StreamEvent::TextDelta("Hi".into())]);
        let thinking = r#"{"type":"content_block_start",
            "content_block":{"type":"thinking","thinking":"","signature":""}}"#;
        assert_eq!(decode_ok("content_block_start", thinking), []);
        let other = r#"{"type":"content_block_start",
            "content_block":{"type":"compaction","content":null}}"#;
        assert_eq!(decode_ok("content_block_start", other), []);
    }

    #[test]
    fn tool_use_start_without_name_is_malformed() {
        let data = r#"{"type":"content_block_start","content_block":{"type":"tool_use","id":"t"}}"#;
        let detail = malformed_detail("content_block_start", data);
        assert!(detail.contains("content_block_start"), "{detail}");
        assert!(detail.contains("name"), "{detail}");
    }

    fn delta(delta: &str) -> String {
        format!(r#"{{"type":"content_block_delta","index":0,"delta":{delta}}}"#)
    }

    #[test]
    fn deltas() {
        let cases = [
            (r#"{"type":"text_delta","text":"Hel"}"#, vec![StreamEvent::TextDelta("Hel".into())]),
            (r#"{"type":"thinking_delta","thinking":"hmm"}"#, vec![StreamEvent::ThinkingDelta("hmm".into())]),
            (r#"{"type":"thinking_delta","thinking":""}"#, vec![]),
            (r#"{"type":"signature_delta","signature":"c2ln"}"#, vec![StreamEvent::ThinkingSigned]),
            (
                r#"{"type":"input_json_delta","partial_json":"{\"a\""}"#,
                vec![StreamEvent::ToolInputDelta("{\"a\"".into())],
            ),
            (r#"{"type":"citations_delta","citation":{"type":"char_location"}}"#, vec![]),
            (r#"{"type":"compaction_delta","content":"x"}"#, vec![]),
        ];
        for (raw, expected) in cases {
            assert_eq!(decode_ok("content_block_delta", &delta(raw)), expected, "{raw}");
        }
    }

    #[test]
    fn text_delta_without_text_is_malformed() {
        let detail = malformed_detail("content_block_delta", &delta(r#"{"type":"text_delta"}"#));
        assert!(detail.contains("content_block_delta"), "{detail}");
        assert!(detail.contains("text"), "{detail}");
    }

    #[test]
    fn message_delta_gives_stop_reason_and_cumulative_usage() {
        let data = r#"{"type":"message_delta",
            "delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},
            "usage":{"input_tokens":28,"cache_read_input_tokens":2,"output_tokens":106,
            "output_tokens_details":{"thinking_tokens":67}}}"#;
        let usage = Usage {
            input_tokens: Some(28),
            output_tokens: Some(106),
            cache_read_tokens: Some(2),
            cache_write_tokens: None,
            thinking_tokens: Some(67),
        };
        assert_eq!(
            decode_ok("message_delta", data),
            [StreamEvent::StopReason(StopReason::StopSequence(Some("END".into()))), StreamEvent::Usage(usage)]
        );
    }

    #[test]
    fn message_delta_without_stop_reason_gives_only_usage() {
        let data = r#"{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":5}}"#;
        let usage = Usage { output_tokens: Some(5), ..Usage::default() };
        assert_eq!(decode_ok("message_delta", data), [StreamEvent::Usage(usage)]);
    }

    #[test]
    fn message_stop_completes() {
        let mut decoder = AnthropicStreamDecoder::new();
        assert!(!decoder.is_complete());
        let events = decoder.decode(&sse("message_stop", r#"{"type":"message_stop" }"#));
        assert_eq!(events, Ok(vec![StreamEvent::Done]));
        assert!(decoder.is_complete());
    }

    #[test]
    fn ping_unknown_and_empty_events_are_skipped() {
        assert_eq!(decode_ok("ping", r#"{"type": "ping"}"#), []);
        assert_eq!(decode_ok("ping", ""), []);
        assert_eq!(decode_ok("content_block_delta", "  "), []);
        assert_eq!(decode_ok("future_event", r#"{"type":"future_event","x":[1]}"#), []);
        assert_eq!(decode_ok("content_block_stop", r#"{"type":"content_block_stop","index":0}"#), []);
    }

    #[test]
    fn error_event_is_a_provider_fault() {
        let data = r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#;
        assert_eq!(
            decode("error", data),
            Err(StreamFault::Provider { error_type: "overloaded_error".into(), message: "Overloaded".into() })
        );
    }

    #[test]
    fn bad_json_is_malformed_with_a_short_quote() {
        let huge = format!("{{\"type\":\"message_start\",\"message\":{}", "x".repeat(10_000));
        let detail = malformed_detail("message_start", &huge);
        assert!(detail.starts_with("message_start event:"), "{detail}");
        assert!(detail.len() < 600, "{} bytes", detail.len());
    }

    #[test]
    fn quote_cuts_at_a_char_boundary() {
        let long = "\u{e9}".repeat(MAX_QUOTED_CHARS + 5);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote("short"), "short");
    }
}
