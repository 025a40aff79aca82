//! Splits a Gemini response body into `data:` payloads and bare JSON values.
//!
//! Why not the SSE decoder alone: once a stream has started, Google reports an error as a
//! bare, pretty-printed JSON object with no `data:` prefix (GENAI `_api_client.py`; FB
//! `vertexai/streaming-failure-error-mid-stream.txt`), and a whole body can be such an object.
//! The SSE decoder reads each of its lines as an unknown field and drops it.
//!
//! Why not a wrapper that feeds the SSE decoder and also watches the lines: it would have to
//! guess which came first, a bare value it saw complete or an event the decoder still holds
//! back for its blank line. Here one splitter owns the lines (`\n`, `\r`, `\r\n`, also split
//! across chunks) and routes each complete line once, in body order:
//! - a line whose first non-blank byte is `{` or `[` starts a bare value, which takes the
//!   following lines until its brackets balance. Brackets are counted as each line is taken,
//!   skipping strings and escapes, so the value is never rescanned;
//! - every other line goes on to the `SseDecoder`, followed by `\n`, so the event-stream
//!   rules (multi-line `data:`, comments, BOM) stay in one place.
//!
//! To the event-stream format a line starting with `{` is a field to ignore, so taking it
//! away loses nothing. Before a bare value starts, the SSE decoder gets a blank line, so an
//! event still waiting for its own blank line keeps its place before the value. Work is linear
//! in the body: each byte is looked at by this splitter, then by either the SSE decoder or the
//! bracket count, a fixed number of times in all.
//!
//! A line or a bare value longer than the SSE decoder's [`MAX_EVENT_BYTES`] (or an event the
//! decoder refuses) ends the splitting with one `Piece::Fault`: nothing grows without bound.

use crate::routes::framing::sse::{MAX_EVENT_BYTES, SseDecoder, SseEvent};
use crate::routes::wire::StreamFault;

/// The UTF-8 byte order mark, which may open the body.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One unit of the body, in body order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// The data of an SSE event (blank data is dropped).
    Data(String),
    /// A JSON value outside any event, as received; incomplete if the body ended inside it.
    Bare(Vec<u8>),
    /// A line, bare value or event passed its limit; it is the last piece.
    Fault(StreamFault),
}

/// Incremental splitter; one per response body.
#[derive(Debug, Default)]
pub(super) struct Framing {
    sse: SseDecoder,
    /// The unfinished line the last chunk ended with.
    line: Vec<u8>,
    /// The last chunk ended with `\r`: a `\n` opening the next one ends no further line.
    after_cr: bool,
    /// The bare value being collected, if one has started.
    bare: Option<BareValue>,
    /// Scratch space for the SSE decoder's output.
    events: Vec<SseEvent>,
    /// A limit was passed and reported: the rest of the body is ignored.
    failed: bool,
}

impl Framing {
    /// Split the next chunk of the body, pushing every completed piece to `out`.
    pub(super) fn feed(&mut self, bytes: &[u8], out: &mut Vec<Piece>) {
        if self.failed {
            return;
        }
        let mut rest = bytes;
        if !rest.is_empty() && std::mem::take(&mut self.after_cr) {
            rest = rest.strip_prefix(b"\n").unwrap_or(rest);
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            if !self.fits(self.line.len() + end, "line", out) {
                return;
            }
            if self.line.is_empty() {
                self.take_line(&rest[..end], out);
            } else {
                // Lend the buffer out, then put it back to keep its capacity.
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&rest[..end]);
                self.take_line(&line, out);
                line.clear();
                self.line = line;
            }
            let terminator = rest[end];
            rest = &rest[end + 1..];
            if terminator == b'\r' {
                match rest {
                    [] => self.after_cr = true,
                    [b'\n', tail @ ..] => rest = tail,
                    _ => {}
                }
            }
            if self.failed {
                return;
            }
        }
        if self.fits(self.line.len() + rest.len(), "line", out) {
            self.line.extend_from_slice(rest);
        }
    }

    /// Whether `len` bytes of a `what` are within the limit; pushes the fault when not.
    fn fits(&mut self, len: usize, what: &str, out: &mut Vec<Piece>) -> bool {
        if len <= MAX_EVENT_BYTES {
            return true;
        }
        let limit = MAX_EVENT_BYTES / (1024 * 1024);
        self.fail(
            StreamFault::Framing {
                detail: format!("a {what} passed {limit} MiB, the most one line or value may hold (a fixed limit)"),
            },
            out,
        );
        false
    }

    fn fail(&mut self, fault: StreamFault, out: &mut Vec<Piece>) {
        self.failed = true;
        self.bare = None;
        self.line = Vec::new();
        out.push(Piece::Fault(fault));
    }

    /// The body ended: flush the last line, a bare value cut short, and the last event.
    pub(super) fn finish(&mut self, out: &mut Vec<Piece>) {
        if self.failed {
            return;
        }
        let line = std::mem::take(&mut self.line);
        if !line.is_empty() {
            self.take_line(&line, out);
        }
        if let Some(bare) = self.bare.take() {
            out.push(Piece::Bare(bare.text));
        }
        self.sse.finish(&mut self.events);
        self.drain_events(out);
        *self = Self::default();
    }

    /// Route one complete line (without its line end).
    fn take_line(&mut self, line: &[u8], out: &mut Vec<Piece>) {
        if let Some(bare) = &mut self.bare {
            let len = bare.text.len() + line.len();
            if !self.fits(len, "bare JSON value", out) {
                return;
            }
            let Some(bare) = &mut self.bare else { return };
            if bare.take_line(line) {
                out.extend(self.bare.take().map(|bare| Piece::Bare(bare.text)));
            }
        } else if let Some(start) = bare_start(line) {
            self.sse.feed(b"\n", &mut self.events);
            self.drain_events(out);
            if self.failed {
                return;
            }
            let mut bare = BareValue::default();
            if bare.take_line(start) {
                out.push(Piece::Bare(bare.text));
            } else {
                self.bare = Some(bare);
            }
        } else {
            self.sse.feed(line, &mut self.events);
            self.sse.feed(b"\n", &mut self.events);
            self.drain_events(out);
        }
    }

    fn drain_events(&mut self, out: &mut Vec<Piece>) {
        let data = self.events.drain(..).map(|event| event.data);
        out.extend(data.filter(|data| !data.trim().is_empty()).map(Piece::Data));
        if let Some(fault) = self.sse.fault().cloned() {
            self.fail(fault, out);
        }
    }
}

/// The line without a leading BOM, when it opens a JSON object or array.
fn bare_start(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_prefix(BOM).unwrap_or(line);
    let first = line.iter().find(|byte| !byte.is_ascii_whitespace())?;
    matches!(first, b'{' | b'[').then_some(line)
}

/// A JSON value arriving line by line, with what is needed to see where it ends.
#[derive(Debug, Default)]
struct BareValue {
    text: Vec<u8>,
    /// Brackets opened and not yet closed.
    depth: usize,
    in_string: bool,
    /// The previous byte was a backslash inside a string.
    escaped: bool,
}

impl BareValue {
    /// Add a line; true when the value's brackets have balanced at its end.
    fn take_line(&mut self, line: &[u8]) -> bool {
        for &byte in line {
            if self.in_string {
                match byte {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
            } else {
                match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        self.text.extend_from_slice(line);
        self.text.push(b'\n');
        self.depth == 0
    }
}

#[cfg(test)]
mod tests;
