//! `InvokeModelWithResponseStream`'s wire for the Messages events: one `chunk` event frame per
//! Anthropic event, payload `{"bytes": base64(event JSON), "p": padding}`, the last one
//! (`message_stop`) carrying `amazon-bedrock-invocationMetrics`. In-band errors are exception
//! frames.

use super::eventstream;
use crate::emulator::anthropic::shape::{GuardrailReport, InvocationMetrics};
use crate::emulator::anthropic::stream::Framer;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::json;
use std::time::{Duration, Instant};

/// What the `p` padding field is cut from; real chunks pad to vary their length.
const PADDING: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The `error-mid-stream` exception's message.
pub const THROTTLED: &str = "Too many requests, please wait before trying again.";

/// Frames one response; latencies count from `started`.
#[derive(Debug)]
pub struct Chunks {
    started: Instant,
    first_byte: Option<Duration>,
    /// The guardrail's verdict, for the last chunk.
    guardrail: Option<GuardrailReport>,
}

impl Chunks {
    pub fn new(started: Instant, guardrail: Option<GuardrailReport>) -> Self {
        Self { started, first_byte: None, guardrail }
    }
}

impl Framer for Chunks {
    fn frame(&mut self, _name: &str, data: &str) -> Bytes {
        self.first_byte.get_or_insert_with(|| self.started.elapsed());
        let padding = &PADDING[..=data.len() % (PADDING.len() - 1)];
        eventstream::event("chunk", json!({ "bytes": STANDARD.encode(data), "p": padding }).to_string())
    }

    fn metrics(&mut self, input_tokens: u32, output_tokens: u32) -> Option<InvocationMetrics> {
        let millis = |duration: Duration| u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        Some(InvocationMetrics {
            input_token_count: input_tokens,
            output_token_count: output_tokens,
            invocation_latency: millis(self.started.elapsed()),
            first_byte_latency: millis(self.first_byte.unwrap_or_default()),
        })
    }

    fn guardrail(&mut self) -> Option<GuardrailReport> {
        self.guardrail.take()
    }

    fn error(&mut self) -> Bytes {
        throttled()
    }

    fn model_error(&mut self) -> Bytes {
        model_stream_error()
    }

    fn corrupt(&mut self, name: &str, data: &str) -> Bytes {
        eventstream::with_bad_crc(&self.frame(name, data))
    }
}

/// `throttlingException` frame: the `error-mid-stream` fault on both Bedrock streams.
pub fn throttled() -> Bytes {
    eventstream::exception("throttlingException", json!({ "message": THROTTLED }).to_string())
}

/// `modelStreamErrorException` frame: the `model-stream-error` fault on both Bedrock streams.
pub fn model_stream_error() -> Bytes {
    let payload = json!({
        "message": "The model returned an error while streaming its response.",
        "originalStatusCode": 500,
        "originalMessage": "Internal server error",
    });
    eventstream::exception("modelStreamErrorException", payload.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::read_message_from;
    use serde_json::Value;

    #[test]
    fn chunks_carry_base64_json_and_padding() {
        let mut chunks = Chunks::new(Instant::now(), None);
        let message = read_message_from(chunks.frame("ping", r#"{"type":"ping"}"#)).expect("decodes");
        let payload: Value = serde_json::from_slice(message.payload()).expect("json");
        let bytes = STANDARD.decode(payload["bytes"].as_str().expect("bytes")).expect("base64");
        assert_eq!(bytes, br#"{"type":"ping"}"#);
        assert!(payload["p"].as_str().is_some_and(|p| !p.is_empty()));
        let metrics = chunks.metrics(3, 4).expect("metrics");
        assert_eq!((metrics.input_token_count, metrics.output_token_count), (3, 4));
        assert!(metrics.first_byte_latency <= metrics.invocation_latency);
    }
}
