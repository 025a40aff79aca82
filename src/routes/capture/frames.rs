//! A response body split back into the frames the server sent, for the inspector's stream view:
//! each SSE event or event-stream message with its bytes as received, its fields or headers, and
//! when it arrived. Pure, after the fact, on the recorded chunks, with the decoders the streaming
//! path uses.
//!
//! SSE boundaries: an event ends with the blank line after its first field or comment line, line
//! end included (a `\r\n` whole, even split across chunks, so `at` is when its `\n` came). Blank
//! lines after no field or comment are leading bytes of the next frame, so they never move a
//! frame's `at`; blank lines at the very end, with no frame after them, are a frame of their own.
//! No byte is dropped: the frames' `raw` concatenated is the body.

use std::ops::Range;
use std::time::Duration;

use aws_smithy_types::event_stream::HeaderValue;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;

use super::ReceivedBody;
use crate::routes::RouteId;
use crate::routes::framing::eventstream::{EventStreamDecoder, Frame};
use crate::routes::framing::sse::SseDecoder;
use crate::routes::wire::StreamFault;

/// The UTF-8 byte order mark, which only counts at the very start of an SSE body.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a response body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Server-Sent Events (`text/event-stream`).
    Sse,
    /// AWS event-stream (`application/vnd.amazon.eventstream`).
    EventStream,
}

impl Framing {
    /// From the response's content-type when it says (`application/vnd.amazon.eventstream` →
    /// `EventStream`, `text/event-stream` → `Sse`, case-insensitive, parameters ignored), else
    /// from the route's wire.
    #[must_use]
    pub fn of(content_type: Option<&str>, route: RouteId) -> Self {
        let essence = content_type.map(|value| value.split_once(';').map_or(value, |(mime, _)| mime).trim());
        match essence {
            Some(mime) if mime.eq_ignore_ascii_case("application/vnd.amazon.eventstream") => Self::EventStream,
            Some(mime) if mime.eq_ignore_ascii_case("text/event-stream") => Self::Sse,
            _ if route.spec().wire.is_event_stream() => Self::EventStream,
            _ => Self::Sse,
        }
    }
}

/// One frame as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireFrame {
    /// When its last byte arrived (the `at` of the chunk that completed it).
    pub at: Duration,
    /// Its bytes exactly as received: for SSE the field lines through the blank line that ends
    /// the event (comment lines and leading stray blank lines included); for event-stream the
    /// whole message, prelude and CRCs included.
    pub raw: Bytes,
    /// SSE: the fields other than `data` in order (`event`, `id`, `retry`, unknown fields, and
    /// `:` for a comment line, its text as value); event-stream: every header as text (byte
    /// arrays as base64, timestamps as RFC 3339, UUIDs hyphenated).
    pub headers: Vec<(String, String)>,
    /// SSE: the `data` lines joined with `\n`; event-stream: the payload as UTF-8 (lossy).
    pub payload: String,
    /// Bedrock `InvokeModel` chunk payloads are `{"bytes":"<base64 of the inner JSON>"}`: the
    /// inner JSON decoded, so the user sees the Anthropic event inside. `None` otherwise.
    pub inner: Option<String>,
    /// Something wrong with this frame: a final SSE event without its blank line, an
    /// event-stream fault (a CRC mismatch…), or bytes left at the end that are not a frame.
    pub problem: Option<String>,
}

/// `received` split into the frames it carried, in order.
#[must_use]
pub fn split(framing: Framing, received: &ReceivedBody) -> Vec<WireFrame> {
    let body = Body::new(received);
    match framing {
        Framing::Sse => split_sse(&body),
        Framing::EventStream => split_event_stream(&body),
    }
}

/// The body's bytes (shared by the frames cut from them), with when each read ended and where.
struct Body {
    bytes: Bytes,
    times: Vec<Duration>,
    ends: Vec<usize>,
}

impl Body {
    fn new(received: &ReceivedBody) -> Self {
        let mut end = 0;
        let (times, ends) = received
            .iter()
            .map(|chunk| {
                end += chunk.bytes.len();
                (chunk.at, end)
            })
            .unzip();
        Self { bytes: Bytes::copy_from_slice(received.bytes()), times, ends }
    }

    /// When the byte just before offset `end` arrived.
    fn arrival(&self, end: usize) -> Duration {
        let index = self.ends.partition_point(|&chunk_end| chunk_end < end);
        self.times.get(index).copied().unwrap_or(Duration::ZERO)
    }

    /// A frame of the bytes from `start` to the end of the body, that something is wrong with.
    fn rest(&self, start: usize, problem: String) -> WireFrame {
        let end = self.bytes.len();
        bare(self.arrival(end), self.bytes.slice(start.min(end)..), Some(problem))
    }
}

/// A frame with nothing decoded from it (yet).
fn bare(at: Duration, raw: Bytes, problem: Option<String>) -> WireFrame {
    WireFrame { at, raw, headers: Vec::new(), payload: String::new(), inner: None, problem }
}

fn split_sse(body: &Body) -> Vec<WireFrame> {
    let bytes = &body.bytes[..];
    let (mut frames, mut start, mut has_content, mut unterminated) = (Vec::new(), 0, false, false);
    for (line, next) in lines(bytes) {
        if line.end == next {
            unterminated = true;
        } else if !without_bom(bytes, line).is_empty() {
            has_content = true;
        } else if has_content {
            frames.push(sse_frame(body, start..next, None));
            (start, has_content) = (next, false);
        }
    }
    if start < bytes.len() {
        let problem = (has_content || unterminated).then(|| "no blank line after the last event".to_owned());
        frames.push(sse_frame(body, start..bytes.len(), problem));
    }
    frames
}

