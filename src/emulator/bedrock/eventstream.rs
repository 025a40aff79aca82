//! `application/vnd.amazon.eventstream` frames, encoded with `aws-smithy-eventstream`: events
//! (`:message-type event`), exceptions (`:message-type exception`), and for the `crc` fault a
//! frame whose message CRC is wrong.

use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;

/// The response's content type.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// An event frame: `:event-type` names the union member, the payload is its JSON.
pub fn event(event_type: &str, payload: impl Into<Bytes>) -> Bytes {
    encode(":event-type", event_type, ":message-type", "event", payload.into())
}

/// An exception frame: `:exception-type` names the modeled exception, the payload is its JSON.
pub fn exception(exception_type: &str, payload: impl Into<Bytes>) -> Bytes {
    encode(":exception-type", exception_type, ":message-type", "exception", payload.into())
}

/// `frame` with its message CRC (the last four bytes) changed.
pub fn with_bad_crc(frame: &Bytes) -> Bytes {
    let mut bytes = frame.to_vec();
    if let Some(last) = bytes.last_mut() {
        *last ^= 0xff;
    }
    bytes.into()
}

fn encode(kind_name: &str, kind: &str, type_name: &str, message_type: &str, payload: Bytes) -> Bytes {
    let message = Message::new(payload)
        .add_header(Header::new(kind_name.to_owned(), HeaderValue::String(kind.to_owned().into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())))
        .add_header(Header::new(type_name.to_owned(), HeaderValue::String(message_type.to_owned().into())));
    let mut out = Vec::new();
    // Writing fails only past the format's size limits (headers 128 KiB, payload 16 MiB),
    // which the emulator's small JSON payloads never reach.
    match write_message_to(&message, &mut out) {
        Ok(()) => out.into(),
        Err(_) => Bytes::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::read_message_from;

    fn header<'m>(message: &'m Message, name: &str) -> &'m str {
        let header = message.headers().iter().find(|h| h.name().as_str() == name).expect("header");
        header.value().as_string().expect("string").as_str()
    }

    #[test]
    fn frames_decode_with_their_headers() {
        let frame = event("chunk", r#"{"bytes":"e30="}"#);
        let message = read_message_from(frame.clone()).expect("decodes");
        assert_eq!(header(&message, ":event-type"), "chunk");
        assert_eq!(header(&message, ":message-type"), "event");
        assert_eq!(header(&message, ":content-type"), "application/json");
        assert_eq!(message.payload().as_ref(), br#"{"bytes":"e30="}"#);

        let message = read_message_from(exception("throttlingException", "{}")).expect("decodes");
        assert_eq!(header(&message, ":exception-type"), "throttlingException");
        assert_eq!(header(&message, ":message-type"), "exception");

        assert!(read_message_from(with_bad_crc(&frame)).is_err());
    }
}
