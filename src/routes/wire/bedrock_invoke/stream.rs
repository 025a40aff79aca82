//! Decodes InvokeModelWithResponseStream frames (PROTOCOLS.md 3.4). Each `chunk` event holds
//! `{"bytes": base64}` whose bytes are one Anthropic Messages stream event, exactly as the
//! Anthropic API streams it; Bedrock adds its invocation metrics to the last one, and a
//! guardrail's action and trace to whichever chunk it likes (read from any).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::guardrail;
use crate::routes::event::{GuardrailVerdict, StreamEvent};
use crate::routes::framing::eventstream::Frame;
use crate::routes::framing::sse::SseEvent;
use crate::routes::wire::StreamFault;
use crate::routes::wire::anthropic_stream::AnthropicStreamDecoder;

/// The key of the metrics object Bedrock adds to the final `message_stop`.
const METRICS_KEY: &str = "amazon-bedrock-invocationMetrics";

/// Per-response decoding state: the Anthropic decoder the chunks feed, and the guardrail's
/// verdict so far (action and trace may come in different chunks; each report is the whole).
#[derive(Debug, Default)]
pub struct InvokeStreamDecoder {
    anthropic: AnthropicStreamDecoder,
    verdict: Option<GuardrailVerdict>,
}

/// `PayloadPart`. Other keys (the `p` padding Bedrock adds) are ignored.
#[derive(Deserialize)]
struct Chunk {
    bytes: String,
}

/// Only the metrics of an Anthropic event; absent when the key was only mentioned in text.
#[derive(Deserialize)]
struct WithMetrics {
    #[serde(rename = "amazon-bedrock-invocationMetrics")]
    metrics: Option<InvocationMetrics>,
}

/// The token counts next to these are not read: the Anthropic usage already carries them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InvocationMetrics {
    invocation_latency: Option<u64>,
    first_byte_latency: Option<u64>,
}

impl InvokeStreamDecoder {
    /// A decoder for a new response.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode one frame. Exception and error frames end the stream; event types other than
    /// `chunk` are skipped.
    pub fn decode(&mut self, frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault> {
        let (event_type, payload) = frame.classify()?.into_event()?;
        if event_type != "chunk" {
            return Ok(Vec::new());
        }
        let malformed = |what: String| StreamFault::Malformed { detail: format!("chunk event: {what}") };
        let chunk: Chunk = serde_json::from_slice(payload).map_err(|err| malformed(err.to_string()))?;
        let bytes = STANDARD.decode(&chunk.bytes).map_err(|err| malformed(format!("bytes are not base64: {err}")))?;
        let json = String::from_utf8(bytes).map_err(|err| malformed(format!("bytes are not UTF-8: {err}")))?;
        let mut events = Vec::new();
        // A substring test first, so only the events that have metrics or a verdict are parsed
        // twice.
        if json.contains(METRICS_KEY) {
            let WithMetrics { metrics } = serde_json::from_str(&json).map_err(|err| malformed(err.to_string()))?;
            events.extend(metrics.map(|metrics| StreamEvent::ServerLatency {
                total_ms: metrics.invocation_latency,
                first_byte_ms: metrics.first_byte_latency,
            }));
        }
        if json.contains(guardrail::ACTION_KEY) || json.contains(guardrail::TRACE_KEY) {
            let value: serde_json::Value = serde_json::from_str(&json).map_err(|err| malformed(err.to_string()))?;
            if let Some(verdict) = guardrail::verdict(&value) {
                events.push(StreamEvent::Guardrail(self.merge(verdict)));
            }
        }
        events.extend(self.anthropic.decode(&SseEvent { data: json, ..SseEvent::default() })?);
        Ok(events)
    }

    /// The verdict so far with `newer` added: intervened if either says so, every line once.
    fn merge(&mut self, newer: GuardrailVerdict) -> GuardrailVerdict {
        let verdict = self.verdict.get_or_insert_with(GuardrailVerdict::default);
        verdict.intervened |= newer.intervened;
        for line in newer.assessment {
            if !verdict.assessment.contains(&line) {
                verdict.assessment.push(line);
            }
        }
        verdict.clone()
    }

    /// Whether `message_stop` has arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.anthropic.is_complete()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::event::{StopReason, Usage};
    use crate::routes::framing::eventstream::testing::frame;

    fn chunk(anthropic_event: &str) -> Frame {
        let payload = format!(r#"{{"bytes":"{}","p":"abcdefgh"}}"#, STANDARD.encode(anthropic_event));
        frame(&[(":message-type", "event"), (":event-type", "chunk"), (":content-type", "application/json")], payload)
    }

    fn decode(frame: &Frame) -> Result<Vec<StreamEvent>, StreamFault> {
        InvokeStreamDecoder::new().decode(frame)
    }

    fn malformed_detail(frame: &Frame) -> String {
        match decode(frame) {
            Err(StreamFault::Malformed { detail }) => detail,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    #[test]
    fn chunks_decode_as_anthropic_events() {
        let delta = r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#;
        assert_eq!(decode(&chunk(delta)), Ok(vec![StreamEvent::TextDelta("Hi".into())]));
        let stop = r#"{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":7}}"#;
        assert_eq!(
            decode(&chunk(stop)),
            Ok(vec![
                StreamEvent::StopReason(StopReason::MaxTokens),
                StreamEvent::Usage(Usage { output_tokens: Some(7), ..Usage::default() })
            ])
        );
    }

    #[test]
    fn message_stop_reports_server_latency_then_completes() {
        let stop = r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":10,
            "outputTokenCount":15,"invocationLatency":1798,"firstByteLatency":1507}}"#;
        let mut decoder = InvokeStreamDecoder::new();
        assert!(!decoder.is_complete());
        assert_eq!(
            decoder.decode(&chunk(stop)),
            Ok(vec![StreamEvent::ServerLatency { total_ms: Some(1798), first_byte_ms: Some(1507) }, StreamEvent::Done])
        );
        assert!(decoder.is_complete());
    }

    #[test]
    fn a_guardrail_verdict_in_any_chunk_is_reported_whole() {
        let mut decoder = InvokeStreamDecoder::new();
        let delta = r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Sorry."},
            "amazon-bedrock-trace":{"guardrail":{"input":{"gr1":{"contentPolicy":{"filters":[
            {"type":"VIOLENCE","confidence":"HIGH","action":"BLOCKED"}]}}}}}}"#;
        let line = "contentPolicy VIOLENCE: BLOCKED".to_owned();
        assert_eq!(
            decoder.decode(&chunk(delta)),
            Ok(vec![
                StreamEvent::Guardrail(GuardrailVerdict { intervened: false, assessment: vec![line.clone()] }),
                StreamEvent::TextDelta("Sorry.".into())
            ])
        );
        let stop = r#"{"type":"message_stop","amazon-bedrock-guardrailAction":"INTERVENED"}"#;
        assert_eq!(
            decoder.decode(&chunk(stop)),
            Ok(vec![
                StreamEvent::Guardrail(GuardrailVerdict { intervened: true, assessment: vec![line] }),
                StreamEvent::Done
            ])
        );
    }

    #[test]
    fn text_that_mentions_the_metrics_key_is_just_text() {
        let delta = r#"{"type":"content_block_delta","index":0,
            "delta":{"type":"text_delta","text":"see amazon-bedrock-invocationMetrics"}}"#;
        assert_eq!(
            decode(&chunk(delta)),
            Ok(vec![StreamEvent::TextDelta("see amazon-bedrock-invocationMetrics".into())])
        );
    }

