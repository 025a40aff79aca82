//! Why a request got no response: the host could not be reached, or what it sent could not be
//! parsed as HTTP (20 MB of headers). Named by host, never by the URL's query.

use crate::routes::error::{ErrorKind, RunError};

/// A connection failure, named without the URL's query (which could hold a key). A response
/// that arrived but could not be parsed (20 MB of headers, not HTTP at all) says so.
#[must_use]
pub fn from_send(route: &str, model: &str, url: &str, error: &reqwest::Error) -> RunError {
    let host = url.split('?').next().unwrap_or(url);
    let causes = causes(error);
    let detail = if causes.is_empty() { error.to_string() } else { causes.join(": ") };
    // hyper's words for a response head past its limit (`Parse::TooLarge`); hyper is not a
    // direct dependency, so its error cannot be downcast.
    if causes.iter().any(|cause| cause.contains("message head is too large")) {
        return RunError::new(
            ErrorKind::Protocol,
            route,
            model,
            format!("the response from {host} could not be read: its headers are too large ({detail})"),
        )
        .with_hint("check the base URL: the server there does not answer as the provider's API does");
    }
    let kind = if error.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Connection };
    RunError::new(kind, route, model, format!("cannot reach {host}: {detail}"))
        .with_hint("check the network, the base URL and any proxy settings")
}

/// The error's causes, outermost first: each level names a different layer (the client's
/// `client error (SendRequest)`, then what went wrong under it).
fn causes(error: &reqwest::Error) -> Vec<String> {
    let mut causes = Vec::new();
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        causes.push(current.to_string());
        cause = current.source();
    }
    causes
}
