//! The JSON shapes of the Messages API as serde types, so fields come out in the order the
//! real API sends them (`type` first): stream events, the message, content blocks, deltas,
//! usage. Shared by the stream encoder and the one-piece response.

use crate::emulator::plan::{Block, BlockKind, Plan, Stop};
use crate::emulator::turn::CacheUse;
use serde::Serialize;
use serde_json::Value;

/// What a message says about itself before any content.
#[derive(Debug, Clone)]
pub struct Head {
    pub id: String,
    /// The model id as requested.
    pub model: String,
    /// Every input token, cached or not.
    pub input_tokens: u32,
    /// Of `input_tokens`, those read from or written to the prompt cache.
    pub cache: CacheUse,
    /// `usage.service_tier`, where the surface reports one (the Anthropic API).
    pub service_tier: Option<&'static str>,
}

impl Head {
    /// A head with no cache use and no tier.
    pub fn new(id: String, model: String, input_tokens: u32) -> Self {
        Self { id, model, input_tokens, cache: CacheUse::default(), service_tier: None }
    }
}

/// The tier the Anthropic API reports having served: `priority` for `auto` (the emulator's
/// workspace has priority capacity), else `standard`.
pub fn served_tier(asked: Option<&str>) -> &'static str {
    if asked == Some("auto") { "priority" } else { "standard" }
}

/// One event of a stream; serialises as its `data`, whose `type` is the event name.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event<'a> {
    MessageStart {
        message: Message<'a>,
    },
    ContentBlockStart {
        index: usize,
        content_block: Content<'a>,
    },
    ContentBlockDelta {
        index: usize,
        delta: Delta<'a>,
    },
    ContentBlockStop {
        index: usize,
    },
    MessageDelta {
        delta: StopInfo<'a>,
        usage: Usage,
    },
    /// Bedrock adds the invocation's metrics to it, and a guardrail's verdict.
    MessageStop {
        #[serde(rename = "amazon-bedrock-invocationMetrics", skip_serializing_if = "Option::is_none")]
        metrics: Option<InvocationMetrics>,
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        guardrail: Option<GuardrailReport>,
    },
}

impl Event<'_> {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MessageStart { .. } => "message_start",
            Self::ContentBlockStart { .. } => "content_block_start",
            Self::ContentBlockDelta { .. } => "content_block_delta",
            Self::ContentBlockStop { .. } => "content_block_stop",
            Self::MessageDelta { .. } => "message_delta",
            Self::MessageStop { .. } => "message_stop",
        }
    }
}

/// What Bedrock's last `chunk` reports: token counts and latencies in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvocationMetrics {
    pub input_token_count: u32,
    pub output_token_count: u32,
    pub invocation_latency: u64,
    pub first_byte_latency: u64,
}

/// What Bedrock adds beside the model's JSON when a guardrail is named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardrailReport {
    /// `INTERVENED` or `NONE`.
    #[serde(rename = "amazon-bedrock-guardrailAction")]
    pub action: &'static str,
    /// With the trace on: `{"guardrail": {"input" | "outputs": …}}`.
    #[serde(rename = "amazon-bedrock-trace", skip_serializing_if = "Option::is_none")]
    pub trace: Option<Value>,
}

/// A message object; `stop_reason` is `null` while streaming.
#[derive(Debug, Serialize)]
pub struct Message<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    role: &'static str,
    model: &'a str,
    content: Vec<Content<'a>>,
    #[serde(flatten)]
    stop: StopInfo<'a>,
    usage: Usage,
}

/// A content block.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content<'a> {
    Thinking { thinking: String, signature: &'a str },
    Text { text: String },
    ToolUse { id: &'a str, name: &'a str, input: Value },
}

/// A `content_block_delta`'s `delta`.
#[derive(Debug, Serialize)]
#[serde(tag = "type")]
pub enum Delta<'a> {
    #[serde(rename = "text_delta")]
    Text { text: &'a str },
    #[serde(rename = "thinking_delta")]
    Thinking { thinking: &'a str },
    #[serde(rename = "input_json_delta")]
    InputJson { partial_json: &'a str },
    #[serde(rename = "signature_delta")]
    Signature { signature: &'a str },
}

/// `stop_reason` and `stop_sequence`.
#[derive(Debug, Serialize)]
pub struct StopInfo<'a> {
    stop_reason: Option<&'static str>,
    stop_sequence: Option<&'a str>,
}

/// Token usage; counts are cumulative.
#[derive(Debug, Serialize)]
pub struct Usage {
    input_tokens: u32,
    cache_creation_input_tokens: u32,
    cache_read_input_tokens: u32,
    output_tokens: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_tokens_details: Option<OutputDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_tier: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct OutputDetails {
    thinking_tokens: u32,
}

/// The message as `message_start` announces it: no content, one output token so far.
pub fn started_message(head: &Head) -> Message<'_> {
    message(head, Vec::new(), stop_info(None), usage(head, 1, None))
}

/// The complete message of a plan, for `stream: false`.
pub fn whole_message<'a>(head: &'a Head, plan: &'a Plan) -> Message<'a> {
    let content = plan.blocks.iter().map(whole_block).collect();
    message(head, content, stop_info(Some(&plan.stop)), final_usage(head, plan))
}

/// The usage at the end of a plan.
pub fn final_usage(head: &Head, plan: &Plan) -> Usage {
    usage(head, plan.output_tokens, plan.thinking_tokens)
}

/// `stop_reason` and `stop_sequence` of `stop`, or both `null`.
pub fn stop_info(stop: Option<&Stop>) -> StopInfo<'_> {
    let (stop_reason, stop_sequence) = match stop {
        None => (None, None),
        Some(Stop::EndTurn) => (Some("end_turn"), None),
        Some(Stop::MaxTokens) => (Some("max_tokens"), None),
        Some(Stop::Sequence(sequence)) => (Some("stop_sequence"), Some(sequence.as_str())),
        Some(Stop::ToolUse) => (Some("tool_use"), None),
    };
    StopInfo { stop_reason, stop_sequence }
}

/// A block as `content_block_start` announces it: empty.
pub fn empty_block(block: &Block) -> Content<'_> {
    match &block.kind {
        BlockKind::Thinking { .. } => Content::Thinking { thinking: String::new(), signature: "" },
        BlockKind::Text => Content::Text { text: String::new() },
        BlockKind::ToolUse { id, name } => Content::ToolUse { id, name, input: Value::Object(serde_json::Map::new()) },
    }
}

