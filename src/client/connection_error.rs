//! Why a request got no response: the host name did not resolve, the port refused, the
//! certificate was not trusted, or what came back could not be parsed as HTTP (20 MB of
//! headers). Named by the real cause from the error's source chain (reqwest's own words, such
//! as "client error (Connect)", say nothing), by host, never by the URL's query.

use crate::routes::error::{ErrorKind, RunError};
use std::error::Error;

/// A connection failure, named without the URL's query (which could hold a key), with the fix
/// for its cause.
#[must_use]
pub fn from_send(route: &str, model: &str, url: &str, error: &reqwest::Error) -> RunError {
    let causes = causes(error);
    let detail = if causes.is_empty() { error.to_string() } else { causes.join(": ") };
    let (kind, message, hint) = describe(url, &detail, error.is_timeout());
    RunError::new(kind, route, model, message).with_hint(hint)
}

/// What went wrong sending to `url`, from `detail` (the causes, outermost first): the kind, the
/// message and the fix.
fn describe(url: &str, detail: &str, timeout: bool) -> (ErrorKind, String, String) {
    let place = url.split('?').next().unwrap_or(url);
    let authority = host_port(url);
    let lower = detail.to_ascii_lowercase();
    // hyper's words for a response head past its limit (`Parse::TooLarge`); hyper is not a
    // direct dependency, so its error cannot be downcast.
    if lower.contains("message head is too large") {
        return (
            ErrorKind::Protocol,
            format!("the response from {place} could not be read: its headers are too large ({detail})"),
            "check the base URL: the server there does not answer as the provider's API does".into(),
        );
    }
    let kind = if timeout { ErrorKind::Timeout } else { ErrorKind::Connection };
    let (what, hint) = if lower.contains("dns error") || lower.contains("failed to lookup address") {
        (
            format!("cannot resolve the host of {place}"),
            "check the host name in the base URL, and the proxy settings (HTTPS_PROXY) if you use a proxy".to_owned(),
        )
    } else if lower.contains("certificate") {
        (
            format!("the certificate of {place} is not trusted"),
            "behind a corporate proxy that inspects TLS, point SSL_CERT_FILE (any route) or AWS_CA_BUNDLE \
             (Bedrock routes) at its CA certificate (PEM); otherwise check the host name in the base URL"
                .to_owned(),
        )
    } else if lower.contains("connection refused") {
        (
            format!("nothing accepts connections at {authority}"),
            format!("check the port in the base URL and that the server at {authority} is running"),
        )
    } else {
        (format!("cannot reach {place}"), "check the network, the base URL and any proxy settings".to_owned())
    };
    (kind, format!("{what}: {detail}"), hint)
}

/// `host:port` of `url`, the port filled in from the scheme; the URL itself when unparsable.
fn host_port(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => match (parsed.host_str(), parsed.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => url.split('?').next().unwrap_or(url).to_owned(),
        },
        Err(_) => url.split('?').next().unwrap_or(url).to_owned(),
    }
}

/// The error's causes, outermost first, each level once: each names a different layer
/// (`client error (Connect)`, `dns error`, then what the resolver said). A level whose words
/// the previous one already holds is left out.
#[must_use]
pub fn causes(error: &(dyn Error + 'static)) -> Vec<String> {
    let mut causes: Vec<String> = Vec::new();
    let mut cause = error.source();
    while let Some(current) = cause {
        let text = current.to_string();
        if !text.is_empty() && !causes.last().is_some_and(|last| last.contains(&text)) {
            causes.push(text);
        }
        cause = current.source();
    }
    // The outermost layer's wrapper says nothing when a cause follows it.
    if causes.len() > 1 && causes[0].starts_with("client error (") {
        causes.remove(0);
    }
    causes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chain reqwest builds for a failed connection: an outer error whose sources are
    /// hyper-util's, the connector's, then the system's.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|layer| layer as &(dyn Error + 'static))
        }
    }

    fn chain(words: &[&'static str]) -> Layer {
        words.iter().rev().fold(None, |inner, word| Some(Layer(word, inner.map(Box::new)))).expect("words")
    }

    fn described(chain: &Layer, url: &str) -> (ErrorKind, String, String) {
        describe(url, &causes(chain).join(": "), false)
    }

    #[test]
    fn a_name_that_does_not_resolve_says_so_and_to_check_the_host_and_proxy() {
        let error = chain(&[
            "error sending request for url (https://nonexistent.invalid/v1/messages)",
            "client error (Connect)",
            "dns error",
            "failed to lookup address information: Name or service not known",
        ]);
        let (kind, message, hint) = described(&error, "https://nonexistent.invalid/v1/messages");
        assert_eq!(kind, ErrorKind::Connection);
        assert_eq!(
            message,
            "cannot resolve the host of https://nonexistent.invalid/v1/messages: dns error: failed to lookup \
             address information: Name or service not known"
        );
        assert!(!message.contains("client error (Connect)"), "{message}");
        assert!(hint.contains("host name") && hint.contains("HTTPS_PROXY"), "{hint}");
    }

    #[test]
    fn an_untrusted_certificate_names_the_issuer_problem_and_the_ca_variables() {
        let error = chain(&[
            "error sending request for url (https://bedrock-runtime.us-east-1.amazonaws.com/)",
            "client error (Connect)",
            "invalid peer certificate: UnknownIssuer",
        ]);
        let (_, message, hint) = described(&error, "https://bedrock-runtime.us-east-1.amazonaws.com/model");
        assert!(message.ends_with("is not trusted: invalid peer certificate: UnknownIssuer"), "{message}");
        assert!(hint.contains("SSL_CERT_FILE") && hint.contains("AWS_CA_BUNDLE"), "{hint}");
    }

    #[test]
    fn a_refused_connection_names_host_and_port_and_says_to_check_the_port() {
        let error = chain(&["x", "client error (Connect)", "tcp connect error", "Connection refused (os error 111)"]);
        let (_, message, hint) = described(&error, "http://127.0.0.1:9/v1/messages?key=secret");
        assert!(message.starts_with("nothing accepts connections at 127.0.0.1:9: tcp connect error"), "{message}");
        assert!(hint.contains("port") && !hint.contains("secret"), "{hint}");
    }

    #[test]
    fn repeated_words_are_said_once() {
        let error = chain(&["outer", "service error: ExpiredToken", "ExpiredToken"]);
        assert_eq!(causes(&error), ["service error: ExpiredToken"]);
    }
}
