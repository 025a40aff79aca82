//! One decoded event-stream frame, and what it means: an event, or an exception or error the
//! service reports in the stream (PROTOCOLS.md 3.3, "message-type headers").

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;
use serde::Deserialize;

use crate::routes::wire::StreamFault;

/// Stands in for the type of an exception or error frame that does not name one, so its
/// message still reaches the user instead of a complaint about headers.
const UNNAMED: &str = "unnamed";

/// A frame whose CRCs and headers checked out. A thin wrapper over the crate's `Message` with
/// the accessors the Bedrock decoders need.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame(Message);

/// What a frame stands for, by its `:message-type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameKind<'a> {
    /// A member of the operation's event-stream union: `:event-type` names it, the payload is
    /// its JSON.
    Event { event_type: &'a str, payload: &'a [u8] },
    /// A modeled exception: `:exception-type`, and the payload's `message`.
    Exception { kind: &'a str, message: String },
    /// An unmodeled error: `:error-code` and `:error-message`.
    Error { code: &'a str, message: &'a str },
}

impl Frame {
    pub(super) fn from_message(message: Message) -> Self {
        Self(message)
    }

    /// Every header, in wire order.
    #[must_use]
    pub fn headers(&self) -> &[Header] {
        self.0.headers()
    }

    #[must_use]
    pub fn payload(&self) -> &Bytes {
        self.0.payload()
    }

    /// `:message-type`: `event`, `exception` or `error`.
    #[must_use]
    pub fn message_type(&self) -> Option<&str> {
        self.string_header(":message-type")
    }

    #[must_use]
    pub fn event_type(&self) -> Option<&str> {
        self.string_header(":event-type")
    }

    #[must_use]
    pub fn exception_type(&self) -> Option<&str> {
        self.string_header(":exception-type")
    }

    #[must_use]
    pub fn error_code(&self) -> Option<&str> {
        self.string_header(":error-code")
    }

    #[must_use]
    pub fn error_message(&self) -> Option<&str> {
        self.string_header(":error-message")
    }

    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.string_header(":content-type")
    }

    /// The value of the string header `name`; `None` when absent or of another type.
    fn string_header(&self, name: &str) -> Option<&str> {
        self.headers().iter().find(|header| header.name().as_str() == name).and_then(|header| match header.value() {
            HeaderValue::String(value) => Some(value.as_str()),
            _ => None,
        })
    }

    /// What the frame stands for. A frame without `:message-type`, with an unknown one, or an
    /// event without `:event-type` is `Malformed`, as in the AWS SDKs.
    pub fn classify(&self) -> Result<FrameKind<'_>, StreamFault> {
        let malformed = |detail: String| StreamFault::Malformed { detail };
        match self.message_type() {
            Some("event") => {
                let event_type =
                    self.event_type().ok_or_else(|| malformed("event frame without :event-type".into()))?;
                Ok(FrameKind::Event { event_type, payload: self.payload() })
            }
            Some("exception") => Ok(FrameKind::Exception {
                kind: self.exception_type().unwrap_or(UNNAMED),
                message: exception_message(self.payload()),
            }),
            Some("error") => Ok(FrameKind::Error {
                code: self.error_code().unwrap_or(UNNAMED),
                message: self.error_message().unwrap_or_default(),
            }),
            Some(other) => Err(malformed(format!("event-stream frame with unknown :message-type {other:?}"))),
            None => Err(malformed("event-stream frame without :message-type".into())),
        }
    }
}

impl<'a> FrameKind<'a> {
    /// The event's type and payload, or the fault an exception or error frame reports: both
    /// end the stream as `StreamFault::Exception`.
    pub fn into_event(self) -> Result<(&'a str, &'a [u8]), StreamFault> {
        match self {
            FrameKind::Event { event_type, payload } => Ok((event_type, payload)),
            FrameKind::Exception { kind, message } => Err(StreamFault::Exception { kind: kind.into(), message }),
            FrameKind::Error { code, message } => {
                Err(StreamFault::Exception { kind: code.into(), message: message.into() })
            }
        }
    }
}

/// The JSON body of a modeled exception; Bedrock writes `message`, some services `Message`.
#[derive(Deserialize)]
struct ExceptionBody {
    #[serde(alias = "Message")]
    message: String,
}

/// The exception's `message`, else the payload as text, so nothing the service said is lost.
fn exception_message(payload: &[u8]) -> String {
    serde_json::from_slice::<ExceptionBody>(payload)
        .map_or_else(|_| String::from_utf8_lossy(payload).trim().to_owned(), |body| body.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(headers: &[(&'static str, &'static str)], payload: &'static str) -> Frame {
        let headers =
            headers.iter().map(|&(name, value)| Header::new(name, HeaderValue::String(value.into()))).collect();
        Frame::from_message(Message::new_from_parts(headers, payload))
    }

    #[test]
    fn accessors_read_string_headers_only() {
        let message = Message::new("")
            .add_header(Header::new(":event-type", HeaderValue::String("chunk".into())))
            .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())))
            .add_header(Header::new(":message-type", HeaderValue::Int32(1)));
        let frame = Frame::from_message(message);
        assert_eq!(frame.event_type(), Some("chunk"));
        assert_eq!(frame.content_type(), Some("application/json"));
        assert_eq!(frame.message_type(), None);
        assert_eq!(frame.exception_type(), None);
    }

    #[test]
    fn events_carry_type_and_payload() {
        let frame = frame(&[(":message-type", "event"), (":event-type", "chunk")], "{}");
        assert_eq!(frame.classify(), Ok(FrameKind::Event { event_type: "chunk", payload: b"{}" }));
        assert_eq!(frame.classify().and_then(FrameKind::into_event), Ok(("chunk", &b"{}"[..])));
    }

    #[test]
    fn exception_message_comes_from_the_payload() {
        let headers = [(":message-type", "exception"), (":exception-type", "throttlingException")];
        let cases = [
            (r#"{"message":"Too many requests"}"#, "Too many requests"),
            (r#"{"Message":"Rate exceeded"}"#, "Rate exceeded"),
            ("plain words\n", "plain words"),
            ("", ""),
        ];
        for (payload, message) in cases {
            assert_eq!(
                frame(&headers, payload).classify().and_then(FrameKind::into_event),
                Err(StreamFault::Exception { kind: "throttlingException".into(), message: message.into() })
            );
        }
        let unnamed = frame(&[(":message-type", "exception")], r#"{"message":"m"}"#);
        assert_eq!(unnamed.classify(), Ok(FrameKind::Exception { kind: "unnamed", message: "m".into() }));
    }

    #[test]
    fn error_frames_use_their_headers() {
        let error = frame(&[(":message-type", "error"), (":error-code", "code"), (":error-message", "message")], "");
        assert_eq!(error.classify(), Ok(FrameKind::Error { code: "code", message: "message" }));
        assert_eq!(
            error.classify().and_then(FrameKind::into_event),
            Err(StreamFault::Exception { kind: "code".into(), message: "message".into() })
        );
    }

    #[test]
    fn frames_that_say_nothing_are_malformed() {
        for (headers, expected) in [
            (&[][..], "without :message-type"),
            (&[(":message-type", "event")][..], "without :event-type"),
            (&[(":message-type", "ping")][..], "unknown :message-type \"ping\""),
        ] {
            match frame(headers, "").classify() {
                Err(StreamFault::Malformed { detail }) => assert!(detail.contains(expected), "{detail}"),
                other => panic!("expected Malformed, got {other:?}"),
            }
        }
    }
}
