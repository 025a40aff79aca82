//! Decodes ConverseStream frames (PROTOCOLS.md 3.5): `:event-type` names the member of the
//! `ConverseStreamOutput` union and the payload is that member's JSON. `metadata` is the last
//! event of a stream; it carries usage, the service's latency, the guardrail trace and the
//! service tier and latency mode it served.
//!
//! Each used member is parsed into a small serde struct naming only the fields read, so
//! unknown fields and union members are ignored; bad JSON or a missing required field is
//! `Malformed`, naming the event type.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::trace::guardrail_verdict;
use crate::routes::event::{StopReason, StreamEvent, Usage};
use crate::routes::framing::eventstream::Frame;
use crate::routes::wire::StreamFault;

/// Per-response decoding state.
#[derive(Debug, Default)]
pub struct ConverseStreamDecoder {
    complete: bool,
}

#[derive(Deserialize)]
struct ContentBlockStart {
    start: BlockStart,
}

/// The `ContentBlockStart` union; only tool use opens with something to show.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BlockStart {
    tool_use: Option<ToolUseStart>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToolUseStart {
    tool_use_id: String,
    name: String,
}

#[derive(Deserialize)]
struct ContentBlockDelta {
    delta: BlockDelta,
}

/// The `ContentBlockDelta` union: one member is set. Citations, tool results and images are
/// not shown.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BlockDelta {
    text: Option<String>,
    reasoning_content: Option<ReasoningDelta>,
    tool_use: Option<ToolUseDelta>,
}

/// `redactedContent`, the third member, is not shown.
#[derive(Deserialize)]
struct ReasoningDelta {
    text: Option<String>,
    signature: Option<String>,
}

#[derive(Deserialize)]
struct ToolUseDelta {
    input: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageStop {
    stop_reason: String,
    /// Anthropic models report the stop sequence they hit here when the request asked for
    /// `/stop_sequence` in `additionalModelResponseFieldPaths`.
    #[serde(default)]
    additional_model_response_fields: Option<StopSequenceField>,
}

#[derive(Deserialize)]
struct StopSequenceField {
    stop_sequence: Option<String>,
}

/// `usage` and `metrics` are required by the service model, but a stream that lacks them
/// still ended cleanly, so they are optional here. The trace and the echoes are read as loose
/// JSON: an odd one is left out rather than failing a finished answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    usage: Option<TokenUsage>,
    metrics: Option<Metrics>,
    #[serde(default)]
    trace: Value,
    /// `{"type": "priority|default|flex|reserved"}`.
    #[serde(default)]
    service_tier: Value,
    /// `{"latency": "standard|optimized"}`.
    #[serde(default)]
    performance_config: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[expect(clippy::struct_field_names, reason = "the wire's names, matched by serde")]
struct TokenUsage {
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    cache_read_input_tokens: Option<u64>,
    cache_write_input_tokens: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metrics {
    latency_ms: Option<u64>,
}

impl ConverseStreamDecoder {
    /// A decoder for a new response.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode one frame. Exception and error frames end the stream; `messageStart`,
    /// `contentBlockStop` and unknown event types carry nothing to show.
    pub fn decode(&mut self, frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault> {
        let (event_type, payload) = frame.classify()?.into_event()?;
        match event_type {
            "contentBlockStart" => Ok(block_start(parse(event_type, payload)?)),
            "contentBlockDelta" => Ok(block_delta(parse(event_type, payload)?)),
            "messageStop" => Ok(vec![message_stop(parse(event_type, payload)?)]),
            "metadata" => {
                let events = metadata(parse(event_type, payload)?);
                self.complete = true;
                Ok(events)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// Whether `metadata`, the last event, has arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

fn block_start(event: ContentBlockStart) -> Vec<StreamEvent> {
    event
        .start
        .tool_use
        .map(|tool| StreamEvent::ToolUseStart { id: tool.tool_use_id, name: tool.name })
        .into_iter()
        .collect()
}

fn block_delta(event: ContentBlockDelta) -> Vec<StreamEvent> {
    let BlockDelta { text, reasoning_content, tool_use } = event.delta;
    let reasoning = reasoning_content.into_iter().flat_map(|reasoning| {
        let thinking = reasoning.text.filter(|text| !text.is_empty()).map(StreamEvent::ThinkingDelta);
        let signed = reasoning.signature.filter(|signature| !signature.is_empty()).map(|_| StreamEvent::ThinkingSigned);
        thinking.into_iter().chain(signed)
    });
    text.map(StreamEvent::TextDelta)
        .into_iter()
        .chain(reasoning)
        .chain(tool_use.map(|tool| StreamEvent::ToolInputDelta(tool.input)))
        .collect()
}

/// Converse uses Anthropic's names for the shared reasons and for
/// `model_context_window_exceeded`, and its own `guardrail_intervened`; the rest
/// (`content_filtered`, `malformed_model_output`, `malformed_tool_use`) are kept verbatim.
fn message_stop(event: MessageStop) -> StreamEvent {
    let stop_sequence = event.additional_model_response_fields.and_then(|fields| fields.stop_sequence);
    StreamEvent::StopReason(StopReason::from_anthropic(&event.stop_reason, stop_sequence))
}

fn metadata(event: Metadata) -> Vec<StreamEvent> {
    let usage = event.usage.map(|usage| {
        StreamEvent::Usage(Usage {
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            cache_read_tokens: usage.cache_read_input_tokens,
            cache_write_tokens: usage.cache_write_input_tokens,
            thinking_tokens: None,
        })
    });
    let latency_event = event
        .metrics
        .and_then(|metrics| metrics.latency_ms)
        .map(|total| StreamEvent::ServerLatency { total_ms: Some(total), first_byte_ms: None });
    let guardrail = event.trace.get("guardrail").and_then(guardrail_verdict).map(StreamEvent::Guardrail);
    let echoed = |value: &Value, name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    let service_tier = echoed(&event.service_tier, "type");
    let latency = echoed(&event.performance_config, "latency");
    let served = (service_tier.is_some() || latency.is_some()).then_some(StreamEvent::Served { service_tier, latency });
    usage.into_iter().chain(latency_event).chain(guardrail).chain(served).chain([StreamEvent::Done]).collect()
}

/// Parse `payload` as the member `event_type`, naming it in the fault if that fails.
fn parse<T: DeserializeOwned>(event_type: &str, payload: &[u8]) -> Result<T, StreamFault> {
    serde_json::from_slice(payload)
        .map_err(|err| StreamFault::Malformed { detail: format!("{event_type} event: {err}") })
}

#[cfg(test)]
mod tests;
