//! Faults only the Chat Completions surfaces know (`crlf`, `keep-alive`, `no-done`,
//! `no-finish`), asked for like every other fault: the `x-routeplay-fault` header or a
//! `-fault-<name>` model suffix, the header winning. [`extra_faults`] takes them out; the shared faults
//! go on to the answer engine.

use crate::emulator::extra_faults;
use axum::http::HeaderMap;

/// A stream shape only these surfaces have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// Every line ends in `\r\n`.
    Crlf,
    /// A `: keep-alive` comment before every event.
    KeepAlive,
    /// The finish and usage chunks, then the body ends without `data: [DONE]`.
    NoDone,
    /// 3 deltas, then the body ends cleanly: no `finish_reason`, no `[DONE]`.
    NoFinish,
}

/// The extra faults by name.
pub const EXTRAS: &[(&str, Extra)] = &[
    ("crlf", Extra::Crlf),
    ("keep-alive", Extra::KeepAlive),
    ("no-done", Extra::NoDone),
    ("no-finish", Extra::NoFinish),
];

/// What a request asked for.
pub type Asked<'m> = extra_faults::Asked<'m, Extra>;

pub use crate::emulator::extra_faults::Problem;

/// Split the fault suffix off `model` and read the controls, with this surface's own faults.
pub fn read<'m>(headers: &HeaderMap, model: &'m str) -> Result<Asked<'m>, Problem> {
    extra_faults::read(headers, model, EXTRAS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::controls;
    use crate::emulator::faults::{Fault, Rejection, StreamFault};
    use axum::http::HeaderValue;

    fn with_fault(name: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(controls::FAULT, HeaderValue::from_static(name));
        headers
    }

    #[test]
    fn suffix_and_header_split_shared_and_extra_faults() {
        let none = HeaderMap::new();
        let asked = read(&none, "emulator-sonnet-fault-no-done").expect("ok");
        assert_eq!((asked.model, asked.suffix, asked.extra), ("emulator-sonnet", None, Some(Extra::NoDone)));
        let asked = read(&none, "openai.gpt-oss-120b-1:0-fault-cut").expect("ok");
        assert_eq!((asked.model, asked.suffix), ("openai.gpt-oss-120b-1:0", Some(Fault::Stream(StreamFault::Cut))));
        assert_eq!(read(&none, "emulator-sonnet-fault-nope"), Err(Problem::Suffix));
        let asked = read(&with_fault("keep-alive"), "m-fault-cut").expect("ok");
        assert_eq!((asked.suffix, asked.extra, asked.controls.fault), (None, Some(Extra::KeepAlive), None));
        let asked = read(&with_fault("429"), "m-fault-crlf").expect("ok");
        assert_eq!((asked.extra, asked.controls.fault), (None, Some(Fault::Reject(Rejection::RateLimited))));
        assert!(matches!(read(&with_fault("boom"), "m"), Err(Problem::Header(m)) if m.contains("no-finish")));
    }
}
