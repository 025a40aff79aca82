//! Faults only the Chat Completions surfaces know (`crlf`, `keep-alive`, `no-done`,
//! `no-finish`), asked for like every other fault: the `x-routeplay-fault` header or a
//! `-fault-<name>` model suffix, the header winning. They are taken out here; the shared faults
//! go on to the answer engine.

use crate::emulator::catalog::FAULT_MARK;
use crate::emulator::controls::{self, Controls};
use crate::emulator::faults::{self, Fault};
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

/// Split the fault suffix off `model` and read the controls.
pub fn read<'m>(headers: &HeaderMap, model: &'m str) -> Result<Asked<'m>, Problem> {
    let (model, named) = match model.split_once(FAULT_MARK) {
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
    let (suffix, extra) = match headers.get(controls::FAULT).map(|value| value.to_str().map(str::trim)) {
        None => (suffix, suffix_extra),
        Some(Ok(name)) if Fault::from_name(name).is_some() => (suffix, None),
        Some(Ok(name)) => {
            let extra = extra(name).ok_or_else(|| Problem::Header(unknown(name)))?;
            headers.remove(controls::FAULT);
            (None, Some(extra))
        }
        Some(Err(_)) => return Err(Problem::Header(format!("{}: not a visible ASCII value", controls::FAULT))),
    };
    let controls = Controls::from_headers(&headers).map_err(Problem::Header)?;
    Ok(Asked { model, suffix, extra, controls })
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
