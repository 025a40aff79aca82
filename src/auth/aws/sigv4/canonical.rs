//! The SigV4 canonical request, rebuilt as text for the inspector.
//!
//! Every rule here mirrors `aws-sigv4` 1.x (`http_request/canonical_request.rs`), quirks included:
//! the query is form-decoded and re-encoded, header values only lose *spaces*, a repeated header
//! keeps its values in order joined by `,`. The parent module proves each result against the
//! signature `aws-sigv4` produced, so a rule that drifts shows up as an error, never as wrong text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use http::Uri;

use super::{PathEncoding, PathNormalization, SessionTokenSigning};

/// Header names `aws-sigv4` writes itself.
pub(super) const X_AMZ_DATE: &str = "x-amz-date";
pub(super) const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
pub(super) const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";

/// Everything the canonical request is made of.
pub(super) struct Inputs<'a> {
    pub method: &'a str,
    pub uri: &'a Uri,
    pub headers: &'a [(String, String)],
    pub path_encoding: PathEncoding,
    pub path_normalization: PathNormalization,
    pub session_token_signing: SessionTokenSigning,
    /// Header names `aws-sigv4` never signs (its `SigningSettings::excluded_headers`).
    pub excluded: &'a [Cow<'static, str>],
    /// `X-Amz-Date` as `aws-sigv4` wrote it.
    pub amz_date: &'a str,
    pub session_token: Option<&'a str>,
    /// Hex SHA-256 of the body.
    pub payload_hash: &'a str,
    /// Whether `x-amz-content-sha256` is added (and so signed).
    pub content_sha256_header: bool,
}

/// A canonical request and the headers it signs, sorted.
pub(super) struct Canonical {
    pub text: String,
    pub signed_headers: Vec<String>,
}

/// Builds the canonical request as `aws-sigv4` does when it signs in headers.
pub(super) fn canonical_request(inputs: &Inputs<'_>) -> Canonical {
    let headers = canonical_headers(inputs);
    let signed_headers: Vec<String> = headers
        .keys()
        .filter(|name| !inputs.excluded.iter().any(|excluded| excluded == name.as_str()))
        .filter(|name| {
            inputs.session_token_signing == SessionTokenSigning::Signed || name.as_str() != X_AMZ_SECURITY_TOKEN
        })
        .cloned()
        .collect();

    let mut lines = vec![inputs.method.to_owned(), canonical_uri(inputs), canonical_query(inputs.uri)];
    for name in &signed_headers {
        let values = headers.get(name).map(|values| values.join(",")).unwrap_or_default();
        lines.push(format!("{name}:{values}"));
    }
    lines.extend([String::new(), signed_headers.join(";"), inputs.payload_hash.to_owned()]);
    let text = lines.join("\n");
    Canonical { text, signed_headers }
}

/// Percent-encodes every byte except the unreserved `A-Za-z0-9-._~` (and `/` when `keep_slash`):
/// the set of `aws-smithy-http`'s `fmt_string`, which `aws-sigv4` uses for paths and queries.
pub(super) fn percent_encode(input: &str, keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The path, normalised and then (non-S3) percent-encoded once more: `%3A` on the wire is
/// `%253A` here.
fn canonical_uri(inputs: &Inputs<'_>) -> String {
    let path = inputs.uri.path();
    let path = match inputs.path_normalization {
        PathNormalization::Normalize => normalize_path(path),
        PathNormalization::AsIs => Cow::Borrowed(path),
    };
    match inputs.path_encoding {
        PathEncoding::Double => percent_encode(&path, true),
        PathEncoding::Single => path.into_owned(),
    }
}

/// Removes `.` and `..` segments and empty segments (`//`), keeping a trailing slash.
fn normalize_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    let path = if path.starts_with('/') { Cow::Borrowed(path) } else { Cow::Owned(format!("/{path}")) };
    if !(path.contains('.') || path.contains("//")) {
        return path;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normalized = format!("/{}", segments.join("/"));
    let trailing_slash = ["/", "/.", "/./", "/..", "/../"].iter().any(|end| path.ends_with(end));
    if trailing_slash && !normalized.ends_with('/') {
        normalized.push('/');
    }
    Cow::Owned(normalized)
}

/// The query as `aws-sigv4` signs it: form-decoded pairs (`+` is a space), re-encoded, sorted.
fn canonical_query(uri: &Uri) -> String {
    let mut pairs: Vec<(String, String)> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_encode(&form_decode(name), false), percent_encode(&form_decode(value), false))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, a `%` not followed by two hex
/// digits stays as it is, invalid UTF-8 becomes U+FFFD.
fn form_decode(input: &str) -> String {
    let bytes: Vec<u8> = input.bytes().map(|byte| if byte == b'+' { b' ' } else { byte }).collect();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut rest = bytes.as_slice();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%'
            && let [high, low, after @ ..] = tail
            && let (Some(high), Some(low)) = (hex_value(*high), hex_value(*low))
        {
            decoded.push(high << 4 | low);
            rest = after;
            continue;
        }
        decoded.push(first);
        rest = tail;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).and_then(|digit| u8::try_from(digit).ok())
}

