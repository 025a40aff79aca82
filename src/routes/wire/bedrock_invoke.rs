//! Bedrock InvokeModelWithResponseStream for Anthropic models: the request body and control
//! headers, and the decoder of its `chunk` frames, each wrapping one Anthropic Messages
//! stream event (with Bedrock's metrics and guardrail verdict added to some).

mod body;
mod guardrail;
mod headers;
mod stream;

pub use body::{BEDROCK_ANTHROPIC_VERSION, invoke_body};
pub use guardrail::verdict;
pub use headers::{
    GUARDRAIL_IDENTIFIER, GUARDRAIL_VERSION, LATENCY, REQUEST_METADATA, SERVICE_TIER, TRACE, control_headers,
    served_from_headers,
};
pub use stream::InvokeStreamDecoder;
