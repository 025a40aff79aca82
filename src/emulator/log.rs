//! The request log: one line per request on stderr, with time, method, path, status, duration
//! and headers, secrets masked. Bodies are never logged.
//!
//! `2025-… 08:27:03.120Z POST /v1/messages 200 3ms x-api-key=rout…ator anthropic-version=2023-06-01`

use crate::auth::secret::mask;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::fmt::Write as _;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Whether a header or query parameter named `name` may hold a secret. The emulator's own
/// `x-routeplay-*` controls never do, even `x-routeplay-answer-tokens`.
#[must_use]
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.starts_with("x-routeplay-") {
        return false;
    }
    ["authorization", "cookie", "token", "secret", "key", "signature", "credential", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// A header or query value as it may be shown: masked if `name` is secret. An `Authorization`
/// scheme (`Bearer`, `Basic`, …) stays visible, and so do a SigV4 scope and signed headers.
fn shown(name: &str, value: &str) -> String {
    if !is_secret_name(name) {
        return value.to_owned();
    }
    if let Some(sigv4) = value.strip_prefix(SIGV4) {
        return format!("{SIGV4}{}", shown_sigv4(sigv4));
    }
    match value.split_once(' ') {
        Some((scheme, secret))
            if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            format!("{scheme} {}", mask(secret))
        }
        _ => mask(value),
    }
}

/// The SigV4 `Authorization` scheme and the space after it.
const SIGV4: &str = "AWS4-HMAC-SHA256 ";

/// SigV4 parameters with the access key id and the signature masked; the credential scope
/// (date, region, service) and the signed headers stay, since a signing mismatch is found there.
fn shown_sigv4(parameters: &str) -> String {
    let shown: Vec<String> = parameters
        .split(',')
        .map(|part| {
            let part = part.trim();
            match part.split_once('=') {
                Some(("Credential", credential)) => match credential.split_once('/') {
                    Some((key_id, scope)) => format!("Credential={}/{scope}", mask(key_id)),
                    None => format!("Credential={}", mask(credential)),
                },
                Some(("SignedHeaders", headers)) => format!("SignedHeaders={headers}"),
                Some((name, secret)) => format!("{name}={}", mask(secret)),
                None => mask(part),
            }
        })
        .collect();
    shown.join(", ")
}

/// The middleware: run the request, then print its line.
pub(super) async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let time = clock(SystemTime::now());
    let method = request.method().clone();
    let target = target(request.uri().path(), request.uri().query());
    let headers = headers(request.headers());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let millis = started.elapsed().as_millis();
    eprintln!("{time} {method} {target} {status} {millis}ms{headers}");
    response
}

/// The path and query, secret query parameters (Gemini's `key=`) masked.
fn target(path: &str, query: Option<&str>) -> String {
    let Some(query) = query else {
        return path.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => format!("{name}={}", shown(name, value)),
            None => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// ` name=value` for every header, masked where secret; non-text values shown as `<binary>`.
fn headers(headers: &HeaderMap) -> String {
    let mut out = String::new();
    for (name, value) in headers {
        let value = value.to_str().map_or_else(|_| "<binary>".to_owned(), |value| shown(name.as_str(), value));
        let _ = write!(out, " {name}={value}");
    }
    out
}

/// `HH:MM:SS.mmmZ`, UTC time of day: enough to follow a live session.
fn clock(now: SystemTime) -> String {
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs() % 86_400;
    format!("{:02}:{:02}:{:02}.{:03}Z", seconds / 3600, seconds / 60 % 60, seconds % 60, since.subsec_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use std::time::Duration;

    #[test]
    fn secret_names() {
        for name in ["x-api-key", "Authorization", "x-amz-security-token", "x-goog-api-key", "client_secret", "key"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["content-type", "anthropic-version", "x-routeplay-answer-tokens", "x-routeplay-fault-key"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn headers_and_query_are_masked() {
        let mut map = HeaderMap::new();
        map.insert("x-api-key", HeaderValue::from_static("routeplay-emulator"));
        map.insert("authorization", HeaderValue::from_static("Bearer routeplay-emulator"));
        map.insert("anthropic-version", HeaderValue::from_static("2023-06-01"));
        let line = headers(&map);
        assert!(line.contains("x-api-key=rout…ator"));
        assert!(line.contains("authorization=Bearer rout…ator"));
        assert!(line.contains("anthropic-version=2023-06-01"));
        assert!(!line.contains("routeplay-emulator"));
        assert_eq!(target("/v1/x", Some("alt=sse&key=AIzaSyExample1234")), "/v1/x?alt=sse&key=AIza…1234");
    }

    #[test]
    fn sigv4_keeps_its_scope_and_masks_the_rest() {
        let value = "AWS4-HMAC-SHA256 Credential=AKIAROUTEPLAYDEMO01/20250101/us-east-1/bedrock/aws4_request, \
                     SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef0123456789abcdef";
        assert_eq!(
            shown("authorization", value),
            "AWS4-HMAC-SHA256 Credential=AKIA…MO01/20250101/us-east-1/bedrock/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, Signature=0123…cdef"
        );
        assert_eq!(shown("x-amz-security-token", "IQoJb3JpZ2luX2VjEXAMPLE"), "IQoJ…MPLE");
    }

    #[test]
    fn clock_is_utc_time_of_day() {
        assert_eq!(clock(UNIX_EPOCH + Duration::from_millis(86_400_000 + 3_723_045)), "01:02:03.045Z");
    }
}
