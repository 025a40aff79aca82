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
        // Most of a stream is text deltas: an event named so is read in one pass, its JSON
        // `type` checked on the way; anything else takes the general path below, which reads
        // the `type` first.
        if event.event.as_deref() == Some("content_block_delta")
            && let Ok(delta) = serde_json::from_str::<NamedDeltaEvent>(&event.data)
            && matches!(delta.kind, None | Some(DeltaEventType::ContentBlockDelta))
        {
            return content_block_delta(delta.delta, &event.data);
        }
        let head: Head = parse(event.event.as_deref().unwrap_or("unnamed"), &event.data)?;
        let Some(kind) = head.kind.as_deref().or(event.event.as_deref()) else {
            return Ok(Vec::new());
        };
        let data = event.data.as_str();
        match kind {
            "message_start" => Ok(message_start(parse(kind, data)?)),
            "content_block_start" => Ok(content_block_start(parse(kind, data)?)),
            "content_block_delta" => content_block_delta(parse::<ContentBlockDeltaEvent>(kind, data)?.delta, data),
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
    /// `standard`, `priority` or `batch`: the tier that served the request.
    service_tier: Option<String>,
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

/// A `content_block_delta` with the `type` its JSON gives, to check against its name.
#[derive(Deserialize)]
struct NamedDeltaEvent {
    #[serde(rename = "type", default)]
    kind: Option<DeltaEventType>,
    delta: BlockDelta,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeltaEventType {
    ContentBlockDelta,
    #[serde(other)]
    Other,
}

/// A delta's type and its possible fields side by side, read in one pass: the most frequent
/// event of a stream, where an internally tagged enum would first copy every delta into
/// serde's buffered `Content`. [`content_block_delta`] asks for the field its type needs. (A
/// delta type this version does not know is skipped unless it reuses one of these names for
/// something other than a string.)
#[derive(Deserialize)]
struct BlockDelta {
    #[serde(rename = "type")]
    kind: DeltaKind,
    text: Option<String>,
    thinking: Option<String>,
    signature: Option<String>,
    partial_json: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeltaKind {
    TextDelta,
    ThinkingDelta,
    SignatureDelta,
    InputJsonDelta,
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
    out.extend(usage.into_iter().flat_map(usage_events));
    out
}

/// The usage, and the tier that served the request where the usage names it.
fn usage_events(mut usage: RawUsage) -> Vec<StreamEvent> {
    let served = usage.service_tier.take().map(|tier| StreamEvent::Served { service_tier: Some(tier), latency: None });
    std::iter::once(StreamEvent::Usage(usage.into())).chain(served).collect()
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

/// A delta as its event, or malformed (quoting `data`) when the field its type needs is missing.
fn content_block_delta(delta: BlockDelta, data: &str) -> Result<Vec<StreamEvent>, StreamFault> {
    let BlockDelta { kind, text, thinking, signature, partial_json } = delta;
    let needed = |field: Option<String>, name: &str| {
        field.ok_or_else(|| StreamFault::Malformed {
            detail: format!("content_block_delta event: missing field `{name}`; data: {}", quote(data)),
        })
    };
    let decoded = match kind {
        DeltaKind::TextDelta => StreamEvent::TextDelta(needed(text, "text")?),
        DeltaKind::ThinkingDelta => {
            let thinking = needed(thinking, "thinking")?;
            // The API closes a thinking block with an empty delta; it carries nothing.
            if thinking.is_empty() {
                return Ok(Vec::new());
            }
            StreamEvent::ThinkingDelta(thinking)
        }
        DeltaKind::SignatureDelta => {
            // Only the fact of signing is shown; an empty signature signs nothing.
            if needed(signature, "signature")?.is_empty() {
                return Ok(Vec::new());
            }
            StreamEvent::ThinkingSigned
        }
        DeltaKind::InputJsonDelta => StreamEvent::ToolInputDelta(needed(partial_json, "partial_json")?),
        DeltaKind::Other => return Ok(Vec::new()),
    };
    Ok(vec![decoded])
}

fn message_delta(event: MessageDeltaEvent) -> Vec<StreamEvent> {
    let MessageDelta { stop_reason, stop_sequence } = event.delta;
    let stop = stop_reason.map(|reason| StreamEvent::StopReason(StopReason::from_anthropic(&reason, stop_sequence)));
    stop.into_iter().chain(event.usage.into_iter().flat_map(usage_events)).collect()
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
mod tests;
