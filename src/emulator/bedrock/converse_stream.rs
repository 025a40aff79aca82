//! The `ConverseStream` wire: one event frame per event, `:event-type` naming it —
//! `messageStart`, `contentBlockStart` (tool use only), `contentBlockDelta` (`text`,
//! `reasoningContent.text`, then `reasoningContent.signature`, or `toolUse.input`),
//! `contentBlockStop`, `messageStop`, `metadata` (usage and latency, and the guardrail trace,
//! service tier and latency mode of [`Report`]). In-band errors are exception frames.

use super::chunks;
use super::converse::metrics;
use super::converse_report::Report;
use super::eventstream;
use crate::emulator::drive::Encoder;
use crate::emulator::plan::{Block, BlockKind, Plan};
use bytes::Bytes;
use serde_json::{Value, json};
use std::time::Instant;

/// Encodes one response.
#[derive(Debug)]
pub struct ConverseStream {
    report: Report,
    started: Instant,
    /// The block being sent and its kind, for the malformed and corrupt frames.
    index: usize,
    kind: Option<BlockKind>,
}

impl ConverseStream {
    pub fn new(report: Report, started: Instant) -> Self {
        Self { report, started, index: 0, kind: None }
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
        let stop = event("messageStop", &json!({ "stopReason": self.report.stop_reason(&plan.stop) }));
        let mut metadata = json!({
            "usage": self.report.usage(plan.output_tokens),
            "metrics": metrics(self.started.elapsed()),
        });
        if let Value::Object(members) = &mut metadata {
            members.extend(self.report.extras());
        }
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
    use crate::emulator::plan::Stop;
    use crate::emulator::turn::{CacheUse, Intervention};
    use aws_smithy_eventstream::frame::read_message_from;

    fn payload(frame: Bytes) -> Value {
        serde_json::from_slice(read_message_from(frame).expect("decodes").payload()).expect("json")
    }

    fn report() -> Report {
        Report { input_tokens: 10, ..Report::default() }
    }

    /// Every frame of `bytes` as (event type, payload).
    fn frames(mut bytes: Bytes) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let message = read_message_from(&mut bytes).expect("decodes");
            let kind = message.headers().iter().find(|h| h.name().as_str() == ":event-type").expect("typed");
            let kind = kind.value().as_string().expect("a string").as_str().to_owned();
            out.push((kind, serde_json::from_slice(message.payload()).expect("json")));
        }
        out
    }

    #[test]
    fn thinking_is_sent_as_reasoning_content_then_signed() {
        let mut stream = ConverseStream::new(report(), Instant::now());
        let thinking = Block { kind: BlockKind::Thinking { signature: "c2ln".into() }, pieces: vec!["Hm".into()] };
        assert!(stream.block_start(0, &thinking).is_empty());
        assert_eq!(payload(stream.delta(0, &thinking, "Hm"))["delta"], json!({"reasoningContent": {"text": "Hm"}}));
        let stop = frames(stream.block_stop(0, &thinking));
        assert_eq!(stop[0].1["delta"], json!({"reasoningContent": {"signature": "c2ln"}}));
        assert_eq!(stop[1].0, "contentBlockStop");
    }

    #[test]
    fn an_intervention_ends_with_its_stop_reason_trace_cache_and_echoes() {
        let report = Report {
            cache: CacheUse { read: 4, write: 0 },
            cache_asked: true,
            guardrail: Some(("gr1".into(), "1".into())),
            trace: true,
            intervention: Some(Intervention {
                guardrail: ("gr1".into(), "1".into()),
                word: "x".into(),
                in_input: true,
            }),
            service_tier: Some("priority".into()),
            latency: Some("optimized".into()),
            ..report()
        };
        let plan = Plan { blocks: Vec::new(), stop: Stop::EndTurn, output_tokens: 3, thinking_tokens: None };
        let end = frames(ConverseStream::new(report, Instant::now()).finish(&plan));
        assert_eq!(end[0], ("messageStop".into(), json!({"stopReason": "guardrail_intervened"})));
        let (kind, metadata) = &end[1];
        assert_eq!(kind, "metadata");
        assert_eq!(
            metadata["usage"],
            json!({"inputTokens": 6, "outputTokens": 3, "totalTokens": 13, "cacheReadInputTokens": 4, "cacheWriteInputTokens": 0})
        );
        assert_eq!(
            metadata["trace"]["guardrail"]["inputAssessment"]["gr1"]["wordPolicy"]["customWords"][0]["match"],
            "x"
        );
        assert_eq!(metadata["serviceTier"], json!({"type": "priority"}));
        assert_eq!(metadata["performanceConfig"], json!({"latency": "optimized"}));
    }

    #[test]
    fn blocks_start_only_for_tool_use() {
        let mut stream = ConverseStream::new(report(), Instant::now());
        let text = Block { kind: BlockKind::Text, pieces: vec!["Hi".into()] };
        assert!(stream.block_start(0, &text).is_empty());
        assert_eq!(payload(stream.delta(0, &text, "Hi")), json!({"contentBlockIndex": 0, "delta": {"text": "Hi"}}));
        let tool = Block { kind: BlockKind::ToolUse { id: "t".into(), name: "f" }, pieces: Vec::new() };
        assert_eq!(payload(stream.block_start(1, &tool))["start"]["toolUse"]["toolUseId"], "t");
        assert_eq!(payload(stream.delta(1, &tool, "{"))["delta"]["toolUse"]["input"], "{");
    }
}
