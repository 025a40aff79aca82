//! Bedrock Converse / ConverseStream: the request body, and the decoder of the
//! `ConverseStreamOutput` events a stream carries, one per event-stream frame.

mod attach;
mod body;
mod family;
mod stream;
mod trace;

pub use attach::document_name;
pub use body::converse_body;
pub use family::{ConverseFamily, FamilyControls};
pub use stream::ConverseStreamDecoder;
pub use trace::guardrail_verdict;
