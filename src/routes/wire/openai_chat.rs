//! OpenAI Chat Completions wire (the `openai`, `bedrock-openai` and `vertex-openai` routes,
//! and every OpenAI-compatible server): the request body and the decoder of a streaming
//! `chat.completion.chunk` response body into neutral events.

mod chunk;
mod error;
mod stream;
mod tools;

pub use stream::ChatStreamDecoder;

use crate::routes::capabilities::Capabilities;
use crate::routes::request::ChatRequest;

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

#[cfg(test)]
mod tests;
