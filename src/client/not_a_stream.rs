//! A 2xx answer that is clearly no stream: an HTML page (a captive portal, a proxy's login,
//! a wrong base URL) or a compressed body routeplay never asked for. Named by what arrived
//! instead of being decoded into "the stream ended early".

use super::error_body::{self, quote_start};
use crate::routes::error::{ErrorKind, RunError};
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap};
use std::time::Duration;

/// How much of such a body is read, to quote its start.
const PEEK: usize = 1024;

/// Why `headers` announce a body that cannot be the stream, if they do.
#[must_use]
pub fn reason(headers: &HeaderMap) -> Option<String> {
    let header = |name| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if let Some(encoding) = header(CONTENT_ENCODING).filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity")) {
        return Some(format!(
            "a {encoding}-encoded body (content-encoding: {encoding}), which routeplay did not ask for"
        ));
    }
    let content_type = header(CONTENT_TYPE)?;
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    matches!(essence.as_str(), "text/html" | "application/xhtml+xml")
        .then(|| format!("a web page ({content_type}) instead of a stream"))
}

/// The error for a 2xx `response` that [`reason`] refused: what came, and its first bytes.
pub async fn refused(route: &str, model: &str, reason: &str, response: reqwest::Response, idle: Duration) -> RunError {
    let status = response.status().as_u16();
    let start = error_body::read_start(response, PEEK, idle).await;
    let mut error = RunError::new(
        ErrorKind::Protocol,
        route,
        model,
        format!("the answer is {reason}; it starts {}", quote_start(&start.bytes)),
    )
    .with_hint("check the route's base URL and any proxy: a captive portal or a proxy's page answered");
    error.status = Some(status);
    error
}

#[cfg(test)]
mod tests {
    use super::reason;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.parse().unwrap(), HeaderValue::from_static(value))).collect()
    }

    #[test]
    fn html_and_compressed_bodies_are_refused_streams_are_not() {
        assert!(reason(&headers(&[("content-type", "text/html; charset=utf-8")])).unwrap().contains("text/html"));
        assert!(reason(&headers(&[("content-encoding", "gzip")])).unwrap().contains("gzip-encoded"));
        assert_eq!(reason(&headers(&[("content-type", "text/event-stream")])), None);
        assert_eq!(reason(&headers(&[("content-type", "application/vnd.amazon.eventstream")])), None);
        assert_eq!(reason(&headers(&[("content-encoding", "identity")])), None);
        assert_eq!(reason(&HeaderMap::new()), None);
    }
}
