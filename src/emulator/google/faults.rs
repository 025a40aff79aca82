//! Faults only the Google surfaces know (`404`, `403`, `429-array`, `429-retry-long`, `crlf`), asked for like
//! every other fault: the `x-routeplay-fault` header or a `-fault-<name>` model suffix, the
//! header winning. They are taken out here; the shared faults go on to the answer engine.

use crate::emulator::catalog::FAULT_MARK;
use crate::emulator::controls::{self, Controls};
use crate::emulator::faults::{self, Fault};
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
#[derive(Debug, Clone, PartialEq)]
pub struct Asked<'m> {
    /// The model id without its fault suffix.
    pub model: &'m str,
    /// A shared fault from the model suffix (the header's is in `controls`).
    pub suffix: Option<Fault>,
    pub extra: Option<Extra>,
    pub controls: Controls,
}

/// Why the faults could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A bad control header; the message names it.
    Header(String),
    /// The model suffix names no fault: the model is not served.
    Suffix,
}

/// Split the fault suffix off `model` (it always comes last, after a Vertex Claude id's
/// `@version`: `claude-sonnet-4-5@20250929-fault-cut`) and read the controls.
pub fn read<'m>(headers: &HeaderMap, model: &'m str) -> Result<Asked<'m>, Problem> {
    let (base, named) = match model.split_once(FAULT_MARK) {
        Some((base, name)) => (base, Some(name)),
        None => (model, None),
    };
    let (suffix, suffix_extra) = match named {
        None => (None, None),
        Some(name) => match (Fault::from_name(name), extra(name)) {
            (Some(fault), _) => (Some(fault), None),
            (None, Some(extra)) => (None, Some(extra)),
            (None, None) => return Err(Problem::Suffix),
        },
    };
    let mut headers = headers.clone();
    let header = headers.get(controls::FAULT).map(|value| value.to_str().map(str::trim));
    let (suffix, extra) = match header {
        None => (suffix, suffix_extra),
        Some(Ok(name)) if Fault::from_name(name).is_some() => (suffix, None),
        Some(Ok(name)) => match extra(name) {
            Some(extra) => {
                headers.remove(controls::FAULT);
                (None, Some(extra))
            }
            None => return Err(Problem::Header(unknown(name))),
        },
        Some(Err(_)) => return Err(Problem::Header(format!("{}: not a visible ASCII value", controls::FAULT))),
    };
    let controls = Controls::from_headers(&headers).map_err(Problem::Header)?;
    Ok(Asked { model: base, suffix, extra, controls })
}

fn extra(name: &str) -> Option<Extra> {
    EXTRAS.iter().find(|(known, _)| *known == name).map(|(_, extra)| *extra)
}

fn unknown(name: &str) -> String {
    let extras: Vec<&str> = EXTRAS.iter().map(|(name, _)| *name).collect();
    format!("{}: unknown fault {name:?} (known: {}, {})", controls::FAULT, faults::names(), extras.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::faults::{Rejection, StreamFault};
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
