//! The one error type a run can end with. Its `Display` is the single line a user reads:
//! route, model, status, the provider's error type and message, request id, and a fix.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of failure ended a run; decides retries and the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// No credential for the route.
    MissingCredential,
    /// The provider rejected the credential (401) or its permissions (403).
    Auth,
    /// The request was malformed or named an unknown model (400, 404, 413, 422).
    InvalidRequest,
    /// 429: too many requests.
    RateLimited,
    /// 529 or a mid-stream `overloaded_error`.
    Overloaded,
    /// 5xx other than 529.
    Server,
    /// An `error` event arrived after the stream had started.
    StreamError,
    /// The stream broke: a malformed frame, or the body ended before the final event.
    Protocol,
    /// Could not connect, or the connection dropped.
    Connection,
    /// No byte arrived within the connect or idle timeout.
    Timeout,
}

/// Everything known about why a run failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunError {
    pub kind: ErrorKind,
    pub route: String,
    pub model: String,
    pub status: Option<u16>,
    /// The provider's own error type, such as `overloaded_error`.
    pub provider_type: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
    /// How to fix it, where known.
    pub hint: Option<String>,
}

impl RunError {
    #[must_use]
    pub fn new(kind: ErrorKind, route: &str, model: &str, message: impl Into<String>) -> Self {
        Self {
            kind,
            route: route.to_owned(),
            model: model.to_owned(),
            status: None,
            provider_type: None,
            message: message.into(),
            request_id: None,
            hint: None,
        }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The failure without where it happened or how to fix it: status, the provider's type,
    /// the message and the request id. What a retry line shows.
    #[must_use]
    pub fn summary(&self) -> String {
        use fmt::Write as _;
        let mut text = String::new();
        if let Some(status) = self.status {
            let _ = write!(text, "HTTP {status} ");
        }
        if let Some(kind) = &self.provider_type {
            let _ = write!(text, "{kind}: ");
        }
        text.push_str(&self.message);
        if let Some(id) = &self.request_id {
            let _ = write!(text, " (request id {id})");
        }
        text
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let summary = self.summary();
        write!(f, "{} · {}: {summary}", self.route, self.model)?;
        if let Some(hint) = &self.hint {
            // A message that ends its own sentence needs no second full stop.
            let stop = if summary.ends_with('.') { "" } else { "." };
            write!(f, "{stop} {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunError {}
