//! The neutral stream events every route decodes into. `app/` consumes these and nothing
//! route-specific, so a new route only has to produce them.

use serde::{Deserialize, Serialize};

/// One decoded happening in a response stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StreamEvent {
    /// The provider's message id and the model version that answered.
    Metadata { message_id: Option<String>, model: Option<String> },
    /// A piece of the visible answer.
    TextDelta(String),
    /// A piece of the model's thinking (shown apart from the answer).
    ThinkingDelta(String),
    /// The thinking block was signed (the signature itself is not kept).
    ThinkingSigned,
    /// A tool call started; its input follows as `ToolInputDelta`s.
    ToolUseStart { id: String, name: String },
    /// A piece of a tool call's JSON input.
    ToolInputDelta(String),
    /// Token counts so far; later values replace earlier ones field by field.
    Usage(Usage),
    /// Why the model stopped. The stream's final event still follows.
    StopReason(StopReason),
    /// Latency the service measured itself (Bedrock's `invocationMetrics`, Converse's
    /// `metrics.latencyMs`), as opposed to what routeplay measured.
    ServerLatency { total_ms: Option<u64>, first_byte_ms: Option<u64> },
    /// What the service says it served, as echoed in the response: the service tier (Bedrock's
    /// `serviceTier`, Anthropic's `usage.service_tier`, Gemini's `usageMetadata.trafficType`)
    /// and the latency mode (Bedrock's `performanceConfig`).
    Served { service_tier: Option<String>, latency: Option<String> },
    /// A guardrail's verdict: whether it intervened and, with the trace on, one line per
    /// policy that acted (`contentPolicy VIOLENCE: BLOCKED`).
    Guardrail(GuardrailVerdict),
    /// The stream ended cleanly with its final event.
    Done,
}

/// What a guardrail decided about a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardrailVerdict {
    pub intervened: bool,
    /// One line per policy that acted, from the trace.
    pub assessment: Vec<String>,
}

/// Token counts. `None` means the provider has not reported that figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub cache_read_tokens: Option<u64>,
    pub cache_write_tokens: Option<u64>,
    pub thinking_tokens: Option<u64>,
}

impl Usage {
    /// Take every figure `newer` reports, keep the rest: providers send cumulative counts,
    /// sometimes only some of them per event.
    pub fn merge(&mut self, newer: Usage) {
        let pick = |old: &mut Option<u64>, new: Option<u64>| {
            if new.is_some() {
                *old = new;
            }
        };
        pick(&mut self.input_tokens, newer.input_tokens);
        pick(&mut self.output_tokens, newer.output_tokens);
        pick(&mut self.cache_read_tokens, newer.cache_read_tokens);
        pick(&mut self.cache_write_tokens, newer.cache_write_tokens);
        pick(&mut self.thinking_tokens, newer.thinking_tokens);
    }
}

/// Why a model stopped producing output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    EndTurn,
    MaxTokens,
    StopSequence(Option<String>),
    ToolUse,
    PauseTurn,
    Refusal,
    ContextWindowExceeded,
    /// A Bedrock guardrail blocked the input or the output.
    GuardrailIntervened,
    /// A reason this version does not know, kept verbatim.
    Other(String),
}

impl StopReason {
    /// Map an Anthropic `stop_reason` string.
    #[must_use]
    pub fn from_anthropic(reason: &str, stop_sequence: Option<String>) -> Self {
        match reason {
            "end_turn" => Self::EndTurn,
            "max_tokens" => Self::MaxTokens,
            "stop_sequence" => Self::StopSequence(stop_sequence),
            "tool_use" => Self::ToolUse,
            "pause_turn" => Self::PauseTurn,
            "refusal" => Self::Refusal,
            "model_context_window_exceeded" => Self::ContextWindowExceeded,
            "guardrail_intervened" => Self::GuardrailIntervened,
            other => Self::Other(other.to_owned()),
        }
    }

    /// A short label for the status line.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::EndTurn => "end_turn".into(),
            Self::MaxTokens => "max_tokens".into(),
            Self::StopSequence(Some(seq)) => format!("stop_sequence {seq:?}"),
            Self::StopSequence(None) => "stop_sequence".into(),
            Self::ToolUse => "tool_use".into(),
            Self::PauseTurn => "pause_turn".into(),
            Self::Refusal => "refusal".into(),
            Self::ContextWindowExceeded => "context_window_exceeded".into(),
            Self::GuardrailIntervened => "guardrail_intervened".into(),
            Self::Other(other) => other.clone(),
        }
    }
}

/// Everything a running request reports back, in order. `client/` produces these; the app
/// folds them into the run's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunUpdate {
    /// The run's task began; every timing of the run counts from here.
    Started,
    /// The credential was found (`source` is safe to show) after `elapsed`.
    Credential { source: String, elapsed: std::time::Duration },
    /// The request went out, as captured at the point of sending (secrets masked).
    Sent(Box<super::capture::SentRequest>),
    /// The response headers arrived.
    Responded { status: u16, request_id: Option<String> },
    /// Every response header, for the inspector.
    ResponseHeaders(Vec<(String, String)>),
    /// A piece of the response body as it arrived, before decoding.
    Chunk(bytes::Bytes),
    /// A retryable error before the first byte; the next attempt starts after `delay`.
    Retrying { attempt: u32, delay: std::time::Duration, reason: String },
    /// A decoded stream event.
    Event(StreamEvent),
    /// The run ended: cleanly, or with the error that stopped it.
    Finished(Result<(), super::error::RunError>),
}
