//! Per-request controls: `x-routeplay-*` headers that override the server's options or ask for
//! a fault. They are the same on every surface.

use super::faults::{self, Fault};
use axum::http::HeaderMap;
use std::str::FromStr;

/// Fault by name; wins over a model-name suffix.
pub const FAULT: &str = "x-routeplay-fault";
/// What `429-then-ok` counts first requests by (default: the conversation's text).
pub const FAULT_KEY: &str = "x-routeplay-fault-key";
/// Seconds for the `retry-after` header of rate-limit faults.
pub const RETRY_AFTER: &str = "x-routeplay-retry-after";
/// Output pace; 0 means no delay.
pub const TOKENS_PER_SECOND: &str = "x-routeplay-tokens-per-second";
/// Answer size in tokens.
pub const ANSWER_TOKENS: &str = "x-routeplay-answer-tokens";

/// Controls one request asked for; `None` means "use the default".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Controls {
    pub fault: Option<Fault>,
    pub fault_key: Option<String>,
    pub retry_after: Option<u64>,
    pub tokens_per_second: Option<f64>,
    pub answer_tokens: Option<u32>,
}

impl Controls {
    /// Read the controls; the error message names the bad header.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, String> {
        let fault = match header(headers, FAULT)? {
            Some(name) => Some(
                Fault::from_name(name)
                    .ok_or_else(|| format!("{FAULT}: unknown fault {name:?} (known: {})", faults::names()))?,
            ),
            None => None,
        };
        Ok(Self {
            fault,
            fault_key: header(headers, FAULT_KEY)?.map(str::to_owned),
            retry_after: parsed(headers, RETRY_AFTER)?,
            tokens_per_second: parsed(headers, TOKENS_PER_SECOND)?,
            answer_tokens: parsed(headers, ANSWER_TOKENS)?,
        })
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, String> {
    headers
        .get(name)
        .map(|value| value.to_str().map(str::trim).map_err(|_| format!("{name}: not a visible ASCII value")))
        .transpose()
}

fn parsed<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, String> {
    header(headers, name)?.map(|value| value.parse().map_err(|_| format!("{name}: cannot read {value:?}"))).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::faults::StreamFault;
    use axum::http::HeaderValue;

    #[test]
    fn reads_every_control() {
        let mut headers = HeaderMap::new();
        headers.insert(FAULT, HeaderValue::from_static("stall"));
        headers.insert(FAULT_KEY, HeaderValue::from_static("k1"));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        headers.insert(TOKENS_PER_SECOND, HeaderValue::from_static("12.5"));
        headers.insert(ANSWER_TOKENS, HeaderValue::from_static(" 40 "));
        let controls = Controls::from_headers(&headers).expect("valid");
        assert_eq!(controls.fault, Some(Fault::Stream(StreamFault::Stall)));
        assert_eq!(controls.fault_key.as_deref(), Some("k1"));
        assert_eq!(controls.retry_after, Some(3));
        assert_eq!(controls.tokens_per_second, Some(12.5));
        assert_eq!(controls.answer_tokens, Some(40));
        assert_eq!(Controls::from_headers(&HeaderMap::new()), Ok(Controls::default()));
    }

    #[test]
    fn errors_name_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(ANSWER_TOKENS, HeaderValue::from_static("many"));
        assert!(Controls::from_headers(&headers).is_err_and(|e| e.starts_with(ANSWER_TOKENS)));
        let mut headers = HeaderMap::new();
        headers.insert(FAULT, HeaderValue::from_static("boom"));
        assert!(Controls::from_headers(&headers).is_err_and(|e| e.starts_with(FAULT) && e.contains("cut")));
    }
}
