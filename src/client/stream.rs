//! Reads a streaming body through its decoder, failing a stream that goes quiet for longer
//! than the idle timeout or ends before its final event.

use super::decode::BodyDecoder;
use crate::routes::error::{ErrorKind, RunError};
use crate::routes::event::StreamEvent;
use crate::routes::wire::StreamFault;
use futures_util::StreamExt;
use std::time::Duration;

/// Who the stream belongs to, for error messages.
pub struct StreamContext<'a> {
    pub route: &'a str,
    pub model: &'a str,
    pub request_id: Option<String>,
    pub idle_timeout: Duration,
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
    loop {
        let chunk = match tokio::time::timeout(context.idle_timeout, body.next()).await {
            Err(_) => return Err(stalled(context)),
            Ok(None) => break,
            Ok(Some(Err(error))) => return Err(cut(context, &error.to_string())),
            Ok(Some(Ok(chunk))) => chunk,
        };
        let events = decoder.feed(&chunk);
        emit(Item::Chunk(chunk));
        events.map_err(|fault| from_fault(fault, context))?.into_iter().for_each(|event| emit(Item::Event(event)));
    }
    let events = decoder.finish().map_err(|fault| from_fault(fault, context))?;
    for event in events {
        emit(Item::Event(event));
    }
    if decoder.is_complete() {
        Ok(())
    } else {
        Err(cut(context, &format!("the stream ended before {}", decoder.final_event())))
    }
}

fn from_fault(fault: StreamFault, context: &StreamContext<'_>) -> RunError {
    let mut error = match fault {
        StreamFault::Provider { error_type, message } => {
            let kind = if error_type == "overloaded_error" { ErrorKind::Overloaded } else { ErrorKind::StreamError };
            let mut error = RunError::new(kind, context.route, context.model, message);
            error.provider_type = Some(error_type);
            error.hint = Some("the provider ended the stream with an error; partial output is kept".into());
            error
        }
        StreamFault::Exception { kind, message } => {
            let mut error = RunError::new(exception_kind(&kind), context.route, context.model, message);
            error.provider_type = Some(kind);
            error.hint = Some("the service ended the stream with an exception; partial output is kept".into());
            error
        }
        StreamFault::Framing { detail } => RunError::new(
            ErrorKind::Protocol,
            context.route,
            context.model,
            format!("malformed event stream: {detail}"),
        ),
        StreamFault::Malformed { detail } => {
            RunError::new(ErrorKind::Protocol, context.route, context.model, format!("malformed stream: {detail}"))
        }
    };
    error.request_id.clone_from(&context.request_id);
    error
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
    let mut error = RunError::new(
        ErrorKind::Timeout,
        context.route,
        context.model,
        format!("no data for {:.0} s (idle timeout)", context.idle_timeout.as_secs_f64()),
    )
    .with_hint("raise [network] idle_timeout_secs in config.toml for slow models");
    error.request_id.clone_from(&context.request_id);
    error
}

fn cut(context: &StreamContext<'_>, what: &str) -> RunError {
    let mut error = RunError::new(ErrorKind::Protocol, context.route, context.model, format!("connection cut: {what}"));
    error.request_id.clone_from(&context.request_id);
    error
}
