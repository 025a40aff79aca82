//! Which failures before the first byte each route retries, and how long it backs off, as the
//! route's own SDK does. A server's own delay (`retry-after`, Google's `RetryInfo`) and the
//! attempt count are the client's business (`client::retry`); this file holds the route facts.
//!
//! | policy | routes | retried | backoff before retry n (r uniform in [0, 1)) |
//! | --- | --- | --- | --- |
//! | Anthropic SDKs | anthropic, bedrock-mantle, vertex-claude, emulator | 408, 409, 429, every 5xx (529 too) | 0.5 s · 2^(n−1), at most 8 s, times (1 − r/4) |
//! | AWS SDKs, standard mode | bedrock-invoke, bedrock-converse | throttling codes, `RequestTimeout(Exception)`, `ModelNotReadyException`, 500/502/503/504 | r · 1 s · 2^(n−1), at most 20 s ("full jitter") |
//! | google-genai | gemini-api, vertex-gemini | 408, 429, 500, 502, 503, 504 | 1 s · 2^(n−1), at most 60 s, plus r · 1 s |

use super::RouteId;
use super::error::RunError;
use std::time::Duration;

/// The AWS SDKs' throttling error codes (smithy-rs `aws-runtime` `THROTTLING_ERRORS`).
const AWS_THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// The AWS SDKs' transient error codes, and the Bedrock Runtime exceptions its model marks
/// `@retryable` (a model still loading).
const AWS_TRANSIENT: &[&str] = &["RequestTimeout", "RequestTimeoutException", "ModelNotReadyException"];

/// The statuses the AWS SDKs retry whatever the code (`TRANSIENT_ERROR_STATUS_CODES`).
const AWS_STATUSES: &[u16] = &[500, 502, 503, 504];

/// google-genai's `_RETRY_HTTP_STATUS_CODES`.
const GOOGLE_STATUSES: &[u16] = &[408, 429, 500, 502, 503, 504];

/// How a route's SDK retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPolicy {
    /// The Anthropic SDKs (`_should_retry`, `_calculate_retry_timeout`).
    Anthropic,
    /// The AWS SDKs' `standard` retry mode.
    AwsStandard,
    /// google-genai's `HttpRetryOptions` defaults (tenacity's `wait_exponential_jitter`).
    Google,
}

impl RetryPolicy {
    /// The policy of the SDK that serves `route`.
    #[must_use]
    pub fn of(route: RouteId) -> Self {
        route.spec().retry
    }

    /// Whether a request that failed with `error` before its stream started is worth sending
    /// again. Authentication and validation errors never are.
    #[must_use]
    pub fn retries(self, error: &RunError) -> bool {
        let Some(status) = error.status else { return false };
        match self {
            Self::Anthropic => matches!(status, 408 | 409 | 429) || status >= 500,
            Self::AwsStandard => {
                let code = error.provider_type.as_deref().unwrap_or_default();
                AWS_STATUSES.contains(&status) || AWS_THROTTLING.contains(&code) || AWS_TRANSIENT.contains(&code)
            }
            Self::Google => GOOGLE_STATUSES.contains(&status),
        }
    }

    /// How long to wait before retry number `attempt` (1-based) when the server named no delay;
    /// `random` is the jitter, uniform in [0, 1).
    #[must_use]
    pub fn backoff(self, attempt: u32, random: f64) -> Duration {
        let random = if (0.0..1.0).contains(&random) { random } else { 0.0 };
        let doubling = f64::from(1_u32 << attempt.saturating_sub(1).min(16));
        let seconds = match self {
            Self::Anthropic => (0.5 * doubling).min(8.0) * (1.0 - 0.25 * random),
            Self::AwsStandard => (random * doubling).min(20.0),
            Self::Google => doubling.min(60.0) + random,
        };
        Duration::from_secs_f64(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::error::ErrorKind;

    fn failed(status: u16, code: Option<&str>) -> RunError {
        let mut error = RunError::new(ErrorKind::Server, "r", "m", "x");
        error.status = Some(status);
        error.provider_type = code.map(str::to_owned);
        error
    }

    #[test]
    fn bedrock_retries_throttling_not_ready_and_5xx_but_not_validation() {
        let aws = RetryPolicy::of(RouteId::BedrockConverse);
        assert_eq!(aws, RetryPolicy::AwsStandard);
        assert!(aws.retries(&failed(503, Some("ServiceUnavailableException"))));
        assert!(aws.retries(&failed(500, Some("InternalServerException"))));
        assert!(aws.retries(&failed(429, Some("ThrottlingException"))));
        assert!(aws.retries(&failed(429, Some("ModelNotReadyException"))));
        assert!(!aws.retries(&failed(400, Some("ValidationException"))));
        assert!(!aws.retries(&failed(400, Some("ServiceQuotaExceededException"))));
        assert!(!aws.retries(&failed(403, Some("AccessDeniedException"))));
        assert!(!aws.retries(&failed(424, Some("ModelErrorException"))));
        assert!(!aws.retries(&failed(501, None)), "only 500, 502, 503 and 504 by status");
    }

    #[test]
    fn anthropic_and_google_retry_what_their_sdks_retry() {
        let anthropic = RetryPolicy::of(RouteId::BedrockMantle);
        for status in [408, 409, 429, 500, 503, 529] {
            assert!(anthropic.retries(&failed(status, None)), "{status}");
        }
        for status in [400, 401, 403, 404, 413] {
            assert!(!anthropic.retries(&failed(status, None)), "{status}");
        }
        let google = RetryPolicy::of(RouteId::GeminiApi);
        assert!(google.retries(&failed(503, Some("UNAVAILABLE"))));
        assert!(google.retries(&failed(429, Some("RESOURCE_EXHAUSTED"))));
        assert!(!google.retries(&failed(409, None)));
        assert!(!google.retries(&failed(400, Some("INVALID_ARGUMENT"))));
        assert!(!google.retries(&RunError::new(ErrorKind::Connection, "r", "m", "no status")));
    }

    #[test]
    fn backoff_stays_within_each_sdks_bounds() {
        let just_under_one = 0.999;
        let bounds =
            |policy: RetryPolicy, attempt| (policy.backoff(attempt, 0.0), policy.backoff(attempt, just_under_one));
        let secs = Duration::from_secs_f64;
        // AWS full jitter: anywhere from nothing up to 2^(n-1) s, never past 20 s.
        let (low, high) = bounds(RetryPolicy::AwsStandard, 2);
        assert_eq!(low, Duration::ZERO);
        assert!(high < secs(2.0) && high > secs(1.99), "{high:?}");
        assert!(bounds(RetryPolicy::AwsStandard, 9).1 <= secs(20.0));
        // Anthropic: 0.5 s doubling up to 8 s, jitter takes off at most a quarter.
        assert_eq!(bounds(RetryPolicy::Anthropic, 1).0, secs(0.5));
        assert!(bounds(RetryPolicy::Anthropic, 1).1 >= secs(0.375));
        assert_eq!(bounds(RetryPolicy::Anthropic, 30).0, secs(8.0));
        // Google: 1 s doubling up to 60 s, plus up to a second.
        assert_eq!(bounds(RetryPolicy::Google, 1).0, secs(1.0));
        assert!(bounds(RetryPolicy::Google, 1).1 < secs(2.0));
        assert_eq!(bounds(RetryPolicy::Google, 12).0, secs(60.0));
        // A random value out of range is taken as no jitter rather than trusted.
        assert_eq!(RetryPolicy::AwsStandard.backoff(1, 7.0), Duration::ZERO);
    }
}
