//! The run model: any number of runs, each streaming on its own, each folding the updates of
//! its task into text, thinking, usage and timings.

use super::msg::RunId;
use crate::routes::Target;
use crate::routes::capture::Exchange;
use crate::routes::error::RunError;
use crate::routes::event::{GuardrailVerdict, RunUpdate, StopReason, StreamEvent, Usage};
use crate::routes::request::Params;
use crate::store::EventLog;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Where a run is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Looking for the route's credential.
    Resolving,
    /// Sending the request and waiting for response headers.
    Connecting,
    /// Headers arrived; no token yet.
    Waiting,
    /// Tokens are arriving.
    Streaming,
    /// Ended with the stream's final event.
    Done,
    /// Ended with an error; partial output is kept.
    Failed(RunError),
    /// Cancelled by the user; partial output is kept.
    Cancelled,
}

impl Phase {
    /// Whether the run's task may still send updates.
    #[must_use]
    pub fn is_live(&self) -> bool {
        matches!(self, Phase::Resolving | Phase::Connecting | Phase::Waiting | Phase::Streaming)
    }

    /// A short label for status lines.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Phase::Resolving => "resolving credentials",
            Phase::Connecting => "connecting",
            Phase::Waiting => "waiting for first token",
            Phase::Streaming => "streaming",
            Phase::Done => "done",
            Phase::Failed(_) => "failed",
            Phase::Cancelled => "cancelled",
        }
    }
}

/// A tool call the model made, shown as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub name: String,
    pub input: String,
}

/// Clock readings of a run; durations are derived from them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    pub started: Option<Instant>,
    pub credential: Option<Duration>,
    pub first_token: Option<Instant>,
    pub last_token: Option<Instant>,
    pub ended: Option<Instant>,
    /// When the last bytes came back: response headers, a piece of the body, or a refusal
    /// that is retried. With `sent_at`, what the idle timer counts from.
    pub last_byte: Option<Instant>,
}

/// The service tier and latency mode a service echoed for a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Served {
    pub service_tier: Option<String>,
    pub latency: Option<String>,
}

/// One request and its streamed response.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: RunId,
    /// The conversation it belongs to, named by the conversation's first run.
    pub conversation: RunId,
    /// Its turn in that conversation, from 0.
    pub position: u32,
    /// The stored conversation it continues, when that was opened from the history.
    pub stored_conversation: Option<i64>,
    /// The compare it is one column of, named by that compare's first run.
    pub compare_group: Option<RunId>,
    /// The request as it was built for sending (kept so a column can be retried).
    pub request: Option<crate::routes::request::ChatRequest>,
    pub target: Target,
    /// The parameters and system prompt it was sent with.
    pub params: Params,
    pub system: Option<String>,
    /// The user's turn this run answers.
    pub prompt: String,
    pub phase: Phase,
    pub text: String,
    pub thinking: String,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Usage,
    pub stop_reason: Option<StopReason>,
    pub request_id: Option<String>,
    pub message_id: Option<String>,
    /// The model version the provider reports, when it differs from what was asked.
    pub model_version: Option<String>,
    pub credential_source: Option<String>,
    /// Retries before the first byte, each with its reason.
    pub retries: Vec<String>,
    pub timings: Timings,
    /// What the service said its latency was, total and to the first byte, in ms.
    pub server_latency: (Option<u64>, Option<u64>),
    /// The service tier and latency mode the service says it served.
    pub served: Served,
    /// A guardrail's verdict, when one reported.
    pub guardrail: Option<GuardrailVerdict>,
    /// Output deltas received: a live stand-in for output tokens, which Anthropic reports
    /// only at the start and the end of a stream.
    pub deltas: u64,
    /// Every stream event with its time since the run started, kept for replay: deltas as
    /// their lengths in `text` and `thinking`, adjacent ones merged (see [`EventLog`]).
    pub events: EventLog,
    /// It is a replay of a recorded run, not a request.
    pub replay: bool,
    /// What was sent (the last attempt) and what came back, captured as it happened.
    pub exchange: Exchange,
    /// When the last attempt was sent.
    pub sent_at: Option<Instant>,
    /// The last write of its text to the history while it streamed.
    pub saved: Option<super::partial_save::SavedPartial>,
}

