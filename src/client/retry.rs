//! When to retry: only 429 and 529 before the first byte, a bounded number of times,
//! honouring `retry-after-ms`, `retry-after` and `x-should-retry` as the Anthropic SDKs do.

use reqwest::header::HeaderMap;
use std::time::Duration;

/// The longest wait routeplay accepts from `retry-after`; a longer one fails the run instead
/// of leaving the user staring at a spinner.
pub const MAX_RETRY_DELAY: Duration = Duration::from_mins(1);

/// How long to wait before retry number `attempt` (1-based), or `None` when the server said
/// not to retry or asked for longer than `MAX_RETRY_DELAY`.
#[must_use]
pub fn delay_before(attempt: u32, headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if header("x-should-retry") == Some("false") {
        return None;
    }
    let asked = header("retry-after-ms")
        .and_then(|ms| ms.parse::<f64>().ok())
        .map(|ms| ms / 1000.0)
        .or_else(|| header("retry-after").and_then(|secs| secs.parse::<f64>().ok()));
    let delay = match asked {
        Some(secs) if secs.is_finite() && secs >= 0.0 => Duration::from_secs_f64(secs),
        _ => backoff(attempt),
    };
    (delay <= MAX_RETRY_DELAY).then_some(delay)
}

/// Exponential backoff from half a second, capped at eight, as the SDKs do (without jitter,
/// so runs are reproducible).
fn backoff(attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(4);
    Duration::from_millis(500 * (1 << exponent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn retry_after_seconds_is_honoured() {
        assert_eq!(delay_before(1, &headers(&[("retry-after", "2")])), Some(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_ms_wins_over_seconds() {
        let map = headers(&[("retry-after-ms", "250"), ("retry-after", "2")]);
        assert_eq!(delay_before(1, &map), Some(Duration::from_millis(250)));
    }

    #[test]
    fn should_retry_false_means_no_retry() {
        assert_eq!(delay_before(1, &headers(&[("x-should-retry", "false")])), None);
    }

    #[test]
    fn a_very_long_retry_after_is_not_waited_for() {
        assert_eq!(delay_before(1, &headers(&[("retry-after", "3600")])), None);
    }

    #[test]
    fn without_headers_backoff_doubles_and_caps() {
        let none = HeaderMap::new();
        assert_eq!(delay_before(1, &none), Some(Duration::from_millis(500)));
        assert_eq!(delay_before(2, &none), Some(Duration::from_secs(1)));
        assert_eq!(delay_before(9, &none), Some(Duration::from_secs(8)));
    }
}
