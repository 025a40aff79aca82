//! The `ConverseStream` wire: one event frame per event, `:event-type` naming it —
//! `messageStart`, `contentBlockStart` (tool use only), `contentBlockDelta` (`text`,
//! `reasoningContent.text`, then `reasoningContent.signature`, or `toolUse.input`),
//! `contentBlockStop`, `messageStop`, `metadata` (usage and latency). In-band errors are
//! exception frames.

use super::chunks;
use super::converse::{metrics, stop_reason, usage};
use super::eventstream;
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use bytes::Bytes;
use serde_json::{Value, json};
use std::time::Instant;

/// Encodes one response.
#[derive(Debug)]
pub struct ConverseStream {
    input_tokens: u32,
    started: Instant,
    /// The block being sent and its kind, for the malformed and corrupt frames.
    index: usize,
    kind: Option<BlockKind>,
}

impl ConverseStream {
    pub fn new(input_tokens: u32, started: Instant) -> Self {
        Self { input_tokens, started, index: 0, kind: None }
    }
}

fn event(event_type: &str, payload: &Value) -> Bytes {
    eventstream::event(event_type, payload.to_string())
}

/// A `contentBlockDelta` carrying `piece` of a block of `kind`.
fn delta(index: usize, kind: Option<&BlockKind>, piece: &str) -> Bytes {
    let delta = match kind {
        Some(BlockKind::Thinking { .. }) => json!({ "reasoningContent": { "text": piece } }),
        Some(BlockKind::ToolUse { .. }) => json!({ "toolUse": { "input": piece } }),
        Some(BlockKind::Text) | None => json!({ "text": piece }),
    };
    event("contentBlockDelta", &json!({ "contentBlockIndex": index, "delta": delta }))
}

impl Encoder for ConverseStream {
    fn start(&mut self) -> Bytes {
        event("messageStart", &json!({ "role": "assistant" }))
    }

    fn block_start(&mut self, index: usize, block: &Block) -> Bytes {
        self.index = index;
        self.kind = Some(block.kind.clone());
        match &block.kind {
            BlockKind::ToolUse { id, name } => event(
                "contentBlockStart",
                &json!({ "contentBlockIndex": index, "start": { "toolUse": { "toolUseId": id, "name": name } } }),
            ),
            BlockKind::Thinking { .. } | BlockKind::Text => Bytes::new(),
        }
    }

    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes {
        delta(index, Some(&block.kind), piece)
    }

    fn block_stop(&mut self, index: usize, block: &Block) -> Bytes {
        let stop = event("contentBlockStop", &json!({ "contentBlockIndex": index }));
        match &block.kind {
            BlockKind::Thinking { signature } => {
                let delta = json!({ "reasoningContent": { "signature": signature } });
                let signature = event("contentBlockDelta", &json!({ "contentBlockIndex": index, "delta": delta }));
                [signature, stop].concat().into()
            }
            BlockKind::Text | BlockKind::ToolUse { .. } => stop,
        }
    }

    fn finish(&mut self, plan: &Plan) -> Bytes {
        let stop = event("messageStop", &json!({ "stopReason": stop_reason(&plan.stop) }));
        let metadata = json!({
            "usage": usage(self.input_tokens, plan.output_tokens),
            "metrics": metrics(self.started.elapsed()),
        });
        [stop, event("metadata", &metadata)].concat().into()
    }

    fn error(&mut self) -> Bytes {
        chunks::throttled()
    }

    fn model_error(&mut self) -> Bytes {
        chunks::model_stream_error()
    }

    fn malformed(&mut self) -> Bytes {
        let unterminated = format!(r#"{{"contentBlockIndex":{},"delta":{{"text":"#, self.index);
        eventstream::event("contentBlockDelta", unterminated)
    }

    /// An empty delta of the current block (harmless if a decoder skips the checksum) with a
    /// wrong checksum.
    fn corrupt(&mut self) -> Bytes {
        eventstream::with_bad_crc(&delta(self.index, self.kind.as_ref(), ""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::read_message_from;

    fn payload(frame: Bytes) -> Value {
        serde_json::from_slice(read_message_from(frame).expect("decodes").payload()).expect("json")
    }

    #[test]
    fn blocks_start_only_for_tool_use() {
        let mut stream = ConverseStream::new(1, Instant::now());
        let text = Block { kind: BlockKind::Text, pieces: vec!["Hi".into()] };
        assert!(stream.block_start(0, &text).is_empty());
        assert_eq!(payload(stream.delta(0, &text, "Hi")), json!({"contentBlockIndex": 0, "delta": {"text": "Hi"}}));
        let tool = Block { kind: BlockKind::ToolUse { id: "t".into(), name: "f" }, pieces: Vec::new() };
        assert_eq!(payload(stream.block_start(1, &tool))["start"]["toolUse"]["toolUseId"], "t");
        assert_eq!(payload(stream.delta(1, &tool, "{"))["delta"]["toolUse"]["input"], "{");
    }
}
