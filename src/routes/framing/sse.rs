//! Incremental Server-Sent Events decoder (WHATWG event-stream algorithm).
//!
//! CONTRACT (to be implemented):
//! - `feed` takes any byte chunk (boundaries anywhere, even inside a UTF-8 sequence or a CRLF)
//!   and pushes every event completed by it; work is linear in the bytes fed (never rescans).
//! - Lines end with `\n`, `\r` or `\r\n`; a blank line dispatches the event; `data:` lines
//!   join with `\n`; a single space after the colon is dropped; lines starting with `:` are
//!   comments; `event`, `data`, `id`, `retry` fields; other fields ignored.
//! - `finish` is called at end of body: dispatches a pending event that has data but lacked
//!   its blank line (recordings often end without one).

/// One dispatched event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field, if any.
    pub event: Option<String>,
    /// All `data:` lines joined with `\n`.
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<u64>,
}

/// Incremental decoder; keep one per response body.
#[derive(Debug, Default)]
pub struct SseDecoder {}

impl SseDecoder {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed the next chunk of the body; completed events are pushed to `out`.
    pub fn feed(&mut self, _bytes: &[u8], _out: &mut Vec<SseEvent>) {}

    /// The body ended: flush a final event that had no terminating blank line.
    pub fn finish(&mut self, _out: &mut Vec<SseEvent>) {}
}
