//! A 3xx answer. routeplay follows no redirect (every client is built with
//! `redirect::Policy::none()`): a redirect would carry `x-api-key`, `x-goog-api-key`, SigV4
//! session tokens and the body to whatever host the `Location` names. The error names the
//! status and that host only, never the whole `Location` (its query could hold a secret).

use crate::routes::error::{ErrorKind, RunError};
use reqwest::Url;
use reqwest::header::LOCATION;

/// The error for a redirect `response` to a request on `route` for `model`.
#[must_use]
pub fn refused(route: &str, model: &str, response: &reqwest::Response) -> RunError {
    let location = response.headers().get(LOCATION).and_then(|value| value.to_str().ok());
    let to = match location {
        None => "without a Location".to_owned(),
        Some(location) => match response.url().join(location) {
            Ok(target) => format!("to {}", host_of(&target)),
            Err(_) => "to an unreadable Location".to_owned(),
        },
    };
    let mut error = RunError::new(
        ErrorKind::InvalidRequest,
        route,
        model,
        format!("the server answered with a redirect {to}, which routeplay does not follow (it would carry the credentials there)"),
    )
    .with_hint(format!(
        "point the route's base URL at the host that answers directly (the request went to {})",
        host_of(response.url())
    ));
    error.status = Some(response.status().as_u16());
    error
}

/// `host[:port]` of `url`, without its path and query.
fn host_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or("no host");
    url.port().map_or_else(|| host.to_owned(), |port| format!("{host}:{port}"))
}
