//! Decodes a `streamGenerateContent?alt=sse` body into neutral events.
//!
//! CONTRACT: one decoder per response body; `feed` takes any byte chunks, `finish` is called
//! once when the body ends.
//! - Each `data:` event is a `GenerateContentResponse`. The first chunk naming a `responseId`
//!   or `modelVersion` gives `Metadata`; the first candidate's parts give text, thinking and
//!   tool-call deltas; `usageMetadata` (running totals) gives `Usage`; a `finishReason` gives
//!   `StopReason` (table at `chunk::stop_reason`), as does a prompt blocked by
//!   `promptFeedback.blockReason` with no candidates. `usageMetadata.trafficType` gives
//!   `Served` with the tier (`chunk::UsageMetadata::served_tier`), once, and again only if
//!   it changes (Vertex repeats it on every chunk).
//! - The stream is complete once a finish reason or a block arrived; there is no end marker,
//!   so `finish` adds `Done` then. Chunks after that are still decoded.
//! - A Google error, as a `data:` event or as bare JSON outside any event (see `framing`), is
//!   `Provider { error_type: status, message }`; JSON that is neither is `Malformed`.
//! - Events decoded before a fault in the same `feed` are returned first and the fault on the
//!   next call, so the caller sees the same events and fault however the body was chunked
//!   (except in `finish`, which can only return the fault). After a fault every call returns
//!   it again.

use crate::routes::event::StreamEvent;
use crate::routes::google_error::{GoogleError, parse_google_error};
use crate::routes::wire::StreamFault;

use super::chunk::{Chunk, PromptFeedback, stop_reason};
use super::framing::{Framing, Piece};

/// How much of an offending payload a `Malformed` detail quotes.
const MAX_QUOTED_CHARS: usize = 200;

/// Per-response decoding state.
#[derive(Debug, Default)]
pub struct GeminiStreamDecoder {
    framing: Framing,
    pieces: Vec<Piece>,
    metadata_sent: bool,
    /// The tier last reported as `Served`.
    served_tier: Option<String>,
    complete: bool,
    done_sent: bool,
    fault: Option<StreamFault>,
}

impl GeminiStreamDecoder {
    /// A decoder for a new response body.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode the next chunk of the body.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        self.framing.feed(bytes, &mut self.pieces);
        self.decode_pieces()
    }

    /// The body ended: decode what is left, then `Done` if the stream was complete.
    pub fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        self.earlier_fault()?;
        self.framing.finish(&mut self.pieces);
        let mut events = self.decode_pieces()?;
        self.earlier_fault()?;
        if self.complete && !std::mem::replace(&mut self.done_sent, true) {
            events.push(StreamEvent::Done);
        }
        Ok(events)
    }

    /// Whether a candidate carried a `finishReason` or the prompt was blocked.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    fn earlier_fault(&self) -> Result<(), StreamFault> {
        self.fault.clone().map_or(Ok(()), Err)
    }

    /// Decode the pieces split so far, keeping a fault for later if events precede it.
    fn decode_pieces(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        let mut events = Vec::new();
        for piece in std::mem::take(&mut self.pieces) {
            let decoded = match piece {
                Piece::Data(data) => parse_chunk(&data).and_then(|chunk| self.decode_chunk(chunk, &mut events)),
                Piece::Bare(bytes) => Err(bare_fault(&bytes)),
                Piece::Fault(fault) => Err(fault),
            };
            if let Err(fault) = decoded {
                self.fault = Some(fault.clone());
                return if events.is_empty() { Err(fault) } else { Ok(events) };
            }
        }
        Ok(events)
    }

    fn decode_chunk(&mut self, chunk: Chunk, out: &mut Vec<StreamEvent>) -> Result<(), StreamFault> {
        if let Some(error) = chunk.error {
            return Err(provider_fault(error));
        }
        if !self.metadata_sent && (chunk.response_id.is_some() || chunk.model_version.is_some()) {
            self.metadata_sent = true;
            out.push(StreamEvent::Metadata { message_id: chunk.response_id, model: chunk.model_version });
        }
        let candidate = chunk.candidates.and_then(|candidates| candidates.into_iter().next());
        let blocked = match candidate {
            Some(candidate) => {
                let parts = candidate.content.and_then(|content| content.parts).unwrap_or_default();
                for part in parts {
                    part.push_events(out);
                }
                candidate.finish_reason.map(|reason| stop_reason(&reason))
            }
            None => chunk.prompt_feedback.and_then(PromptFeedback::blocked),
        };
        if let Some(reason) = blocked {
            self.complete = true;
            out.push(StreamEvent::StopReason(reason));
        }
        if let Some(usage) = chunk.usage_metadata {
            out.extend(usage.usage().map(StreamEvent::Usage));
            let tier = usage.served_tier();
            if tier.is_some() && tier != self.served_tier {
                self.served_tier.clone_from(&tier);
                out.push(StreamEvent::Served { service_tier: tier, latency: None });
            }
        }
        Ok(())
    }
}

/// Parse one `data:` payload. A payload that is no chunk may still be a Google error in
/// another shape (wrapped in an array), which is worth more than "malformed".
fn parse_chunk(data: &str) -> Result<Chunk, StreamFault> {
    serde_json::from_str(data).map_err(|err| match parse_google_error(data.as_bytes()) {
        Some(error) => provider_fault(error),
        None => StreamFault::Malformed { detail: format!("Gemini stream chunk: {err}; data: {}", quote(data)) },
    })
}

fn bare_fault(bytes: &[u8]) -> StreamFault {
    parse_google_error(bytes).map_or_else(
        || StreamFault::Malformed {
            detail: format!(
                "JSON outside any `data:` event that is not a Google error: {}",
                quote(&String::from_utf8_lossy(bytes))
            ),
        },
        provider_fault,
    )
}

/// A Google error as a provider fault; `UNKNOWN` (the RPC status of unknown errors) stands in
/// for a missing status.
fn provider_fault(error: GoogleError) -> StreamFault {
    let error_type = if error.status.is_empty() { "UNKNOWN".to_owned() } else { error.status };
    StreamFault::Provider { error_type, message: error.message }
}

/// The start of `data`, cut at a char boundary, marked when cut.
fn quote(data: &str) -> String {
    match data.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &data[..cut]),
        None => data.to_owned(),
    }
}