    #[test]
    fn exceptions_and_errors_end_the_stream() {
        let throttled = frame(
            &[(":message-type", "exception"), (":exception-type", "throttlingException")],
            r#"{"message":"Too many tokens, please wait before trying again."}"#,
        );
        assert_eq!(
            decode(&throttled),
            Err(StreamFault::Exception {
                kind: "throttlingException".into(),
                message: "Too many tokens, please wait before trying again.".into()
            })
        );
        let error =
            frame(&[(":message-type", "error"), (":error-code", "InternalFailure"), (":error-message", "oops")], "");
        assert_eq!(
            decode(&error),
            Err(StreamFault::Exception { kind: "InternalFailure".into(), message: "oops".into() })
        );
    }

    #[test]
    fn provider_errors_inside_a_chunk_pass_through() {
        let error = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        assert_eq!(
            decode(&chunk(error)),
            Err(StreamFault::Provider { error_type: "overloaded_error".into(), message: "Overloaded".into() })
        );
    }

    #[test]
    fn other_event_types_are_skipped() {
        let other = frame(&[(":message-type", "event"), (":event-type", "initial-response")], "{}");
        assert_eq!(decode(&other), Ok(vec![]));
    }

    #[test]
    fn bad_chunks_are_malformed() {
        let event = [(":message-type", "event"), (":event-type", "chunk")];
        for (payload, expected) in [
            ("not json".to_owned(), "chunk event: expected"),
            (r#"{"p":"x"}"#.to_owned(), "missing field `bytes`"),
            (r#"{"bytes":"@@@"}"#.to_owned(), "not base64"),
            (format!(r#"{{"bytes":"{}"}}"#, STANDARD.encode([0xff, 0xfe])), "not UTF-8"),
            (format!(r#"{{"bytes":"{}"}}"#, STANDARD.encode(r#"{"amazon-bedrock-invocationMetrics":1}"#)), "chunk"),
        ] {
            let detail = malformed_detail(&frame(&event, payload));
            assert!(detail.contains(expected), "{detail}");
        }
        let detail = malformed_detail(&chunk(r#"{"type":"message_start"}"#));
        assert!(detail.starts_with("message_start event:"), "{detail}");
    }
}
