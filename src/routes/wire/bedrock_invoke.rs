//! Bedrock InvokeModelWithResponseStream for Anthropic models: the request body, and the
//! decoder of its `chunk` frames, each wrapping one Anthropic Messages stream event.

mod body;
mod stream;

pub use body::{BEDROCK_ANTHROPIC_VERSION, invoke_body};
pub use stream::InvokeStreamDecoder;
