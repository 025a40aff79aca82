//! Whether and when to send a failed request again, before the first byte of its answer only.
//! The route's [`RetryPolicy`] says which failures are retried and how it backs off (with
//! jitter, as each SDK does); a delay the server names wins over the backoff: Anthropic's
//! `retry-after-ms`, the standard `retry-after` (seconds), Google's `RetryInfo.retryDelay`.
//! `x-should-retry: true|false` decides outright, as the Anthropic SDKs let it. A named delay
//! longer than [`MAX_RETRY_DELAY`] ends the run at once, saying how long the server asked for.

use crate::routes::error::RunError;
use crate::routes::retry_policy::RetryPolicy;
use reqwest::header::HeaderMap;
use std::hash::BuildHasher;
use std::time::Duration;

/// The longest wait routeplay accepts from a server; a longer one fails the run instead of
/// leaving the user staring at a spinner.
pub const MAX_RETRY_DELAY: Duration = Duration::from_mins(1);

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send again after this long.
    RetryAfter(Duration),
    /// The failure is not one to retry (or the server said not to).
    GiveUp,
    /// The server asked for a wait over [`MAX_RETRY_DELAY`]: `asked`, named by `source`.
    WaitTooLong { asked: Duration, source: &'static str },
}

/// What one failed attempt left to decide by.
pub struct Failed<'a> {
    pub policy: RetryPolicy,
    /// 1 for the first retry.
    pub attempt: u32,
    pub error: &'a RunError,
    pub headers: &'a HeaderMap,
    /// Google's `RetryInfo.retryDelay`, when the error body carried one.
    pub retry_info: Option<Duration>,
}

/// Decide about `failed`; `random` (uniform in [0, 1)) is the backoff's jitter, passed in so
/// tests can pin it.
#[must_use]
pub fn decide(failed: &Failed<'_>, random: f64) -> Decision {
    let header = |name: &str| failed.headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    let retryable = match header("x-should-retry") {
        Some("false") => false,
        Some("true") => true,
        _ => failed.policy.retries(failed.error),
    };
    if !retryable {
        return Decision::GiveUp;
    }
    let seconds = |text: &str, scale: f64| {
        text.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite() && *value >= 0.0)
            .and_then(|value| Duration::try_from_secs_f64(value / scale).ok())
    };
    let asked = header("retry-after-ms")
        .and_then(|ms| seconds(ms, 1000.0))
        .map(|delay| (delay, "retry-after-ms"))
        .or_else(|| header("retry-after").and_then(|secs| seconds(secs, 1.0)).map(|delay| (delay, "retry-after")))
        .or_else(|| failed.retry_info.map(|delay| (delay, "RetryInfo retryDelay")));
    match asked {
        Some((asked, source)) if asked > MAX_RETRY_DELAY => Decision::WaitTooLong { asked, source },
        Some((asked, _)) => Decision::RetryAfter(asked),
        None => Decision::RetryAfter(failed.policy.backoff(failed.attempt, random)),
    }
}

/// `error` once the server asked for `asked` (named by `source`), longer than routeplay waits:
/// the hint says so and when to try again, before the error's own fix.
#[must_use]
pub fn too_long(mut error: RunError, asked: Duration, source: &str) -> RunError {
    let wait = format!(
        "the server asks to wait {:.0} s before a retry ({source}), longer than routeplay waits ({} s), so it \
         stopped at once: try again in {:.0} s",
        asked.as_secs_f64().ceil(),
        MAX_RETRY_DELAY.as_secs(),
        asked.as_secs_f64().ceil()
    );
    error.hint = Some(match error.hint.take() {
        Some(fix) => format!("{wait}; {fix}"),
        None => wait,
    });
    error
}

