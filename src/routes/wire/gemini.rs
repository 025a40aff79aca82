//! Gemini `generateContent` wire (PROTOCOLS.md routes 4 and 5: the Gemini API and Gemini on
//! Vertex AI share it): the request body, and the decoder of a `streamGenerateContent?alt=sse`
//! response body into neutral events.

mod body;
mod chunk;
mod framing;
mod stream;

pub use body::{GeminiOptions, generate_content_body};
pub use stream::GeminiStreamDecoder;

#[cfg(test)]
mod tests;
