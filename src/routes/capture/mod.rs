//! What a run really sent and received, captured at the point of sending (not rebuilt
//! afterwards) for the inspector: the request line, every header with its secrets masked, the
//! body, how it was signed; the response's status and headers; the body's chunks as they came.
//! The history keeps it with the run ([`Exchange`]), so a stored run can be inspected too.

mod body;
mod chunks;
pub mod frames;

pub use body::{ReceivedBody, ReceivedChunk};

use crate::auth::secret::mask;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Most response-body bytes an [`Exchange`] keeps: a runaway answer's wire is cut there (the
/// answer itself and its events are kept whole elsewhere).
pub const MAX_KEPT_BODY: usize = 4 * 1024 * 1024;

/// One run's exchange as captured: the request (the last attempt), the response's status and
/// headers, and the body's chunks with their timing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Exchange {
    #[serde(default)]
    pub request: Option<Box<SentRequest>>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub response_headers: Vec<(String, String)>,
    #[serde(default, with = "chunks")]
    pub chunks: ReceivedBody,
    /// Body bytes past [`MAX_KEPT_BODY`] that were not kept.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_bytes: u64,
    /// Which attempt this is: 1, or more after retries (0 before anything was sent).
    #[serde(default)]
    pub attempt: u32,
    /// Fewer body bytes to keep than [`MAX_KEPT_BODY`], for a command that only stores them
    /// ([`Exchange::keep_at_most`]); kept across attempts.
    #[serde(skip)]
    kept_limit: Option<usize>,
}

/// Equal when they hold the same exchange; how much a live one would keep is not content.
impl PartialEq for Exchange {
    fn eq(&self, other: &Self) -> bool {
        (&self.request, self.status, &self.response_headers, &self.chunks, self.dropped_bytes, self.attempt)
            == (
                &other.request,
                other.status,
                &other.response_headers,
                &other.chunks,
                other.dropped_bytes,
                other.attempt,
            )
    }
}

impl Eq for Exchange {}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Exchange {
    /// A new attempt went out: it replaces whatever an earlier attempt captured.
    pub fn sent(&mut self, request: Box<SentRequest>) {
        *self = Exchange {
            request: Some(request),
            attempt: self.attempt + 1,
            kept_limit: self.kept_limit,
            ..Exchange::default()
        };
    }

    /// Keep at most `limit` body bytes (less than [`MAX_KEPT_BODY`]): `ask` and `compare` have
    /// no inspector and store only the history's share, so they hold no more than that.
    pub fn keep_at_most(&mut self, limit: usize) {
        self.kept_limit = Some(limit);
    }

    /// Keep a piece of the body that arrived `at` after sending, up to [`MAX_KEPT_BODY`] bytes
    /// in all (or the limit set by [`Exchange::keep_at_most`]); the rest is counted as dropped.
    pub fn received(&mut self, at: Duration, bytes: &[u8]) {
        let limit = self.kept_limit.map_or(MAX_KEPT_BODY, |limit| limit.min(MAX_KEPT_BODY));
        let room = limit.saturating_sub(self.chunks.bytes().len());
        self.dropped_bytes += bytes.len().saturating_sub(room) as u64;
        self.chunks.push(at, &bytes[..bytes.len().min(room)]);
    }

    /// A copy keeping at most `limit` bytes of the body; the rest is counted as dropped.
    #[must_use]
    pub fn cut_to(&self, limit: usize) -> Exchange {
        let chunks = self.chunks.cut_to(limit);
        let dropped = self.chunks.bytes().len() - chunks.bytes().len();
        Exchange { chunks, dropped_bytes: self.dropped_bytes + dropped as u64, ..self.without_body() }
    }

    /// A copy without the body's bytes and reads, for what keeps the body apart.
    #[must_use]
    pub fn without_body(&self) -> Exchange {
        Exchange {
            request: self.request.clone(),
            status: self.status,
            response_headers: self.response_headers.clone(),
            chunks: ReceivedBody::default(),
            dropped_bytes: self.dropped_bytes,
            attempt: self.attempt,
            kept_limit: self.kept_limit,
        }
    }

    /// The response's `content-type`, if it sent one.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.response_headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.as_str())
    }
}

/// The request as it went on the wire, secrets masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    /// Every header, in the order sent, credentials masked ([`mask_header`]).
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// How a SigV4 route signed it.
    pub signing: Option<SigningView>,
    /// Where a bearer token or key came from and, for Google tokens, how long it had left.
    pub credential: CredentialView,
}

/// The parts of a SigV4 signature worth showing; the signature itself is safe to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningView {
    pub service: String,
    pub region: String,
    pub credential_scope: String,
    pub signed_headers: Vec<String>,
    /// With the session token masked.
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
}

