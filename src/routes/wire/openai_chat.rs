//! PLACEHOLDER(i16-base): the wire engineer replaces this file with the real OpenAI Chat
//! Completions wire (request body and `chat.completion.chunk` decoder). Signatures are the
//! contract the route specs and the client build against.

use crate::routes::event::StreamEvent;
use crate::routes::wire::StreamFault;

mod body;

pub use body::{MaxTokensField, chat_completions_body};

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
