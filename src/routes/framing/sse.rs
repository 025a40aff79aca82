//! Incremental Server-Sent Events decoder (WHATWG event-stream algorithm).
//!
//! CONTRACT:
//! - `feed` takes any byte chunk (boundaries anywhere, even inside a UTF-8 sequence or a CRLF)
//!   and pushes every event completed by it; work is linear in the bytes fed (never rescans).
//! - Lines end with `\n`, `\r` or `\r\n`; a blank line dispatches the event; `data:` lines
//!   join with `\n`; a single space after the colon is dropped; lines starting with `:` are
//!   comments; `event`, `data`, `id`, `retry` fields; other fields ignored.
//! - `finish` is called at end of body: dispatches a pending event that has data but lacked
//!   its blank line (recordings often end without one).
//!
//! - A line, or an event's data, longer than [`MAX_EVENT_BYTES`] is a fault (`fault` reports
//!   it): the decoder stops taking bytes instead of buffering a hostile server's endless line.
//!
//! Two deliberate departures from WHATWG, both matching the Anthropic SDKs: an event that
//! has an `event:`, `id:` or `retry:` field but no `data:` line is still dispatched (with
//! empty data), because Anthropic sends `event: ping` that way; and `finish` flushes instead
//! of discarding the last event.

use crate::routes::wire::StreamFault;

/// The UTF-8 byte order mark, which WHATWG says to drop at the very start of the stream.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The longest line, and the most data in one event, the decoder holds: 16 MiB. A real event
/// is a few KiB; AWS event-stream frames are bounded alike (botocore's 24 MiB payload).
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// One dispatched event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, if any.
    pub event: Option<String>,
    /// All `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen in the stream so far (it carries over to later events, as the
    /// spec's "last event ID" does).
    pub id: Option<String>,
    /// The `retry:` field of this event, if it was a valid integer.
    pub retry: Option<u64>,
}

/// Incremental decoder; keep one per response body.
#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of the line that the last chunk left unfinished; never rescanned.
    partial_line: Vec<u8>,
    /// The last chunk ended with `\r`, so a `\n` opening the next chunk belongs to that line
    /// end rather than ending an empty line.
    after_cr: bool,
    /// At least one line was completed, so a BOM can no longer appear.
    past_first_line: bool,
    /// The event being assembled; `None` until a field line arrives, so a blank line
    /// after nothing (or after comments) dispatches nothing.
    pending: Option<PendingEvent>,
    /// The last event ID, kept across events.
    last_id: Option<String>,
    /// A line or an event passed [`MAX_EVENT_BYTES`]; nothing more is decoded.
    fault: Option<StreamFault>,
}

/// The fields of an event whose blank line has not come yet.
#[derive(Debug, Default)]
struct PendingEvent {
    event: Option<String>,
    /// `None` until a `data:` line arrives: an empty `data:` line still counts.
    data: Option<String>,
    retry: Option<u64>,
}

impl PendingEvent {
    /// Append one `data:` line's value, joining lines with `\n`.
    fn push_data(&mut self, value: &[u8]) {
        let value = text(value);
        match &mut self.data {
            Some(data) => {
                data.push('\n');
                data.push_str(&value);
            }
            None => self.data = Some(value.into_owned()),
        }
    }
}

