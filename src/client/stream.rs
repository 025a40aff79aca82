//! Reads a streaming body through its decoder, failing a stream that goes quiet for longer
//! than the idle timeout, grows an answer past the cap, or ends before its final event.

use super::connection_error;
use super::decode::BodyDecoder;
use super::error_body::quote_start;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::event::StreamEvent;
use crate::routes::wire::StreamFault;
use futures_util::StreamExt;
use std::time::Duration;

/// How many of the body's first bytes are kept to name what came instead of a stream.
const KEPT_START: usize = 64;

/// Who the stream belongs to, for error messages, and its limits.
pub struct StreamContext<'a> {
    pub route: &'a str,
    pub model: &'a str,
    pub request_id: Option<String>,
    pub idle_timeout: Duration,
    /// The response's `content-type`, to name what arrived when nothing decoded.
    pub content_type: Option<String>,
    /// The most answer text (text, thinking and tool input) the run takes.
    pub max_answer_bytes: usize,
}

impl StreamContext<'_> {
    /// An error of this stream: its route and model, and the request id when the server gave one.
    fn error(&self, kind: ErrorKind, message: impl Into<String>) -> RunError {
        let mut error = RunError::new(kind, self.route, self.model, message);
        error.request_id.clone_from(&self.request_id);
        error
    }
}

/// What reading a body hands on: each piece as it arrived, then the events decoded from it.
pub enum Item {
    Chunk(bytes::Bytes),
    Event(StreamEvent),
}

/// Decode `response`'s body, handing each chunk and each event to `emit`. Ends with `Ok` only
/// when the stream's final event arrived: a body that stops early is an error, not a success.
pub async fn read_stream(
    response: reqwest::Response,
    decoder: &mut dyn BodyDecoder,
    context: &StreamContext<'_>,
    emit: &mut (dyn FnMut(Item) + Send),
) -> Result<(), RunError> {
    let mut body = response.bytes_stream();
    let mut seen = Seen::default();
    let mut answer = AnswerMeter { left: context.max_answer_bytes };
    loop {
        let chunk = match tokio::time::timeout(context.idle_timeout, body.next()).await {
            Err(_) => return Err(stalled(context)),
            Ok(None) => break,
            Ok(Some(Err(error))) => return Err(broke(context, &error)),
            Ok(Some(Ok(chunk))) => chunk,
        };
        seen.note(&chunk);
        let events = decoder.feed(&chunk);
        emit(Item::Chunk(chunk));
        for event in events.map_err(|fault| seen.fault_error(fault, context))? {
            answer.take(&event, context)?;
            seen.events += 1;
            emit(Item::Event(event));
        }
    }
    for event in decoder.finish().map_err(|fault| seen.fault_error(fault, context))? {
        answer.take(&event, context)?;
        seen.events += 1;
        emit(Item::Event(event));
    }
    if decoder.is_complete() { Ok(()) } else { Err(seen.ending_error(decoder.final_event(), context)) }
}

/// The answer text still allowed.
struct AnswerMeter {
    left: usize,
}

impl AnswerMeter {
    /// Count `event`'s answer text, failing when it would pass the cap (the text kept so far
    /// stays with the run).
    fn take(&mut self, event: &StreamEvent, context: &StreamContext<'_>) -> Result<(), RunError> {
        let len = match event {
            StreamEvent::TextDelta(text) | StreamEvent::ThinkingDelta(text) | StreamEvent::ToolInputDelta(text) => {
                text.len()
            }
            _ => 0,
        };
        match self.left.checked_sub(len) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(too_long(context)),
        }
    }
}

/// What the body brought, to say what came instead of a stream.
#[derive(Default)]
struct Seen {
    bytes: u64,
    start: Vec<u8>,
    events: usize,
}

impl Seen {
    fn note(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        let room = KEPT_START.saturating_sub(self.start.len());
        self.start.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }

    /// The error for `fault`; a body that broke the framing before anything decoded is
    /// probably no stream at all, so what arrived is named too.
    fn fault_error(&self, fault: StreamFault, context: &StreamContext<'_>) -> RunError {
        let framing = matches!(fault, StreamFault::Framing { .. } | StreamFault::Malformed { .. });
        let mut error = from_fault(fault, context);
        if framing && self.events == 0 {
            error.message = format!("{}; nothing had decoded: {}", error.message, self.arrived(context));
        }
        error
    }