/// Every line of `bytes` as its range without the line end (`\n`, `\r` or `\r\n`), and where the
/// next begins; an unterminated last line ends where the next would begin.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = bytes.get(start..).filter(|rest| !rest.is_empty())?;
        let (len, ending) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(len) if rest.get(len..len + 2) == Some(b"\r\n") => (len, 2),
            Some(len) => (len, 1),
            None => (rest.len(), 0),
        };
        let line = start..start + len;
        start = line.end + ending;
        Some((line, start))
    })
}

/// The bytes of `line`, without the BOM if it opens the body.
fn without_bom(bytes: &[u8], line: Range<usize>) -> &[u8] {
    let text = bytes.get(line.clone()).unwrap_or_default();
    if line.start == 0 { text.strip_prefix(BOM).unwrap_or(text) } else { text }
}

/// The SSE frame of `body` at `range`: its fields in order, and its data from `SseDecoder`.
fn sse_frame(body: &Body, range: Range<usize>, problem: Option<String>) -> WireFrame {
    let opens_body = range.start == 0;
    let raw = body.bytes.slice(range.clone());
    let mut headers = Vec::new();
    for (line, _) in lines(&raw) {
        let text = if opens_body { without_bom(&raw, line) } else { raw.get(line).unwrap_or_default() };
        if let Some(comment) = text.strip_prefix(b":") {
            headers.push((":".to_owned(), lossy(comment.strip_prefix(b" ").unwrap_or(comment))));
        } else if !text.is_empty() {
            let (name, value) = text.split_at(text.iter().position(|&b| b == b':').unwrap_or(text.len()));
            let value = value.strip_prefix(b":").unwrap_or(value);
            if name != b"data" {
                headers.push((lossy(name), lossy(value.strip_prefix(b" ").unwrap_or(value))));
            }
        }
    }
    let (mut decoder, mut events) = (SseDecoder::new(), Vec::new());
    if !opens_body {
        // A blank line first, so a BOM here is not dropped as if it opened the body.
        decoder.feed(b"\n", &mut events);
    }
    decoder.feed(&raw, &mut events);
    decoder.finish(&mut events);
    let payload = events.pop().map(|event| event.data).unwrap_or_default();
    WireFrame { headers, payload, ..bare(body.arrival(range.end), raw, problem) }
}

fn split_event_stream(body: &Body) -> Vec<WireFrame> {
    let (mut decoder, mut completed, mut frames, mut consumed) =
        (EventStreamDecoder::new(), Vec::new(), Vec::new(), 0_usize);
    let mut start = 0;
    for (&at, &end) in body.times.iter().zip(&body.ends) {
        let fed = decoder.feed(&body.bytes[start..end], &mut completed);
        start = end;
        for frame in completed.drain(..) {
            // The prelude's first `u32` is the whole message's length.
            let prelude =
                body.bytes.get(consumed..consumed.saturating_add(4)).and_then(|b| <[u8; 4]>::try_from(b).ok());
            let len = prelude.and_then(|prelude| usize::try_from(u32::from_be_bytes(prelude)).ok()).unwrap_or(0);
            let stop = consumed.saturating_add(len).min(end);
            frames.push(event_frame(body.bytes.slice(consumed..stop), at, &frame));
            consumed = stop;
        }
        if let Err(fault) = fed {
            let detail = match fault {
                StreamFault::Framing { detail } => detail,
                other => format!("{other:?}"),
            };
            frames.push(body.rest(consumed, detail));
            return frames;
        }
    }
    if let Some(left) = body.bytes.len().checked_sub(consumed).filter(|&left| left > 0) {
        frames.push(body.rest(consumed, format!("{left} bytes left at the end of the body, not a whole frame")));
    }
    frames
}

fn event_frame(raw: Bytes, at: Duration, frame: &Frame) -> WireFrame {
    let headers = frame.headers().iter().map(|h| (h.name().as_str().to_owned(), header_text(h.value()))).collect();
    let (payload, inner) = (lossy(frame.payload()), invoke_inner(frame.payload()));
    WireFrame { headers, payload, inner, ..bare(at, raw, None) }
}

/// A header value as readable text.
fn header_text(value: &HeaderValue) -> String {
    match value {
        HeaderValue::String(text) => text.as_str().to_owned(),
        HeaderValue::Bool(flag) => flag.to_string(),
        HeaderValue::Byte(number) => number.to_string(),
        HeaderValue::Int16(number) => number.to_string(),
        HeaderValue::Int32(number) => number.to_string(),
        HeaderValue::Int64(number) => number.to_string(),
        HeaderValue::ByteArray(bytes) => STANDARD.encode(bytes),
        HeaderValue::Timestamp(time) => time.to_string(),
        HeaderValue::Uuid(id) => {
            let hex = format!("{id:032x}");
            [0..8, 8..12, 12..16, 16..20, 20..32].map(|part| hex.get(part).unwrap_or_default()).join("-")
        }
        other => format!("{other:?}"),
    }
}

/// The inner JSON of an `InvokeModel` chunk payload, `{"bytes":"<base64>"}`.
fn invoke_inner(payload: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(payload).ok()?;
    let encoded = value.as_object()?.get("bytes")?.as_str()?;
    String::from_utf8(STANDARD.decode(encoded).ok()?).ok()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests;