/// The delta carrying `piece` of `block`.
pub fn delta<'a>(block: &Block, piece: &'a str) -> Delta<'a> {
    match block.kind {
        BlockKind::Thinking { .. } => Delta::Thinking { thinking: piece },
        BlockKind::Text => Delta::Text { text: piece },
        BlockKind::ToolUse { .. } => Delta::InputJson { partial_json: piece },
    }
}

fn message<'a>(head: &'a Head, content: Vec<Content<'a>>, stop: StopInfo<'a>, usage: Usage) -> Message<'a> {
    Message { id: &head.id, kind: "message", role: "assistant", model: &head.model, content, stop, usage }
}

fn usage(head: &Head, output_tokens: u32, thinking_tokens: Option<u32>) -> Usage {
    // `input_tokens` counts only what was not cached.
    Usage {
        input_tokens: head.input_tokens.saturating_sub(head.cache.read).saturating_sub(head.cache.write),
        cache_creation_input_tokens: head.cache.write,
        cache_read_input_tokens: head.cache.read,
        output_tokens,
        output_tokens_details: thinking_tokens.map(|thinking_tokens| OutputDetails { thinking_tokens }),
        service_tier: head.service_tier,
    }
}

/// A block with all its content.
fn whole_block(block: &Block) -> Content<'_> {
    let text = block.text();
    match &block.kind {
        BlockKind::Thinking { signature } => Content::Thinking { thinking: text, signature },
        BlockKind::Text => Content::Text { text },
        // Input cut short by max_tokens is not JSON; report it empty.
        BlockKind::ToolUse { id, name } => Content::ToolUse {
            id,
            name,
            input: serde_json::from_str(&text).unwrap_or_else(|_| Value::Object(serde_json::Map::new())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_in_wire_order() {
        let head = Head::new("msg_1".into(), "m".into(), 3);
        let start = serde_json::to_string(&Event::MessageStart { message: started_message(&head) }).expect("json");
        assert_eq!(
            start,
            r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"#
        );
        let block = Block { kind: BlockKind::Text, pieces: vec!["Hi".into()] };
        let delta = Event::ContentBlockDelta { index: 0, delta: delta(&block, "Hi") };
        assert_eq!(
            serde_json::to_string(&delta).expect("json"),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#
        );
        let stop = Event::MessageStop { metrics: None, guardrail: None };
        assert_eq!(serde_json::to_string(&stop).expect("json"), r#"{"type":"message_stop"}"#);
        let metrics = InvocationMetrics {
            input_token_count: 1,
            output_token_count: 2,
            invocation_latency: 3,
            first_byte_latency: 4,
        };
        assert_eq!(
            serde_json::to_string(&Event::MessageStop { metrics: Some(metrics), guardrail: None }).expect("json"),
            r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":1,"outputTokenCount":2,"invocationLatency":3,"firstByteLatency":4}}"#
        );
    }

    #[test]
    fn cache_use_and_tier_show_in_the_usage() {
        let head = Head {
            cache: CacheUse { read: 30, write: 5 },
            service_tier: Some(served_tier(Some("auto"))),
            ..Head::new("msg_1".into(), "m".into(), 40)
        };
        let usage = serde_json::to_value(final_usage(&head, &plan_of("hi"))).expect("json");
        assert_eq!(
            usage,
            serde_json::json!({"input_tokens": 5, "cache_creation_input_tokens": 5, "cache_read_input_tokens": 30,
                "output_tokens": 1, "service_tier": "priority"})
        );
        assert_eq!(served_tier(Some("standard_only")), "standard");
        let report = GuardrailReport { action: "INTERVENED", trace: None };
        let stop = Event::MessageStop { metrics: None, guardrail: Some(report) };
        assert_eq!(
            serde_json::to_string(&stop).expect("json"),
            r#"{"type":"message_stop","amazon-bedrock-guardrailAction":"INTERVENED"}"#
        );
    }

    fn plan_of(text: &str) -> Plan {
        Plan {
            blocks: vec![Block { kind: BlockKind::Text, pieces: vec![text.into()] }],
            stop: Stop::EndTurn,
            output_tokens: 1,
            thinking_tokens: None,
        }
    }
}
