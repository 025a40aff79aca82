//! AWS event-stream framing (`application/vnd.amazon.eventstream`, PROTOCOLS.md 3.3), decoded
//! incrementally.
//!
//! `aws-smithy-eventstream` does the real work: `read_message_from` checks both CRCs and
//! parses the headers of one complete frame held in a `Buf`. What it does not do is what a
//! socket needs, so this wrapper adds it:
//! - an incremental buffer that keeps only the bytes not yet consumed, so frames may be split
//!   across reads at any byte and nothing is scanned twice;
//! - limits checked as soon as a prelude arrives (the crate's own `MessageFrameDecoder` would
//!   wait for as many bytes as a corrupt length claims, up to 4 GiB, before noticing);
//! - duplicate header names rejected, as botocore does;
//! - `StreamFault::Framing` with a readable detail instead of the crate's error type.

mod frame;
#[cfg(test)]
pub(crate) mod testing;

pub use frame::{Frame, FrameKind};

use std::collections::HashSet;

use aws_smithy_eventstream::frame::read_message_from;
use bytes::{Buf, BytesMut};

use crate::routes::wire::StreamFault;

/// Total length, headers length and prelude CRC, each a big-endian `u32`.
const PRELUDE_LEN: usize = 12;
/// The prelude plus the message CRC that closes every frame.
const OVERHEAD: usize = PRELUDE_LEN + 4;
/// botocore's `_MAX_HEADERS_LENGTH`: 128 KiB of headers.
const MAX_HEADERS_LEN: usize = 128 * 1024;
/// botocore's `_MAX_PAYLOAD_LENGTH`: 24 MiB of payload.
const MAX_PAYLOAD_LEN: usize = 24 * 1024 * 1024;

/// Incremental decoder; keep one per response body.
#[derive(Debug, Default)]
pub struct EventStreamDecoder {
    /// Bytes received but not yet decoded: at most one partial frame after each `feed`.
    buffer: BytesMut,
    /// The first fault. Lengths cannot be trusted after one, so the stream cannot be
    /// resynchronised: every later call reports the same fault.
    fault: Option<StreamFault>,
}

impl EventStreamDecoder {
    /// A decoder at the start of a body.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Take the next chunk of the body and push every frame it completes.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Frame>) -> Result<(), StreamFault> {
        if let Some(fault) = &self.fault {
            return Err(fault.clone());
        }
        self.buffer.extend_from_slice(bytes);
        let drained = self.drain(out);
        if let Err(fault) = &drained {
            self.fault = Some(fault.clone());
        }
        drained
    }

    /// Call at the end of the body: bytes left over are a truncated frame.
    pub fn finish(&self) -> Result<(), StreamFault> {
        if let Some(fault) = &self.fault {
            return Err(fault.clone());
        }
        let left = self.buffer.len();
        if left == 0 {
            return Ok(());
        }
        let detail = match declared_len(&self.buffer) {
            Ok(Some(total)) => format!("stream ended inside a frame: {left} of its {total} bytes arrived"),
            _ => format!("stream ended inside a frame prelude: {left} bytes left over"),
        };
        Err(StreamFault::Framing { detail })
    }

    /// Decode every complete frame at the front of the buffer.
    fn drain(&mut self, out: &mut Vec<Frame>) -> Result<(), StreamFault> {
        while let Some(total) = declared_len(&self.buffer)? {
            if self.buffer.len() < total {
                break;
            }
            out.push(decode_frame(&self.buffer[..total])?);
            self.buffer.advance(total);
        }
        Ok(())
    }
}

/// The total length the prelude at the start of `buffer` declares, once all 12 prelude bytes
/// are there. The lengths are checked before the prelude CRC can be (the crate checks it once
/// the whole frame is in), so a length beyond the limits fails here instead of being waited
/// for; a corrupt length within them fails the CRC when the frame is in, or `finish`.
fn declared_len(buffer: &[u8]) -> Result<Option<usize>, StreamFault> {
    let Some(mut prelude) = buffer.get(..PRELUDE_LEN) else {
        return Ok(None);
    };
    let total = prelude.get_u32() as usize;
    let headers = prelude.get_u32() as usize;
    let framing = |what: String| StreamFault::Framing { detail: format!("{what} (corrupt prelude?)") };
    if total < OVERHEAD {
        return Err(framing(format!("frame declares {total} bytes, less than the {OVERHEAD}-byte minimum")));
    }
    if headers > MAX_HEADERS_LEN {
        return Err(framing(format!(
            "frame declares {headers} bytes of headers, over the {MAX_HEADERS_LEN}-byte limit"
        )));
    }
    let Some(payload) = total.checked_sub(OVERHEAD + headers) else {
        return Err(framing(format!("frame declares {headers} bytes of headers in a {total}-byte frame")));
    };
    if payload > MAX_PAYLOAD_LEN {
        return Err(framing(format!(
            "frame declares {payload} bytes of payload, over the {MAX_PAYLOAD_LEN}-byte limit"
        )));
    }
    Ok(Some(total))
}

