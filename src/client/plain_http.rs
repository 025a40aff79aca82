//! A Bedrock API key is a bearer secret: sent over plain `http://` it travels unencrypted, so
//! it goes only to loopback (the emulator, a local stand-in) that way. botocore refuses the
//! same.

use crate::routes::error::{ErrorKind, RunError};
use std::net::IpAddr;

/// `Ok` when a bearer key may be sent to `base_url`: over `https://`, or over `http://` to a
/// loopback host. Checked before anything is sent.
pub fn check_bearer_destination(route: &str, model: &str, base_url: &str) -> Result<(), RunError> {
    match refusal(base_url) {
        None => Ok(()),
        Some(problem) => Err(RunError::new(ErrorKind::Auth, route, model, problem).with_hint(HINT)),
    }
}

/// The fix for a refused destination.
pub const HINT: &str = "use an https:// base URL (plain http is allowed only to loopback hosts such as 127.0.0.1)";

/// Why a Bedrock API key must not go to `base_url`, or `None` when it may.
#[must_use]
pub fn refusal(base_url: &str) -> Option<String> {
    refusal_of("the Bedrock API key", base_url)
}

/// Why the key named `what` must not go to `base_url`, or `None` when it may.
#[must_use]
pub fn refusal_of(what: &str, base_url: &str) -> Option<String> {
    // An unparsable URL fails the request itself, naming the URL.
    let url = reqwest::Url::parse(base_url).ok()?;
    if url.scheme() != "http" || url.host_str().is_some_and(is_loopback) {
        return None;
    }
    let host = url.host_str().unwrap_or("no host");
    Some(format!("refusing to send {what} to {host} over plain http: it would travel unencrypted"))
}

/// Whether `base_url`'s host is loopback (127.0.0.0/8, `::1`, `localhost`).
#[must_use]
pub fn is_loopback_url(base_url: &str) -> bool {
    reqwest::Url::parse(base_url).is_ok_and(|url| url.host_str().is_some_and(is_loopback))
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_http_to_another_host_is_refused_naming_the_host() {
        let error = check_bearer_destination("bedrock-invoke", "m", "http://10.0.0.1:8080").unwrap_err();
        assert_eq!(error.kind, ErrorKind::Auth);
        assert!(error.message.contains("10.0.0.1") && error.message.contains("unencrypted"), "{error}");
        assert!(check_bearer_destination("bedrock-invoke", "m", "http://bedrock.example.com").is_err());
    }

    #[test]
    fn https_and_loopback_http_are_allowed() {
        for url in
            ["https://10.0.0.1", "http://127.0.0.1:4000", "http://127.0.0.2", "http://[::1]:80", "http://localhost"]
        {
            assert!(check_bearer_destination("bedrock-invoke", "m", url).is_ok(), "{url}");
        }
    }
}