/// A number uniform in [0, 1) for jitter, from the standard library's randomly keyed hasher
/// (a fresh key per call), so no random-number crate is needed for a few draws per run.
#[must_use]
pub fn jitter() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().hash_one(std::time::SystemTime::now());
    (bits >> 11) as f64 / (1_u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::error::ErrorKind;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn error(status: u16, code: &str) -> RunError {
        let mut error = RunError::new(ErrorKind::Server, "r", "m", "x");
        (error.status, error.provider_type) = (Some(status), Some(code.to_owned()));
        error
    }

    fn decide_on(policy: RetryPolicy, error: &RunError, map: &HeaderMap, retry_info: Option<Duration>) -> Decision {
        decide(&Failed { policy, attempt: 1, error, headers: map, retry_info }, 0.5)
    }

    #[test]
    fn retry_after_seconds_is_honoured() {
        let map = headers(&[("retry-after", "2")]);
        let decision = decide_on(RetryPolicy::Anthropic, &error(429, "rate_limit_error"), &map, None);
        assert_eq!(decision, Decision::RetryAfter(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_ms_wins_over_seconds() {
        let map = headers(&[("retry-after-ms", "250"), ("retry-after", "2")]);
        let decision = decide_on(RetryPolicy::Anthropic, &error(429, "rate_limit_error"), &map, None);
        assert_eq!(decision, Decision::RetryAfter(Duration::from_millis(250)));
    }

    #[test]
    fn should_retry_decides_outright() {
        let no = headers(&[("x-should-retry", "false")]);
        assert_eq!(decide_on(RetryPolicy::Anthropic, &error(529, "overloaded_error"), &no, None), Decision::GiveUp);
        let yes = headers(&[("x-should-retry", "true")]);
        let decision = decide_on(RetryPolicy::Anthropic, &error(400, "invalid_request_error"), &yes, None);
        assert_eq!(decision, Decision::RetryAfter(RetryPolicy::Anthropic.backoff(1, 0.5)));
    }

    #[test]
    fn a_validation_error_is_not_retried() {
        let none = HeaderMap::new();
        let decision = decide_on(RetryPolicy::AwsStandard, &error(400, "ValidationException"), &none, None);
        assert_eq!(decision, Decision::GiveUp);
    }

    #[test]
    fn google_retry_delay_is_honoured_and_a_header_wins_over_it() {
        let quota = error(429, "RESOURCE_EXHAUSTED");
        let asked = Some(Duration::from_secs(1));
        let decision = decide_on(RetryPolicy::Google, &quota, &HeaderMap::new(), asked);
        assert_eq!(decision, Decision::RetryAfter(Duration::from_secs(1)));
        let decision = decide_on(RetryPolicy::Google, &quota, &headers(&[("retry-after", "3")]), asked);
        assert_eq!(decision, Decision::RetryAfter(Duration::from_secs(3)));
    }

    #[test]
    fn a_delay_over_the_cap_is_not_waited_for_and_is_named() {
        let long = Some(Duration::from_secs(90));
        let quota = error(429, "RESOURCE_EXHAUSTED");
        let decision = decide_on(RetryPolicy::Google, &quota, &HeaderMap::new(), long);
        assert_eq!(decision, Decision::WaitTooLong { asked: Duration::from_secs(90), source: "RetryInfo retryDelay" });
        let map = headers(&[("retry-after", "3600")]);
        let decision = decide_on(RetryPolicy::Anthropic, &error(429, "rate_limit_error"), &map, None);
        assert!(matches!(decision, Decision::WaitTooLong { source: "retry-after", .. }), "{decision:?}");
        let named = too_long(quota.with_hint("quota exhausted"), Duration::from_millis(89_200), "RetryInfo retryDelay");
        let hint = named.hint.unwrap();
        assert!(hint.contains("wait 90 s") && hint.contains("(60 s)") && hint.ends_with("; quota exhausted"), "{hint}");
    }

    #[test]
    fn without_a_named_delay_the_policy_backs_off() {
        let none = HeaderMap::new();
        let unavailable = error(503, "ServiceUnavailableException");
        let decision = decide_on(RetryPolicy::AwsStandard, &unavailable, &none, None);
        assert_eq!(decision, Decision::RetryAfter(RetryPolicy::AwsStandard.backoff(1, 0.5)));
        let odd = headers(&[("retry-after", "soon")]);
        assert_eq!(decide_on(RetryPolicy::AwsStandard, &unavailable, &odd, None), decision);
    }

    #[test]
    fn jitter_is_in_the_unit_interval_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(draws.iter().all(|draw| (0.0..1.0).contains(draw)), "{draws:?}");
        assert!(draws.windows(2).any(|pair| (pair[0] - pair[1]).abs() > 1e-9), "{draws:?}");
    }
}