/// Decode one complete frame (CRCs, headers, payload) with the crate.
fn decode_frame(bytes: &[u8]) -> Result<Frame, StreamFault> {
    let message = read_message_from(bytes)
        .map_err(|err| StreamFault::Framing { detail: format!("bad event-stream frame: {err}") })?;
    let headers = message.headers();
    if headers.len() > 1 {
        let mut seen = HashSet::with_capacity(headers.len());
        if let Some(duplicate) = headers.iter().map(|h| h.name().as_str()).find(|name| !seen.insert(*name)) {
            return Err(StreamFault::Framing { detail: format!("frame repeats header {duplicate:?}") });
        }
    }
    Ok(Frame::from_message(message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_eventstream::frame::write_message_to;
    use aws_smithy_types::event_stream::{Header, HeaderValue, Message};

    fn encode(message: &Message) -> Vec<u8> {
        let mut bytes = Vec::new();
        write_message_to(message, &mut bytes).expect("encodes");
        bytes
    }

    fn event(event_type: &str, payload: &'static str) -> Vec<u8> {
        testing::encode(&[(":message-type", "event"), (":event-type", event_type)], payload)
    }

    fn framing_detail(result: Result<(), StreamFault>) -> String {
        match result {
            Err(StreamFault::Framing { detail }) => detail,
            other => panic!("expected Framing, got {other:?}"),
        }
    }

    fn decode_all(bytes: &[u8], chunk: usize) -> Result<Vec<Frame>, StreamFault> {
        let mut decoder = EventStreamDecoder::new();
        let mut out = Vec::new();
        for piece in bytes.chunks(chunk) {
            decoder.feed(piece, &mut out)?;
        }
        decoder.finish()?;
        Ok(out)
    }

    #[test]
    fn frames_split_anywhere_decode_the_same() {
        let stream = [event("a", "{\"x\":1}"), event("b", ""), event("c", "payload")].concat();
        let whole = decode_all(&stream, stream.len()).expect("decodes");
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[2].event_type(), Some("c"));
        assert_eq!(whole[2].payload().as_ref(), b"payload");
        for chunk in 1..stream.len() {
            assert_eq!(decode_all(&stream, chunk).as_ref(), Ok(&whole), "chunks of {chunk}");
        }
    }

    #[test]
    fn only_unconsumed_bytes_stay_buffered() {
        let frame = event("a", "0123456789");
        let mut decoder = EventStreamDecoder::new();
        let mut out = Vec::new();
        decoder.feed(&[frame.as_slice(), &frame[..5]].concat(), &mut out).expect("feeds");
        assert_eq!(out.len(), 1);
        assert_eq!(decoder.buffer.len(), 5);
        decoder.feed(&frame[5..], &mut out).expect("feeds");
        assert_eq!(out.len(), 2);
        assert!(decoder.buffer.is_empty());
    }

    #[test]
    fn truncated_frames_are_named_at_finish() {
        let frame = event("a", "payload");
        let mut decoder = EventStreamDecoder::new();
        decoder.feed(&frame[..frame.len() - 1], &mut Vec::new()).expect("feeds");
        let detail = framing_detail(decoder.finish());
        assert!(detail.contains(&format!("{} of its {} bytes", frame.len() - 1, frame.len())), "{detail}");

        let mut decoder = EventStreamDecoder::new();
        decoder.feed(&frame[..7], &mut Vec::new()).expect("feeds");
        assert!(framing_detail(decoder.finish()).contains("7 bytes left over"));
    }

    #[test]
    fn crc_errors_are_framing_faults_and_stick() {
        let mut frame = event("a", "payload");
        let last = frame.len() - 1;
        frame[last] ^= 1;
        let mut decoder = EventStreamDecoder::new();
        let detail = framing_detail(decoder.feed(&frame, &mut Vec::new()));
        assert!(detail.contains("message checksum"), "{detail}");
        assert_eq!(framing_detail(decoder.feed(&event("b", ""), &mut Vec::new())), detail);
        assert_eq!(framing_detail(decoder.finish()), detail);

        let mut frame = event("a", "payload");
        frame[8] ^= 1;
        let detail = framing_detail(EventStreamDecoder::new().feed(&frame, &mut Vec::new()));
        assert!(detail.contains("prelude checksum"), "{detail}");
    }

    #[test]
    fn lengths_beyond_the_limits_fail_at_the_prelude() {
        let prelude = |total: u32, headers: u32| [total.to_be_bytes(), headers.to_be_bytes(), [0; 4]].concat();
        let cases = [
            (prelude(15, 0), "less than the 16-byte minimum"),
            (prelude(200_000, 140_000), "bytes of headers, over"),
            (prelude(20, 8), "8 bytes of headers in a 20-byte frame"),
            (prelude(30 * 1024 * 1024, 0), "bytes of payload, over"),
        ];
        for (bytes, expected) in cases {
            let detail = framing_detail(EventStreamDecoder::new().feed(&bytes, &mut Vec::new()));
            assert!(detail.contains(expected), "{detail}");
        }
    }

    #[test]
    fn duplicate_headers_are_rejected() {
        let frame = encode(
            &Message::new("")
                .add_header(Header::new("x", HeaderValue::Bool(true)))
                .add_header(Header::new("x", HeaderValue::Bool(false))),
        );
        let detail = framing_detail(EventStreamDecoder::new().feed(&frame, &mut Vec::new()));
        assert!(detail.contains("repeats header \"x\""), "{detail}");
    }

    /// Every single-byte corruption of a frame breaks a CRC or a length: a fault, never a panic.
    #[test]
    fn corrupted_bytes_never_panic() {
        let frame = encode(
            &Message::new("{\"bytes\":\"eyJ9\"}")
                .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
                .add_header(Header::new("n", HeaderValue::Int64(-1)))
                .add_header(Header::new("b", HeaderValue::ByteArray("xyz".into()))),
        );
        for at in 0..frame.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut bytes = frame.clone();
                bytes[at] ^= flip;
                let mut decoder = EventStreamDecoder::new();
                let fed = decoder.feed(&bytes, &mut Vec::new());
                let result = fed.and_then(|()| decoder.finish());
                assert!(matches!(result, Err(StreamFault::Framing { .. })), "byte {at} ^ {flip:#x}: {result:?}");
            }
        }
    }
}