impl SseDecoder {
    /// A decoder at the start of a body.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed the next chunk of the body; completed events are pushed to `out`. After a
    /// [`fault`](Self::fault) the bytes are ignored.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) {
        let mut rest = self.skip_lf_after_cr(bytes);
        while let Some(end) = memchr::memchr2(b'\n', b'\r', rest) {
            if self.fault.is_some() {
                return;
            }
            self.complete_line(&rest[..end], out);
            rest = self.after_line_end(rest[end], &rest[end + 1..]);
        }
        if self.fault.is_none() && self.fits(self.partial_line.len(), rest.len(), "line") {
            self.partial_line.extend_from_slice(rest);
        }
    }

    /// The body ended: flush a final event that had no terminating blank line. A fault stays.
    pub fn finish(&mut self, out: &mut Vec<SseEvent>) {
        if self.fault.is_none() && !self.partial_line.is_empty() {
            let line = std::mem::take(&mut self.partial_line);
            self.process_line(&line, out);
        }
        if self.fault.is_none() && self.pending.as_ref().is_some_and(|pending| pending.data.is_some()) {
            self.dispatch(out);
        }
        let fault = self.fault.take();
        *self = Self { fault, ..Self::default() };
    }

    /// Why decoding stopped: a line or an event's data passed [`MAX_EVENT_BYTES`].
    #[must_use]
    pub fn fault(&self) -> Option<&StreamFault> {
        self.fault.as_ref()
    }

    /// Whether `held` bytes of a `what` (line or event) can take `more`; records the fault
    /// when they cannot.
    fn fits(&mut self, held: usize, more: usize, what: &str) -> bool {
        if held.saturating_add(more) <= MAX_EVENT_BYTES {
            return true;
        }
        let limit = MAX_EVENT_BYTES / (1024 * 1024);
        self.fault = Some(StreamFault::Framing {
            detail: format!("an SSE {what} passed {limit} MiB, the most one line or event may hold (a fixed limit)"),
        });
        false
    }

    /// Drop a `\n` that completes a CRLF whose `\r` ended the previous chunk.
    fn skip_lf_after_cr<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        if bytes.is_empty() {
            return bytes;
        }
        let after_cr = std::mem::take(&mut self.after_cr);
        match bytes {
            [b'\n', rest @ ..] if after_cr => rest,
            _ => bytes,
        }
    }

    /// The bytes after a line end `terminator`: a `\r` swallows a following `\n`, or, at the
    /// end of the chunk, remembers to swallow one at the start of the next.
    fn after_line_end<'a>(&mut self, terminator: u8, rest: &'a [u8]) -> &'a [u8] {
        if terminator != b'\r' {
            return rest;
        }
        match rest {
            [] => {
                self.after_cr = true;
                rest
            }
            [b'\n', tail @ ..] => tail,
            _ => rest,
        }
    }

    /// Finish the current line with its last `tail` bytes and interpret it.
    fn complete_line(&mut self, tail: &[u8], out: &mut Vec<SseEvent>) {
        if !self.fits(self.partial_line.len(), tail.len(), "line") {
            return;
        }
        if self.partial_line.is_empty() {
            self.process_line(tail, out);
        } else {
            // Take the buffer to lend it out, then put it back to keep its capacity.
            let mut line = std::mem::take(&mut self.partial_line);
            line.extend_from_slice(tail);
            self.process_line(&line, out);
            line.clear();
            self.partial_line = line;
        }
    }

    /// Interpret one complete line (without its line end).
    fn process_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        let line = self.strip_bom(line);
        match line {
            [] => self.dispatch(out),
            [b':', ..] => {}
            _ => {
                let (field, value) = split_field(line);
                self.apply_field(field, value);
            }
        }
    }

    /// Drop a BOM from the first line of the stream. Doing it per line (not per chunk)
    /// handles a BOM split across chunks for free.
    fn strip_bom<'a>(&mut self, line: &'a [u8]) -> &'a [u8] {
        if std::mem::replace(&mut self.past_first_line, true) { line } else { line.strip_prefix(BOM).unwrap_or(line) }
    }

    /// Record one `field: value` line in the pending event.
    fn apply_field(&mut self, field: &[u8], value: &[u8]) {
        match field {
            b"event" => self.pending_mut().event = Some(lossy(value)),
            b"data" => {
                let held = self.pending.as_ref().and_then(|pending| pending.data.as_ref()).map_or(0, String::len);
                if self.fits(held, value.len() + 1, "event") {
                    self.pending_mut().push_data(value);
                }
            }
            // Per spec an id containing NUL is ignored; an empty id resets the last event ID.
            b"id" if !value.contains(&0) => {
                self.last_id = (!value.is_empty()).then(|| lossy(value));
                // An `id:` line alone is enough to make an event.
                self.pending_mut();
            }
            // A retry that is not all digits is ignored, as are unknown fields.
            b"retry" => {
                if let Some(retry) = parse_retry(value) {
                    self.pending_mut().retry = Some(retry);
                }
            }
            _ => {}
        }
    }

    /// The pending event, started by the field line being applied.
    fn pending_mut(&mut self) -> &mut PendingEvent {
        self.pending.get_or_insert_default()
    }

    /// A blank line: push the pending event, if any field was set, and start a new one.
    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        if let Some(pending) = self.pending.take() {
            out.push(SseEvent {
                event: pending.event,
                data: pending.data.unwrap_or_default(),
                id: self.last_id.clone(),
                retry: pending.retry,
            });
        }
    }
}

/// Split `field:value` at the first colon, dropping one space after it; a line without a
/// colon is a field with an empty value.
fn split_field(line: &[u8]) -> (&[u8], &[u8]) {
    match line.iter().position(|&b| b == b':') {
        Some(colon) => {
            let value = &line[colon + 1..];
            (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
        }
        None => (line, &[]),
    }
}

/// A `retry:` value: ASCII digits only, as the spec requires.
fn parse_retry(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

fn lossy(bytes: &[u8]) -> String {
    text(bytes).into_owned()
}

/// `bytes` as text, invalid UTF-8 replaced: checked with `str::from_utf8` first, whose ASCII
/// path is several times faster than the lossy scan a valid line (nearly every line) needs not.
fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests;
