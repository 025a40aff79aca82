//! Faults only the Google surfaces know (`404`, `403`, `429-array`, `429-retry-long`, `crlf`), asked for like
//! every other fault: the `x-routeplay-fault` header or a `-fault-<name>` model suffix, the
//! header winning. [`extra_faults`] takes them out; the shared faults go on to the answer engine.

use crate::emulator::extra_faults;
use axum::http::HeaderMap;

/// A Google-only fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// The publisher-model (or `models/…`) 404.
    NotFound,
    /// 403 `PERMISSION_DENIED`.
    Forbidden,
    /// The 429 body wrapped in a JSON array.
    RateLimitedArray,
    /// The 429 whose `RetryInfo` (on the Gemini API; Vertex sends none) asks for
    /// [`LONG_RETRY_DELAY`] seconds, as real per-minute quotas ask for tens of seconds.
    RateLimitedLong,
    /// The stream's lines end in `\r\n`.
    Crlf,
}

/// The Google-only faults by name.
pub const EXTRAS: &[(&str, Extra)] = &[
    ("404", Extra::NotFound),
    ("403", Extra::Forbidden),
    ("429-array", Extra::RateLimitedArray),
    ("429-retry-long", Extra::RateLimitedLong),
    ("crlf", Extra::Crlf),
];

/// The `retryDelay` of `429-retry-long`, in seconds: past the minute a client waits at most.
pub const LONG_RETRY_DELAY: u64 = 90;

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
    fn suffix_and_header_split_shared_and_google_faults() {
        let none = HeaderMap::new();
        let asked = read(&none, "gemini-2.5-flash-fault-crlf").expect("ok");
        assert_eq!((asked.model, asked.suffix, asked.extra), ("gemini-2.5-flash", None, Some(Extra::Crlf)));
        let asked = read(&none, "gemini-2.5-flash-fault-cut").expect("ok");
        assert_eq!(asked.suffix, Some(Fault::Stream(StreamFault::Cut)));
        assert_eq!(read(&none, "gemini-2.5-flash-fault-nope"), Err(Problem::Suffix));
        // The header wins over the suffix, whichever kind each is.
        let asked = read(&with_fault("403"), "m-fault-cut").expect("ok");
        assert_eq!((asked.suffix, asked.extra, asked.controls.fault), (None, Some(Extra::Forbidden), None));
        let asked = read(&with_fault("429"), "m-fault-404").expect("ok");
        assert_eq!(asked.extra, None);
        assert_eq!(asked.controls.fault, Some(Fault::Reject(Rejection::RateLimited)));
        assert!(matches!(read(&with_fault("boom"), "m"), Err(Problem::Header(m)) if m.contains("429-array")));
    }
}
