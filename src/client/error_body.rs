//! Reading the body of a response that is not the answer (an error status, a page that is
//! no stream): at most a fixed number of bytes, each read under the idle timeout, so a huge
//! or stalled body can neither fill memory nor hang the run.

use crate::http_body::{self, End};
use crate::routes::error::{ErrorKind, RunError};
use std::time::Duration;

/// The most of an error body routeplay reads: enough for any provider's JSON error.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// The start of a body, and how reading it ended.
pub struct BodyStart {
    pub bytes: Vec<u8>,
    /// No byte came for the idle timeout before the body ended or `cap` was reached.
    pub stalled: bool,
}

/// Read `response`'s body up to `cap` bytes, waiting at most `idle` for each piece. Past the
/// cap the rest is left unread (the connection is dropped with the response). A body that
/// breaks off keeps what arrived.
pub async fn read_start(response: reqwest::Response, cap: usize, idle: Duration) -> BodyStart {
    let read = http_body::read_capped(response, cap, Some(idle)).await;
    BodyStart { stalled: read.end == End::Stalled, bytes: read.bytes }
}

/// The error for an error status (`status`) whose body stopped arriving for `idle`.
#[must_use]
pub fn stalled(route: &str, model: &str, status: u16, request_id: Option<String>, idle: Duration) -> RunError {
    let message = format!("the error body stopped arriving: no data for {:.0} s (idle timeout)", idle.as_secs_f64());
    let mut error = RunError::new(ErrorKind::Timeout, route, model, message)
        .with_hint("raise [network] idle_timeout_secs in config.toml");
    error.status = Some(status);
    error.request_id = request_id;
    error
}

/// The first bytes of `bytes` as printable text, quoted and escaped, for a message: at most
/// `MAX_QUOTED` characters.
#[must_use]
pub fn quote_start(bytes: &[u8]) -> String {
    const MAX_QUOTED: usize = 60;
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_QUOTED * 4)]);
    let mut quoted: String = text.chars().take(MAX_QUOTED).flat_map(char::escape_debug).collect();
    if text.chars().count() > MAX_QUOTED || bytes.len() > MAX_QUOTED * 4 {
        quoted.push('…');
    }
    format!("\"{quoted}\"")
}

#[cfg(test)]
mod tests {
    use super::quote_start;

    #[test]
    fn quoting_escapes_control_bytes_and_shortens() {
        assert_eq!(quote_start(b"<html>\n\x1b[31m"), r#""<html>\n\u{1b}[31m""#);
        assert_eq!(quote_start(b"\x1f\x8b\x08\x00"), r#""\u{1f}�\u{8}\0""#);
        let long = "a".repeat(100);
        assert_eq!(quote_start(long.as_bytes()), format!("\"{}…\"", "a".repeat(60)));
    }
}
