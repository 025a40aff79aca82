//! The Messages event stream: `message_start`, per block `content_block_start` /
//! `content_block_delta`… / `content_block_stop`, then `message_delta` and `message_stop`.
//! A [`Framer`] puts each event on its wire: [`Sse`] here (with the `ping` after the first
//! start, as the real API sends), Bedrock's `chunk` frames for `InvokeModelWithResponseStream`.

use super::error;
use super::shape::{self, Delta, Event, GuardrailReport, Head, InvocationMetrics};
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use crate::emulator::sse;
use bytes::Bytes;

/// `ping`'s data, byte for byte what the API sends, space included.
const PING: &str = r#"{"type": "ping"}"#;

/// How one wire carries the events of a Messages stream.
pub trait Framer: Send + 'static {
    /// One event: its name (the data's `type`) and its JSON data.
    fn frame(&mut self, name: &str, data: &str) -> Bytes;
    /// What follows the first `content_block_start`; nothing by default.
    fn ping(&mut self) -> Option<Bytes> {
        None
    }
    /// What `message_stop` reports about the invocation; nothing by default.
    fn metrics(&mut self, _input_tokens: u32, _output_tokens: u32) -> Option<InvocationMetrics> {
        None
    }
    /// A guardrail's verdict, which `message_stop` carries; nothing by default.
    fn guardrail(&mut self) -> Option<GuardrailReport> {
        None
    }
    /// The in-band error.
    fn error(&mut self) -> Bytes;
    /// An in-band error blamed on the model; the plain error by default.
    fn model_error(&mut self) -> Bytes {
        self.error()
    }
    /// An event framed with a wrong checksum; as is by default (the wire has no checksums).
    fn corrupt(&mut self, name: &str, data: &str) -> Bytes {
        self.frame(name, data)
    }
}

/// Server-sent events, as `POST /v1/messages` streams them.
#[derive(Debug)]
pub struct Sse;

impl Framer for Sse {
    fn frame(&mut self, name: &str, data: &str) -> Bytes {
        sse::frame(name, data)
    }

    fn ping(&mut self) -> Option<Bytes> {
        Some(sse::frame("ping", PING))
    }

    fn error(&mut self) -> Bytes {
        let body = error::Body::new("overloaded_error", "Overloaded", None);
        sse::frame("error", &serde_json::to_string(&body).unwrap_or_default())
    }
}

/// Encodes one response.
#[derive(Debug)]
pub struct MessageStream<F> {
    head: Head,
    framer: F,
    pinged: bool,
    /// The block being sent, for the malformed frame.
    index: usize,
}

impl<F: Framer> MessageStream<F> {
    pub fn new(head: Head, framer: F) -> Self {
        Self { head, framer, pinged: false, index: 0 }
    }

    fn event(&mut self, event: &Event<'_>) -> Bytes {
        frame(&mut self.framer, event)
    }
}

fn frame(framer: &mut impl Framer, event: &Event<'_>) -> Bytes {
    // Serialising these types cannot fail: no maps with non-string keys, no failing `Serialize`.
    framer.frame(event.name(), &serde_json::to_string(event).unwrap_or_default())
}

impl<F: Framer> Encoder for MessageStream<F> {
    fn start(&mut self) -> Bytes {
        frame(&mut self.framer, &Event::MessageStart { message: shape::started_message(&self.head) })
    }

    fn block_start(&mut self, index: usize, block: &Block) -> Bytes {
        self.index = index;
        let start = self.event(&Event::ContentBlockStart { index, content_block: shape::empty_block(block) });
        if self.pinged {
            return start;
        }
        self.pinged = true;
        match self.framer.ping() {
            Some(ping) => [start, ping].concat().into(),
            None => start,
        }
    }

    fn delta(&mut self, index: usize, block: &Block, piece: &str) -> Bytes {
        self.event(&Event::ContentBlockDelta { index, delta: shape::delta(block, piece) })
    }

    fn block_stop(&mut self, index: usize, block: &Block) -> Bytes {
        let stop = self.event(&Event::ContentBlockStop { index });
        match &block.kind {
            BlockKind::Thinking { signature } => {
                let delta = Delta::Signature { signature };
                [self.event(&Event::ContentBlockDelta { index, delta }), stop].concat().into()
            }
            BlockKind::Text | BlockKind::ToolUse { .. } => stop,
        }
    }

    fn finish(&mut self, plan: &Plan) -> Bytes {
        let delta = Event::MessageDelta {
            delta: shape::stop_info(Some(&plan.stop)),
            usage: shape::final_usage(&self.head, plan),
        };
        let metrics = self.framer.metrics(self.head.input_tokens, plan.output_tokens);
        let guardrail = self.framer.guardrail();
        [self.event(&delta), self.event(&Event::MessageStop { metrics, guardrail })].concat().into()
    }

    fn error(&mut self) -> Bytes {
        self.framer.error()
    }

    fn model_error(&mut self) -> Bytes {
        self.framer.model_error()
    }

    fn malformed(&mut self) -> Bytes {
        let unterminated =
            format!(r#"{{"type":"content_block_delta","index":{},"delta":{{"type":"text_delta","text":"#, self.index);
        self.framer.frame("content_block_delta", &unterminated)
    }

    /// A `ping` (harmless if a decoder skips the checksum) with a wrong checksum.
    fn corrupt(&mut self) -> Bytes {
        self.framer.corrupt("ping", PING)
    }
}
