//! OpenAI Chat Completions wire (the `openai`, `bedrock-openai` and `vertex-openai` routes,
//! and every OpenAI-compatible server): the request body and the decoder of a streaming
//! `chat.completion.chunk` response body into neutral events.

mod body;
mod chunk;
mod error;
mod stream;
mod tools;

pub use body::{MaxTokensField, chat_completions_body};
pub use stream::ChatStreamDecoder;

#[cfg(test)]
mod tests;
