//! The Messages SSE stream: `message_start`, per block `content_block_start` /
//! `content_block_delta`… / `content_block_stop` (a `ping` after the first start, as the real
//! API sends), then `message_delta` and `message_stop`.

use super::error;
use super::shape::{self, Delta, Event, Head};
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use crate::emulator::sse;
use bytes::Bytes;

/// Encodes one response.
#[derive(Debug)]
pub struct MessageStream {
    head: Head,
    pinged: bool,
    /// The block being sent, for the malformed frame.
    index: usize,
}

impl MessageStream {
    pub fn new(head: Head) -> Self {
        Self { head, pinged: false, index: 0 }
    }
}

fn frame(event: &Event<'_>) -> Bytes {
    // Serialising these types cannot fail: no maps with non-string keys, no failing `Serialize`.
    sse::frame(event.name(), &serde_json::to_string(event).unwrap_or_default())
}

impl Encoder for MessageStream {
    fn start(&mut self) -> Bytes {
        frame(&Event::MessageStart { message: shape::started_message(&self.head) })
    }

    fn block_start(&mut self, index: usize, block: &Block) -> Bytes {
        self.index = index;
        let start = frame(&Event::ContentBlockStart { index, content_block: shape::empty_block(block) });
        if self.pinged {
            return start;
        }
        self.pinged = true;
        // Byte for byte what the API sends, space included.
        [start, sse::frame("ping", r#"{"type": "ping"}"#)].concat().into()
    }

    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes {
        frame(&Event::ContentBlockDelta { index, delta: shape::delta(block, piece) })
    }

    fn block_stop(&mut self, index: usize, block: &Block) -> Bytes {
        let stop = frame(&Event::ContentBlockStop { index });
        match &block.kind {
            BlockKind::Thinking { signature } => {
                let delta = Delta::Signature { signature };
                [frame(&Event::ContentBlockDelta { index, delta }), stop].concat().into()
            }
            BlockKind::Text | BlockKind::ToolUse { .. } => stop,
        }
    }

    fn finish(&mut self, plan: &Plan) -> Bytes {
        let delta = Event::MessageDelta {
            delta: shape::stop_info(Some(&plan.stop)),
            usage: shape::final_usage(&self.head, plan),
        };
        [frame(&delta), frame(&Event::MessageStop)].concat().into()
    }

    fn error(&mut self) -> Bytes {
        let body = error::Body::new("overloaded_error", "Overloaded", None);
        sse::frame("error", &serde_json::to_string(&body).unwrap_or_default())
    }

    fn malformed(&mut self) -> Bytes {
        let unterminated =
            format!(r#"{{"type":"content_block_delta","index":{},"delta":{{"type":"text_delta","text":"#, self.index);
        sse::frame("content_block_delta", &unterminated)
    }
}