    /// What the body brought: its size, content type and first bytes.
    fn arrived(&self, context: &StreamContext<'_>) -> String {
        let content_type = context.content_type.as_deref().unwrap_or("no content-type");
        format!("{} bytes of {content_type} arrived, starting {}", self.bytes, quote_start(&self.start))
    }

    /// The error for a body the server closed cleanly without its `final_event`: ended early,
    /// or, when nothing in it decoded, no stream at all (named by what arrived instead).
    fn ending_error(&self, final_event: &str, context: &StreamContext<'_>) -> RunError {
        if self.events > 0 {
            return closed_early(context, final_event);
        }
        let what = if self.bytes == 0 { "the body was empty".to_owned() } else { self.arrived(context) };
        context
            .error(
                ErrorKind::Protocol,
                format!("the stream ended before {final_event} and nothing in it decoded: {what}"),
            )
            .with_hint("check the route's base URL: something other than the model's stream answered")
    }
}

fn from_fault(fault: StreamFault, context: &StreamContext<'_>) -> RunError {
    match fault {
        StreamFault::Provider { error_type, message } => {
            let kind = if error_type == "overloaded_error" { ErrorKind::Overloaded } else { ErrorKind::StreamError };
            let mut error = context.error(kind, message);
            error.provider_type = Some(error_type);
            error.hint = Some("the provider ended the stream with an error; partial output is kept".into());
            error
        }
        StreamFault::Exception { kind, message } => {
            let mut error = context.error(exception_kind(&kind), message);
            error.provider_type = Some(kind);
            error.hint = Some("the service ended the stream with an exception; partial output is kept".into());
            error
        }
        StreamFault::Framing { detail } => {
            context.error(ErrorKind::Protocol, format!("malformed event stream: {detail}"))
        }
        StreamFault::Malformed { detail } => context.error(ErrorKind::Protocol, format!("malformed stream: {detail}")),
    }
}

/// What an AWS event-stream exception means for the user.
fn exception_kind(kind: &str) -> ErrorKind {
    match kind {
        "throttlingException" => ErrorKind::RateLimited,
        "serviceUnavailableException" | "internalServerException" => ErrorKind::Server,
        "validationException" => ErrorKind::InvalidRequest,
        "modelTimeoutException" => ErrorKind::Timeout,
        _ => ErrorKind::StreamError,
    }
}

fn stalled(context: &StreamContext<'_>) -> RunError {
    context
        .error(ErrorKind::Timeout, format!("no data for {:.0} s (idle timeout)", context.idle_timeout.as_secs_f64()))
        .with_hint("raise [network] idle_timeout_secs in config.toml for slow models")
}

fn too_long(context: &StreamContext<'_>) -> RunError {
    let mib = context.max_answer_bytes / (1024 * 1024);
    context
        .error(
            ErrorKind::StreamError,
            format!("the answer passed the {mib} MiB limit (text, thinking and tool input together)"),
        )
        .with_hint("the answer so far is kept; raise [network] max_answer_mib in config.toml for longer answers")
}

/// The connection broke mid-body (a reset, the end of the socket inside a chunk): named by
/// its real cause, which reqwest's own words ("error decoding response body") hide.
fn broke(context: &StreamContext<'_>, error: &reqwest::Error) -> RunError {
    let causes = connection_error::causes(error);
    let cause = if causes.is_empty() { error.to_string() } else { causes.join(": ") };
    context
        .error(ErrorKind::Protocol, format!("connection cut mid-stream: {cause}"))
        .with_hint("the answer so far is kept; the network or a proxy dropped the connection: run it again")
}

/// The server ended the body cleanly, but before the stream's final event.
fn closed_early(context: &StreamContext<'_>, final_event: &str) -> RunError {
    context
        .error(ErrorKind::Protocol, format!("the stream ended without {final_event} (the server closed it early)"))
        .with_hint("the answer so far is kept; the server or a proxy in between ended the response: run it again")
}