impl Run {
    #[must_use]
    pub fn new(id: RunId, target: Target, prompt: String) -> Self {
        Self {
            id,
            conversation: id,
            position: 0,
            stored_conversation: None,
            compare_group: None,
            request: None,
            target,
            params: Params::default(),
            system: None,
            prompt,
            phase: Phase::Resolving,
            text: String::new(),
            thinking: String::new(),
            tool_calls: Vec::new(),
            usage: Usage::default(),
            stop_reason: None,
            request_id: None,
            message_id: None,
            model_version: None,
            credential_source: None,
            retries: Vec::new(),
            timings: Timings::default(),
            server_latency: (None, None),
            served: Served::default(),
            guardrail: None,
            deltas: 0,
            events: EventLog::default(),
            replay: false,
            exchange: Exchange::default(),
            sent_at: None,
            saved: None,
        }
    }

    /// Fold one update from the run's task into its state. Returns whether the run ended.
    pub fn apply(&mut self, at: Instant, update: RunUpdate) -> bool {
        match update {
            RunUpdate::Started => self.timings.started = Some(at),
            RunUpdate::Credential { source, elapsed } => {
                self.credential_source = Some(source);
                self.timings.credential = Some(elapsed);
                self.phase = Phase::Connecting;
            }
            RunUpdate::Retrying { attempt, delay, reason } => {
                self.timings.last_byte = Some(at);
                self.retries.push(format!("retry {attempt} in {:.1} s: {reason}", delay.as_secs_f64()));
            }
            RunUpdate::Responded { status, request_id } => {
                self.timings.last_byte = Some(at);
                self.exchange.status = Some(status);
                self.request_id = request_id;
                self.phase = Phase::Waiting;
            }
            RunUpdate::Event(event) => self.apply_event(at, event),
            RunUpdate::Sent(request) => {
                self.exchange.sent(request);
                self.sent_at = Some(at);
            }
            RunUpdate::ResponseHeaders(headers) => self.exchange.response_headers = headers,
            RunUpdate::Chunk(bytes) => {
                self.timings.last_byte = Some(at);
                let since = self.sent_at.map_or(Duration::ZERO, |sent| at.saturating_duration_since(sent));
                self.exchange.received(since, &bytes);
            }
            RunUpdate::Finished(result) => {
                self.timings.ended = Some(at);
                self.phase = match result {
                    Ok(()) => Phase::Done,
                    Err(error) => Phase::Failed(error),
                };
                return true;
            }
        }
        false
    }

    fn apply_event(&mut self, at: Instant, event: StreamEvent) {
        let produces_output = matches!(
            event,
            StreamEvent::TextDelta(_)
                | StreamEvent::ThinkingDelta(_)
                | StreamEvent::ToolUseStart { .. }
                | StreamEvent::ToolInputDelta(_)
        );
        let since_start = self.timings.started.map_or(Duration::ZERO, |started| at.saturating_duration_since(started));
        self.events.push(u64::try_from(since_start.as_millis()).unwrap_or(u64::MAX), &event);
        if produces_output {
            self.deltas += 1;
            self.timings.first_token.get_or_insert(at);
            self.timings.last_token = Some(at);
            self.phase = Phase::Streaming;
        }
        match event {
            StreamEvent::Metadata { message_id, model } => {
                self.message_id = message_id;
                self.model_version = model.filter(|model| *model != self.target.model);
            }
            StreamEvent::TextDelta(text) => self.text.push_str(&text),
            StreamEvent::ThinkingDelta(text) => self.thinking.push_str(&text),
            StreamEvent::ToolUseStart { name, .. } => self.tool_calls.push(ToolCall { name, input: String::new() }),
            StreamEvent::ToolInputDelta(json) => {
                if let Some(call) = self.tool_calls.last_mut() {
                    call.input.push_str(&json);
                }
            }
            StreamEvent::Usage(usage) => self.usage.merge(usage),
            StreamEvent::StopReason(reason) => self.stop_reason = Some(reason),
            StreamEvent::ServerLatency { total_ms, first_byte_ms } => {
                self.server_latency = (total_ms.or(self.server_latency.0), first_byte_ms.or(self.server_latency.1));
            }
            StreamEvent::Served { service_tier, latency } => {
                self.served.service_tier = service_tier.or(self.served.service_tier.take());
                self.served.latency = latency.or(self.served.latency.take());
            }
            StreamEvent::Guardrail(verdict) => self.guardrail = Some(verdict),
            StreamEvent::ThinkingSigned | StreamEvent::Done => {}
        }
    }

