//! An HTTP request as a route builds it, before the credential is attached: what goes on the
//! wire, minus the secret, which the client adds last (or signs over).

/// Method, URL, headers and body of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A JSON `POST` to `url` with `headers` besides `content-type`.
    #[must_use]
    pub fn post_json(url: String, mut headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        headers.insert(0, ("content-type".into(), "application/json".into()));
        Self { method: "POST", url, headers, body }
    }
}