/// Which credential the request carried, never its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialView {
    /// The source label the sidebar shows.
    pub source: String,
    /// A token's remaining life when it was sent (Google ADC tokens).
    pub expires_in_secs: Option<u64>,
}

/// Header names whose whole value is a secret.
const SECRET_HEADERS: [&str; 4] = ["x-api-key", "x-goog-api-key", "x-amz-security-token", "cookie"];

/// `value` as the inspector shows it for header `name`: API keys and bearer tokens keep a short
/// prefix and suffix, a SigV4 `Authorization` keeps its scope and signature but masks the
/// access key id (`AKIA…WXYZ`), a session token is masked whole.
#[must_use]
pub fn mask_header(name: &str, value: &str) -> String {
    let name = name.to_ascii_lowercase();
    if name == "x-amz-security-token" {
        return "****".to_owned();
    }
    if SECRET_HEADERS.contains(&name.as_str()) {
        return mask(value);
    }
    if name == "authorization" {
        if let Some(token) = value.strip_prefix("Bearer ") {
            return format!("Bearer {}", mask(token));
        }
        if let Some((head, rest)) = value.split_once("Credential=") {
            let (key_id, rest) = rest.split_once('/').unwrap_or((rest, ""));
            return format!("{head}Credential={}/{rest}", mask_key_id(key_id));
        }
        return mask(value);
    }
    value.to_owned()
}

/// An access key id as `AKIA…WXYZ`: its kind and last four, never the middle.
fn mask_key_id(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    if crate::auth::secret::is_masked(key_id) {
        return key_id.to_owned();
    }
    if chars.len() < 12 {
        return "****".to_owned();
    }
    format!("{}…{}", chars[..4].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_keeps_the_first_bytes_and_counts_the_rest() {
        let mut exchange = Exchange::default();
        exchange.received(Duration::from_millis(1), b"abcd");
        exchange.received(Duration::from_millis(2), b"efgh");
        let cut = exchange.cut_to(6);
        let kept: Vec<&[u8]> = cut.chunks.iter().map(|chunk| chunk.bytes).collect();
        assert_eq!(kept, [&b"abcd"[..], &b"ef"[..]]);
        assert_eq!((cut.dropped_bytes, cut.chunks.iter().nth(1).unwrap().at), (2, Duration::from_millis(2)));
        assert!(exchange.cut_to(0).chunks.is_empty());
        assert_eq!(exchange.cut_to(usize::MAX), exchange);
    }

    #[test]
    fn the_cap_counts_the_bytes_kept_not_the_reads() {
        let mut exchange = Exchange::default();
        let read = vec![7_u8; 1024 * 1024 + 1];
        for at in 0..5 {
            exchange.received(Duration::from_millis(at), &read);
        }
        assert_eq!((exchange.chunks.bytes().len(), exchange.chunks.len()), (MAX_KEPT_BODY, 4));
        assert_eq!(exchange.dropped_bytes, 5 * read.len() as u64 - MAX_KEPT_BODY as u64);
    }

    #[test]
    fn a_lower_limit_holds_across_attempts() {
        let mut exchange = Exchange::default();
        exchange.keep_at_most(3);
        exchange.received(Duration::ZERO, b"abcd");
        assert_eq!((exchange.chunks.bytes(), exchange.dropped_bytes), (&b"abc"[..], 1));
        let request = SentRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/v1/messages".into(),
            headers: Vec::new(),
            body: "{}".into(),
            signing: None,
            credential: CredentialView::default(),
        };
        exchange.sent(Box::new(request));
        exchange.received(Duration::ZERO, b"efgh");
        assert_eq!((exchange.chunks.bytes(), exchange.dropped_bytes), (&b"efg"[..], 1));
    }

    #[test]
    fn keys_and_tokens_keep_only_a_short_prefix_and_suffix() {
        assert_eq!(mask_header("x-api-key", "sk-ant-api03-ENVSECRET-7f3a9c"), "sk-a…3a9c");
        assert_eq!(mask_header("Authorization", "Bearer ya29.a0AfH6SMBxDISTINCT12"), "Bearer ya29…CT12");
        assert_eq!(mask_header("x-amz-security-token", "IQoJb3JpZ2luX2VjEKP"), "****");
        assert_eq!(mask_header("x-goog-api-key", "short"), "****");
        assert_eq!(mask_header("content-type", "application/json"), "application/json");
    }

    #[test]
    fn a_sigv4_authorization_masks_the_key_id_and_keeps_the_rest() {
        let value = "AWS4-HMAC-SHA256 Credential=AKIAROUTEPLAYDEMO01/20261126/us-east-1/bedrock/aws4_request, \
                     SignedHeaders=host;x-amz-date, Signature=abc123";
        assert_eq!(
            mask_header("authorization", value),
            "AWS4-HMAC-SHA256 Credential=AKIA…MO01/20261126/us-east-1/bedrock/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=abc123"
        );
    }
}
