//! Why a response stream cannot go on, whatever its wire.

/// A fault that ends a stream; `client/` turns it into a `RunError` naming route and model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamFault {
    /// The provider sent an `error` event: its `error.type` and `error.message`.
    Provider { error_type: String, message: String },
    /// The event could not be understood (bad JSON, missing required field).
    Malformed { detail: String },
    /// An AWS event-stream `exception` frame (`:exception-type`, e.g. `throttlingException`) or
    /// `error` frame (`:error-code`), with its message.
    Exception { kind: String, message: String },
    /// The bytes could not be split into frames: a bad prelude or message CRC, a truncated
    /// frame, a malformed header.
    Framing { detail: String },
}
