//! PLACEHOLDER(i16-base): the wire engineer replaces this file with the real OpenAI Chat
//! Completions wire (request body and `chat.completion.chunk` decoder). Signatures are the
//! contract the route specs and the client build against.

use crate::routes::capabilities::Capabilities;
use crate::routes::event::StreamEvent;
use crate::routes::request::ChatRequest;
use crate::routes::wire::StreamFault;

/// Which field carries the output limit: `max_completion_tokens` (OpenAI's current name) or
/// the older `max_tokens` that some servers still want.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxTokensField {
    MaxCompletionTokens,
    MaxTokens,
}

/// The streaming `POST …/chat/completions` body for `model`: what `capabilities` drops is not
/// sent, and the output limit goes in `max_tokens`' field.
#[must_use]
pub fn chat_completions_body(
    _model: &str,
    _request: &ChatRequest,
    _capabilities: &Capabilities,
    _max_tokens: MaxTokensField,
) -> Vec<u8> {
    todo!("i16 wire")
}

/// Decodes a Chat Completions SSE body into neutral events.
#[derive(Debug, Default)]
pub struct ChatStreamDecoder;

impl ChatStreamDecoder {
    /// Decode the next chunk of the body.
    pub fn feed(&mut self, _bytes: &[u8]) -> Result<Vec<StreamEvent>, StreamFault> {
        todo!("i16 wire")
    }

    /// The body ended.
    pub fn finish(&mut self) -> Result<Vec<StreamEvent>, StreamFault> {
        todo!("i16 wire")
    }

    /// Whether `[DONE]` or a finish reason arrived.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        todo!("i16 wire")
    }
}
