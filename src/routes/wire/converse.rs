//! Bedrock Converse / ConverseStream: the request body, and the decoder of the
//! `ConverseStreamOutput` events a stream carries, one per event-stream frame.

mod body;
mod stream;

pub use body::converse_body;
pub use stream::ConverseStreamDecoder;
