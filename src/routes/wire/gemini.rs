//! Gemini `generateContent` wire (PROTOCOLS.md routes 4 and 5: the Gemini API and Gemini on
//! Vertex AI share it): the request body with its controls, Vertex's label rules, and the
//! decoder of a `streamGenerateContent?alt=sse` response body into neutral events.

mod body;
mod chunk;
mod config;
mod framing;
mod labels;
mod stream;

pub use body::generate_content_body;
pub use labels::{MAX_LABEL_CHARS, MAX_LABELS, check_labels};
pub use stream::GeminiStreamDecoder;

#[cfg(test)]
mod tests;
