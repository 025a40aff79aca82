//! Wire shapes that several routes share. The Anthropic Messages wire serves the Anthropic
//! API, the emulator, and later Bedrock Mantle, Bedrock `InvokeModel` and Vertex Claude.

pub mod anthropic;
pub mod anthropic_stream;
pub mod bedrock_invoke;
pub mod converse;
pub mod fault;
pub mod gemini;
pub mod openai_chat;

pub use fault::StreamFault;