    /// Empty the run so a replay can stream it again, and mark it as one. The recorded
    /// exchange stays, for the inspector.
    pub fn replay_from_start(&mut self) {
        let (target, prompt, id) = (self.target.clone(), self.prompt.clone(), self.id);
        let (conversation, position, stored) = (self.conversation, self.position, self.stored_conversation);
        let exchange = std::mem::take(&mut self.exchange);
        *self = Run {
            conversation,
            position,
            stored_conversation: stored,
            replay: true,
            exchange,
            ..Run::new(id, target, prompt)
        };
    }

    /// The user cancelled: keep what arrived, mark it.
    pub fn cancel(&mut self, at: Instant) {
        self.phase = Phase::Cancelled;
        self.timings.ended.get_or_insert(at);
    }

    /// Time from the start of the run to its first token.
    #[must_use]
    pub fn time_to_first_token(&self) -> Option<Duration> {
        Some(self.timings.first_token?.saturating_duration_since(self.timings.started?))
    }

    /// Time from the start of the run to its end.
    #[must_use]
    pub fn total_time(&self) -> Option<Duration> {
        Some(self.timings.ended?.saturating_duration_since(self.timings.started?))
    }

    /// How long a live run has heard nothing at `now`: since its last byte, or since its request
    /// went out when no byte came back yet. `None` before anything was sent and once it ended.
    #[must_use]
    pub fn silent_for(&self, now: Instant) -> Option<Duration> {
        if !self.phase.is_live() {
            return None;
        }
        let heard = self.timings.last_byte.max(self.sent_at)?;
        Some(now.saturating_duration_since(heard))
    }

    /// Output tokens so far: the reported count, or, while streaming, the deltas received if
    /// more (Anthropic reports 1 at the start and the rest at the end).
    #[must_use]
    pub fn output_so_far(&self) -> u64 {
        self.usage.output_tokens.unwrap_or(0).max(self.deltas)
    }

    /// Output tokens per second over the output's streaming time (first to last token); `None`
    /// below a meaningful sample ([`MIN_RATE_TOKENS`] tokens over [`MIN_RATE_SPAN`]), so an answer
    /// that arrives in one burst shows no rate rather than a hundred thousand tokens a second.
    #[must_use]
    pub fn tokens_per_second(&self) -> Option<f64> {
        let tokens = self.output_so_far();
        let span = self.timings.last_token?.saturating_duration_since(self.timings.first_token?);
        (tokens >= MIN_RATE_TOKENS && span >= MIN_RATE_SPAN).then(|| tokens as f64 / span.as_secs_f64())
    }
}

/// The fewest output tokens a rate is computed over.
pub const MIN_RATE_TOKENS: u64 = 8;
/// The shortest streaming time a rate is computed over.
pub const MIN_RATE_SPAN: Duration = Duration::from_millis(100);

/// Every run of the session, by id; ids are never reused.
#[derive(Debug, Clone, Default)]
pub struct Runs {
    runs: BTreeMap<RunId, Run>,
    next_id: u64,
}

impl Runs {
    /// Create a run and return its id.
    pub fn create(&mut self, target: Target, prompt: String) -> RunId {
        self.next_id += 1;
        let id = RunId(self.next_id);
        self.runs.insert(id, Run::new(id, target, prompt));
        id
    }

    #[must_use]
    pub fn get(&self, id: RunId) -> Option<&Run> {
        self.runs.get(&id)
    }

    pub fn get_mut(&mut self, id: RunId) -> Option<&mut Run> {
        self.runs.get_mut(&id)
    }

    /// The runs still streaming.
    pub fn live(&self) -> impl Iterator<Item = &Run> {
        self.runs.values().filter(|run| run.phase.is_live())
    }
}
