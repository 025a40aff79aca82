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
use bytes::{Bytes, BytesMut};

use super::ReceivedChunk;
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
    /// from the route: `BedrockInvoke` and `BedrockConverse` are `EventStream`, the others `Sse`.
    #[must_use]
    pub fn of(content_type: Option<&str>, route: RouteId) -> Self {
        let essence = content_type.map(|value| value.split_once(';').map_or(value, |(mime, _)| mime).trim());
        match essence {
            Some(mime) if mime.eq_ignore_ascii_case("application/vnd.amazon.eventstream") => Self::EventStream,
            Some(mime) if mime.eq_ignore_ascii_case("text/event-stream") => Self::Sse,
            _ if matches!(route, RouteId::BedrockInvoke | RouteId::BedrockConverse) => Self::EventStream,
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

/// `chunks` split into the frames they carried, in order.
#[must_use]
pub fn split(framing: Framing, chunks: &[ReceivedChunk]) -> Vec<WireFrame> {
    let body = Body::new(chunks);
    match framing {
        Framing::Sse => split_sse(&body),
        Framing::EventStream => split_event_stream(&body),
    }
}

/// The chunks joined, with where each ends in the joined bytes.
struct Body<'a> {
    chunks: &'a [ReceivedChunk],
    bytes: Bytes,
    ends: Vec<usize>,
}

impl<'a> Body<'a> {
    fn new(chunks: &'a [ReceivedChunk]) -> Self {
        let mut joined = BytesMut::with_capacity(chunks.iter().map(|chunk| chunk.bytes.len()).sum());
        let ends = chunks
            .iter()
            .map(|chunk| {
                joined.extend_from_slice(&chunk.bytes);
                joined.len()
            })
            .collect();
        Self { chunks, bytes: joined.freeze(), ends }
    }

    /// When the byte just before offset `end` arrived.
    fn arrival(&self, end: usize) -> Duration {
        let index = self.ends.partition_point(|&chunk_end| chunk_end < end);
        self.chunks.get(index).map_or(Duration::ZERO, |chunk| chunk.at)
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
    for (chunk, &end) in body.chunks.iter().zip(&body.ends) {
        let fed = decoder.feed(&chunk.bytes, &mut completed);
        for frame in completed.drain(..) {
            // The prelude's first `u32` is the whole message's length.
            let prelude =
                body.bytes.get(consumed..consumed.saturating_add(4)).and_then(|b| <[u8; 4]>::try_from(b).ok());
            let len = prelude.and_then(|prelude| usize::try_from(u32::from_be_bytes(prelude)).ok()).unwrap_or(0);
            let stop = consumed.saturating_add(len).min(end);
            frames.push(event_frame(body.bytes.slice(consumed..stop), chunk.at, &frame));
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
mod tests {
    use super::*;
    use crate::routes::framing::eventstream::testing::encode;

    fn chunk(at_ms: u64, bytes: &[u8]) -> ReceivedChunk {
        ReceivedChunk { at: Duration::from_millis(at_ms), bytes: Bytes::copy_from_slice(bytes) }
    }

    fn joined(frames: &[WireFrame]) -> Vec<u8> {
        frames.iter().flat_map(|frame| frame.raw.iter().copied()).collect()
    }

    /// Everything but `at`: what must not depend on where the chunks were cut.
    fn content(frames: &[WireFrame]) -> Vec<WireFrame> {
        frames.iter().map(|frame| WireFrame { at: Duration::ZERO, ..frame.clone() }).collect()
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|&(name, value)| (name.to_owned(), value.to_owned())).collect()
    }

    const ANTHROPIC: &str = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n: ping\n\n\
        event: content_block_delta\nid: 7\ndata: {\"a\":\ndata: 1}\n\n\nevent: message_stop\ndata: {}\n\n";

    #[test]
    fn sse_frames_do_not_depend_on_chunk_cuts() {
        let body = ANTHROPIC.as_bytes();
        let whole = split(Framing::Sse, &[chunk(5, body)]);
        assert_eq!(whole.len(), 4);
        assert_eq!(whole[0].headers, pairs(&[("event", "message_start")]));
        assert_eq!(whole[0].payload, "{\"type\":\"message_start\"}");
        assert_eq!((whole[1].headers.clone(), whole[1].payload.as_str()), (pairs(&[(":", "ping")]), ""));
        assert_eq!(whole[2].headers, pairs(&[("event", "content_block_delta"), ("id", "7")]));
        assert_eq!(whole[2].payload, "{\"a\":\n1}");
        // The stray blank line leads the next frame.
        assert!(whole[3].raw.starts_with(b"\nevent: message_stop"));
        assert!(whole.iter().all(|frame| frame.problem.is_none() && frame.inner.is_none()));
        for cut in 0..=body.len() {
            let frames = split(Framing::Sse, &[chunk(1, &body[..cut]), chunk(2, &body[cut..])]);
            assert_eq!(content(&frames), content(&whole), "cut {cut}");
            let mut end = 0;
            for frame in &frames {
                end += frame.raw.len();
                assert_eq!(frame.at, Duration::from_millis(if end <= cut { 1 } else { 2 }), "cut {cut}");
            }
            assert_eq!(joined(&frames), body);
        }
    }

    #[test]
    fn sse_crlf_and_cr_line_ends() {
        let lf = split(Framing::Sse, &[chunk(0, ANTHROPIC.as_bytes())]);
        for ending in ["\r\n", "\r"] {
            let body = ANTHROPIC.replace('\n', ending);
            let frames = split(Framing::Sse, &[chunk(0, body.as_bytes())]);
            let fields = |frames: &[WireFrame]| {
                frames.iter().map(|f| (f.headers.clone(), f.payload.clone())).collect::<Vec<_>>()
            };
            assert_eq!(fields(&frames), fields(&lf), "{ending:?}");
            assert_eq!(joined(&frames), body.as_bytes());
        }
        // A CRLF split across chunks stays whole in the frame it ends, which its `\n` completes.
        let frames = split(Framing::Sse, &[chunk(1, b"data: 1\r\n\r"), chunk(2, b"\ndata: 2\r\n\r\n")]);
        assert_eq!(frames.len(), 2);
        assert_eq!((&frames[0].raw[..], frames[0].at), (&b"data: 1\r\n\r\n"[..], Duration::from_millis(2)));
        assert_eq!(frames[1].payload, "2");
    }

    #[test]
    fn sse_unfinished_ends_and_bom() {
        for body in ["data: 1\n\ndata: 2\n", "data: 1\n\ndata: 2", "data: 1\n\n: bye"] {
            let frames = split(Framing::Sse, &[chunk(0, body.as_bytes())]);
            assert_eq!(frames.len(), 2, "{body:?}");
            assert_eq!(frames[1].problem.as_deref(), Some("no blank line after the last event"), "{body:?}");
        }
        assert_eq!(split(Framing::Sse, &[chunk(0, b"data: 1\n\ndata: 2")])[1].payload, "2");
        // Blank lines after the last event are a frame of their own, with nothing wrong.
        let frames = split(Framing::Sse, &[chunk(1, b"data: 1\n\n"), chunk(2, b"\n\r\n")]);
        assert_eq!((frames.len(), frames[0].at, frames[1].problem.clone()), (2, Duration::from_millis(1), None));
        let frames = split(Framing::Sse, &[chunk(0, b"\xEF\xBB\xBFevent: a\ndata: 1\n\n\xEF\xBB\xBFdata: 2\n\n")]);
        assert!(frames[0].raw.starts_with(BOM));
        assert_eq!((frames[0].headers.clone(), frames[0].payload.as_str()), (pairs(&[("event", "a")]), "1"));
        assert_eq!((frames[1].headers.clone(), frames[1].payload.as_str()), (pairs(&[("\u{feff}data", "2")]), ""));
        assert!(split(Framing::Sse, &[]).is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_lose_nothing() {
        let alphabet = b"\r\n:data event id retry\xEF\xBB\xBF\xFF\x00\x01";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let frame = encode(&[(":event-type", "chunk")], "{\"bytes\":\"eyJ9\"}");
        for round in 0..300 {
            let mut body: Vec<u8> = (0..next() % 64).map(|_| alphabet[next() as usize % alphabet.len()]).collect();
            if round % 3 == 0 {
                body = [frame.as_slice(), &body, &frame].concat();
            }
            let cuts = [(next() as usize) % (body.len() + 1), (next() as usize) % (body.len() + 1)];
            let (a, b) = (cuts[0].min(cuts[1]), cuts[0].max(cuts[1]));
            let chunks = [chunk(1, &body[..a]), chunk(2, &body[a..b]), chunk(3, &body[b..])];
            for framing in [Framing::Sse, Framing::EventStream] {
                assert_eq!(joined(&split(framing, &chunks)), body, "{framing:?} {body:?}");
            }
            let text = String::from_utf8_lossy(&body);
            let _ = Framing::of(Some(&text), RouteId::Anthropic);
        }
    }

    fn invoke_chunk(inner: &str) -> Vec<u8> {
        let payload = format!("{{\"bytes\":\"{}\"}}", STANDARD.encode(inner));
        let headers = [(":event-type", "chunk"), (":content-type", "application/json"), (":message-type", "event")];
        encode(&headers, payload)
    }

    #[test]
    fn event_stream_frames_with_inner_json_and_arrival() {
        let (one, two) = (invoke_chunk("{\"type\":\"message_stop\"}"), encode(&[(":event-type", "x")], "plain"));
        let body = [one.as_slice(), &two].concat();
        let cut = one.len() + 3;
        let frames =
            split(Framing::EventStream, &[chunk(1, &body[..5]), chunk(2, &body[5..cut]), chunk(3, &body[cut..])]);
        assert_eq!(frames.len(), 2);
        assert_eq!((&frames[0].raw[..], frames[0].at), (&one[..], Duration::from_millis(2)));
        assert_eq!(frames[0].inner.as_deref(), Some("{\"type\":\"message_stop\"}"));
        assert_eq!(frames[0].headers[0], (":event-type".to_owned(), "chunk".to_owned()));
        assert_eq!((&frames[1].raw[..], frames[1].at), (&two[..], Duration::from_millis(3)));
        assert_eq!(
            (frames[1].payload.as_str(), frames[1].inner.clone(), frames[1].problem.clone()),
            ("plain", None, None)
        );
    }

    #[test]
    fn event_stream_faults_and_leftovers() {
        let good = invoke_chunk("{}");
        let mut bad = good.clone();
        *bad.last_mut().expect("bytes") ^= 1;
        let body = [good.as_slice(), &bad, &good].concat();
        let frames =
            split(Framing::EventStream, &[chunk(1, &body[..good.len() + 4]), chunk(2, &body[good.len() + 4..])]);
        assert_eq!(frames.len(), 2);
        assert!(frames[1].problem.as_deref().is_some_and(|p| p.contains("checksum")), "{:?}", frames[1].problem);
        assert_eq!((frames[1].raw.len(), frames[1].at), (body.len() - good.len(), Duration::from_millis(2)));

        let body = [good.as_slice(), &good[..10]].concat();
        let frames = split(Framing::EventStream, &[chunk(1, &body)]);
        assert_eq!(frames.len(), 2);
        assert_eq!(frames[1].problem.as_deref(), Some("10 bytes left at the end of the body, not a whole frame"));
        assert_eq!(joined(&frames), body);
    }

    #[test]
    fn header_values_read_as_text() {
        let uuid = HeaderValue::Uuid(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff);
        assert_eq!(header_text(&uuid), "00112233-4455-6677-8899-aabbccddeeff");
        assert_eq!(header_text(&HeaderValue::ByteArray(Bytes::from_static(b"hi"))), "aGk=");
        let time = HeaderValue::Timestamp(aws_smithy_types::DateTime::from_secs(0));
        assert_eq!(header_text(&time), "1970-01-01T00:00:00Z");
        assert_eq!(header_text(&HeaderValue::Int64(-3)), "-3");
    }

    #[test]
    fn framing_from_content_type_then_route() {
        let cases = [
            (Some("application/vnd.amazon.eventstream"), RouteId::Anthropic, Framing::EventStream),
            (Some("Text/Event-Stream; charset=utf-8"), RouteId::BedrockInvoke, Framing::Sse),
            (Some(" APPLICATION/VND.AMAZON.EVENTSTREAM ;x=1"), RouteId::GeminiApi, Framing::EventStream),
            (Some("application/json"), RouteId::BedrockConverse, Framing::EventStream),
            (None, RouteId::BedrockInvoke, Framing::EventStream),
            (None, RouteId::VertexClaude, Framing::Sse),
            (Some(""), RouteId::Emulator, Framing::Sse),
        ];
        for (content_type, route, expected) in cases {
            assert_eq!(Framing::of(content_type, route), expected, "{content_type:?} {route:?}");
        }
    }
}