/// Lower-cased names to their values in request order, plus what `aws-sigv4` adds: `host` (if
/// absent), `x-amz-date`, the session token and `x-amz-content-sha256`, each replacing a copy the
/// caller may have passed.
fn canonical_headers(inputs: &Inputs<'_>) -> BTreeMap<String, Vec<String>> {
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in inputs.headers {
        headers.entry(name.to_lowercase()).or_default().push(trim_spaces(value));
    }
    headers.entry("host".to_owned()).or_insert_with(|| vec![host_header(inputs.uri)]);
    headers.insert(X_AMZ_DATE.to_owned(), vec![inputs.amz_date.to_owned()]);
    if let Some(token) = inputs.session_token {
        headers.insert(X_AMZ_SECURITY_TOKEN.to_owned(), vec![token.to_owned()]);
    }
    if inputs.content_sha256_header {
        headers.insert(X_AMZ_CONTENT_SHA256.to_owned(), vec![inputs.payload_hash.to_owned()]);
    }
    headers
}

/// Trims spaces (only spaces, not tabs) at both ends and collapses runs of them to one.
fn trim_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut after_space = false;
    for c in value.trim_matches(' ').chars() {
        if c != ' ' || !after_space {
            out.push(c);
        }
        after_space = c == ' ';
    }
    out
}

/// The `host` header derived from the URL: the bare host when the port is the scheme's default
/// (which clients leave out of `Host`), else the whole authority.
fn host_header(uri: &Uri) -> String {
    let default_port = matches!(
        (uri.scheme_str(), uri.port().as_ref().map(http::uri::Port::as_str)),
        (Some("http"), Some("80")) | (Some("https"), Some("443"))
    );
    let host = if default_port { uri.host() } else { uri.authority().map(http::uri::Authority::as_str) };
    host.unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encode_keeps_only_unreserved_and_optionally_slash() {
        assert_eq!(percent_encode("aZ09-._~", false), "aZ09-._~");
        assert_eq!(percent_encode("a:b/c d%", false), "a%3Ab%2Fc%20d%25");
        assert_eq!(percent_encode("/a:b/%3A", true), "/a%3Ab/%253A");
        assert_eq!(percent_encode("ሴ", false), "%E1%88%B4");
    }

    #[test]
    fn normalize_path_matches_aws_sigv4() {
        for (input, expected) in [
            ("", "/"),
            ("/", "/"),
            ("foo", "/foo"),
            ("/foo/bar/", "/foo/bar/"),
            ("/./", "/"),
            ("/foo/bar/.", "/foo/bar/"),
            ("/foo/../bar/../", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/b/c/./../../g", "/a/g"),
            ("//foo//", "/foo/"),
            ("/foo%2F.%2Fbar", "/foo%2F.%2Fbar"),
            ("..", "/"),
        ] {
            assert_eq!(normalize_path(input), expected, "{input}");
        }
    }

    #[test]
    fn query_is_decoded_reencoded_and_sorted() {
        let uri: Uri = "https://h/?b=2&a=z&a=y&c&+x=%7e%zz&&".parse().unwrap();
        assert_eq!(canonical_query(&uri), "%20x=~%25zz&a=y&a=z&b=2&c=");
        let uri: Uri = "https://h/".parse().unwrap();
        assert_eq!(canonical_query(&uri), "");
    }

    #[test]
    fn form_decode_handles_bad_escapes_and_utf8() {
        assert_eq!(form_decode("%E1%88%B4"), "ሴ");
        assert_eq!(form_decode("%"), "%");
        assert_eq!(form_decode("%4"), "%4");
        assert_eq!(form_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn header_values_lose_only_spaces() {
        assert_eq!(trim_spaces("  a   b  c "), "a b c");
        assert_eq!(trim_spaces("\ta  b\t"), "\ta b\t");
        assert_eq!(trim_spaces("   "), "");
    }

    #[test]
    fn host_header_drops_only_the_default_port() {
        let host = |url: &str| host_header(&url.parse().unwrap());
        assert_eq!(host("https://h.example:443/"), "h.example");
        assert_eq!(host("http://h.example:80/"), "h.example");
        assert_eq!(host("https://h.example:8443/"), "h.example:8443");
        assert_eq!(host("http://h.example:443/"), "h.example:443");
        assert_eq!(host("https://h.example/"), "h.example");
    }
}
