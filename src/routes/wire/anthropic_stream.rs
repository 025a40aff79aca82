//! Decodes Anthropic Messages SSE events into neutral `StreamEvent`s.
//!
//! CONTRACT (to be implemented): one decoder per response. `decode` takes one SSE event and
//! returns the neutral events it carries, or a fault that ends the run. Unknown event and
//! delta types are skipped. `is_complete` is true once `message_stop` was seen.

use crate::routes::event::StreamEvent;
use crate::routes::framing::sse::SseEvent;

/// Why a stream cannot go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamFault {
    /// The provider sent an `error` event: its `error.type` and `error.message`.
    Provider { error_type: String, message: String },
    /// The event could not be understood (bad JSON, missing required field).
    Malformed { detail: String },
}

/// Per-response decoding state.
#[derive(Debug, Default)]
pub struct AnthropicStreamDecoder {
    complete: bool,
}

impl AnthropicStreamDecoder {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode one SSE event.
    pub fn decode(&mut self, _event: &SseEvent) -> Result<Vec<StreamEvent>, StreamFault> {
        Ok(Vec::new())
    }

    /// Whether `message_stop` has arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}
