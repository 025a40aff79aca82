//! Byte framings that response bodies arrive in. SSE for the Anthropic, Mantle, Gemini and
//! Vertex routes; later the AWS event stream for Bedrock Runtime.

pub mod eventstream;
pub mod sse;
