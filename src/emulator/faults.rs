//! Faults a request can ask for, by model-name suffix or `x-routeplay-fault` header, so a
//! client's error handling can be exercised on demand. Surface-neutral: each surface renders a
//! fault in its own wire's shape.

/// A failure instead of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// HTTP 429.
    RateLimited,
    /// HTTP 529.
    Overloaded,
    /// HTTP 500.
    Internal,
    /// The model cannot serve yet (still loading): Bedrock's 429 `ModelNotReadyException`; the
    /// other surfaces answer as they do when overloaded (529, Google's 503 `UNAVAILABLE`).
    NotReady,
}

/// A failure after a stream has started and sent a few deltas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFault {
    /// An in-band error event, then the stream ends.
    ErrorEvent,
    /// The connection is dropped without the final event.
    Cut,
    /// Nothing more is sent until the client leaves (or a long timeout, then a drop).
    Stall,
    /// One frame whose payload is not valid JSON; the stream then goes on to its end.
    Malformed,
    /// One frame whose checksum is wrong (event-stream message CRC); the stream goes on.
    Corrupt,
    /// Half a frame, then the body ends cleanly.
    Truncated,
    /// An in-band error that the model, not the service, failed (Bedrock's
    /// `modelStreamErrorException`), then the stream ends.
    ModelError,
}

/// A requested fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Reject(Rejection),
    /// Refuse the first request for a key (a rate limit with `retry-after: 0`), answer the rest.
    RejectFirst(Rejection),
    Stream(StreamFault),
}

/// Every fault by the name used in model suffixes and the header.
pub const FAULTS: &[(&str, Fault)] = &[
    ("429", Fault::Reject(Rejection::RateLimited)),
    ("529", Fault::Reject(Rejection::Overloaded)),
    ("500", Fault::Reject(Rejection::Internal)),
    ("model-not-ready", Fault::Reject(Rejection::NotReady)),
    ("429-then-ok", Fault::RejectFirst(Rejection::RateLimited)),
    ("529-then-ok", Fault::RejectFirst(Rejection::Overloaded)),
    ("model-not-ready-then-ok", Fault::RejectFirst(Rejection::NotReady)),
    ("error-mid-stream", Fault::Stream(StreamFault::ErrorEvent)),
    ("cut", Fault::Stream(StreamFault::Cut)),
    ("stall", Fault::Stream(StreamFault::Stall)),
    ("malformed", Fault::Stream(StreamFault::Malformed)),
    ("crc", Fault::Stream(StreamFault::Corrupt)),
    ("truncated", Fault::Stream(StreamFault::Truncated)),
    ("model-stream-error", Fault::Stream(StreamFault::ModelError)),
];

impl Fault {
    /// The fault called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        FAULTS.iter().find(|(known, _)| *known == name).map(|(_, fault)| *fault)
    }
}

/// The names, comma-separated, for error messages.
pub fn names() -> String {
    FAULTS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve() {
        assert_eq!(Fault::from_name("cut"), Some(Fault::Stream(StreamFault::Cut)));
        assert_eq!(Fault::from_name("429-then-ok"), Some(Fault::RejectFirst(Rejection::RateLimited)));
        assert_eq!(Fault::from_name("529-then-ok"), Some(Fault::RejectFirst(Rejection::Overloaded)));
        assert_eq!(Fault::from_name("crc"), Some(Fault::Stream(StreamFault::Corrupt)));
        assert_eq!(Fault::from_name("nope"), None);
        assert!(names().starts_with("429, 529"));
    }
}
