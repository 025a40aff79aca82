//! Frames for unit tests, made as a service makes them: encoded by the crate, then decoded
//! by `EventStreamDecoder`.

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;

use super::{EventStreamDecoder, Frame};

/// The wire bytes of a frame with string `headers` and `payload`.
pub(crate) fn encode(headers: &[(&str, &str)], payload: impl Into<Bytes>) -> Vec<u8> {
    let headers = headers
        .iter()
        .map(|&(name, value)| Header::new(name.to_owned(), HeaderValue::String(value.to_owned().into())))
        .collect();
    let mut bytes = Vec::new();
    write_message_to(&Message::new_from_parts(headers, payload), &mut bytes).expect("encodes");
    bytes
}

/// That frame, decoded.
pub(crate) fn frame(headers: &[(&str, &str)], payload: impl Into<Bytes>) -> Frame {
    let mut frames = Vec::new();
    EventStreamDecoder::new().feed(&encode(headers, payload), &mut frames).expect("decodes");
    frames.pop().expect("one frame")
}
