//! SigV4 signing: the one code path for every AWS request routeplay makes (Bedrock runtime and
//! control plane sign as `bedrock`, Mantle as `bedrock-mantle`, STS as `sts`).
//!
//! # Why there is a second canonicalisation here
//!
//! The signature always comes from `aws-sigv4` (`http_request::sign`); nothing here computes a
//! signature of its own making. But the inspector must show *what was signed* — the canonical
//! request and the string to sign — and `aws-sigv4` keeps both private. So the `canonical` submodule
//! rebuilds them as text, and [`sign_with_options`] then proves they are the ones `aws-sigv4`
//! signed: it derives the signing key and signs our string to sign with `aws-sigv4`'s own
//! `generate_signing_key` / `calculate_signature`, and requires the result to equal the
//! signature `aws-sigv4` put in `Authorization`. Equal signatures mean byte-equal strings to
//! sign, hence (through the SHA-256 inside) byte-equal canonical requests. Should a future
//! `aws-sigv4` canonicalise differently, signing fails with [`SignError::Mismatch`] instead of
//! the inspector showing text that was never signed.

mod canonical;

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4::{self, calculate_signature, generate_signing_key};
use aws_smithy_runtime_api::client::identity::Identity;
use http::Uri;

use canonical::{X_AMZ_CONTENT_SHA256, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN};

/// SigV4 signing names (the `signingName` of each service model), not endpoint prefixes.
pub mod service {
    /// Bedrock runtime (`bedrock-runtime.{region}.amazonaws.com`) and control plane
    /// (`bedrock.{region}.amazonaws.com`).
    pub const BEDROCK: &str = "bedrock";
    /// The Mantle Anthropic endpoint (`bedrock-mantle.{region}.api.aws`).
    pub const BEDROCK_MANTLE: &str = "bedrock-mantle";
    /// AWS Security Token Service.
    pub const STS: &str = "sts";
}

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The latest instant `aws-sigv4`'s date formatting can represent (9999-12-31T23:59:59Z); past
/// it, it panics.
const LAST_SIGNABLE_SECOND: u64 = 253_402_300_799;

/// The request to sign, as it will go on the wire.
#[derive(Clone, Copy)]
pub struct SignRequest<'a> {
    pub method: &'a str,
    /// Absolute URL with its path already percent-encoded for the wire (see
    /// [`encode_path_segment`]).
    pub url: &'a str,
    /// Headers that will be sent, all signed except `aws-sigv4`'s exclusions (`authorization`,
    /// `user-agent`, `x-amzn-trace-id`, `transfer-encoding`). `host` may be left out: it is
    /// derived from `url`. Values must be valid header values (no line breaks).
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// A signed request: headers to set, and how the signature was made.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// Headers to set on the request (replacing any copy already there): `authorization`,
    /// `x-amz-date`, `x-amz-security-token` when the credentials have a session token, and
    /// `x-amz-content-sha256` when [`SignOptions::content_sha256`] asks for it.
    pub headers: Vec<(String, String)>,
    pub details: SigningDetails,
}

/// What was signed, for the inspector. Proven equal to what `aws-sigv4` signed.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningDetails {
    /// Includes the session token when one is signed: show
    /// [`SigningDetails::redacted_canonical_request`] instead.
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// Lower-case, sorted.
    pub signed_headers: Vec<String>,
    /// `{yyyymmdd}/{region}/{service}/aws4_request`
    pub credential_scope: String,
    pub service: String,
    pub region: String,
}

/// Signing settings beyond what Bedrock needs. [`SignOptions::default`] is Bedrock's (and every
/// non-S3 service's): the others exist so the public SigV4 test suites run in full.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignOptions {
    pub path_encoding: PathEncoding,
    pub path_normalization: PathNormalization,
    pub session_token: SessionTokenSigning,
    pub content_sha256: ContentSha256,
}

/// How the canonical URI is made from the wire path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PathEncoding {
    /// Percent-encode the already-encoded wire path again (`%3A` → `%253A`), as every service
    /// but S3 expects.
    #[default]
    Double,
    /// Use the wire path as it is (S3).
    Single,
}

/// Whether `.`/`..` segments and `//` are resolved in the canonical URI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PathNormalization {
    /// Resolve them, as botocore does for every service but S3.
    #[default]
    Normalize,
    /// Keep the path as sent (S3).
    AsIs,
}

/// Whether the session token is part of the signature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SessionTokenSigning {
    /// `x-amz-security-token` is a signed header.
    #[default]
    Signed,
    /// The token header is added after signing (a few older services want this).
    Unsigned,
}

/// Whether the body hash is also sent as `x-amz-content-sha256` (and signed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContentSha256 {
    /// Only in the canonical request.
    #[default]
    Omit,
    /// Also as a header.
    Header,
}

/// Why a request was not signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("cannot sign `{url}`: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("cannot sign at {0:?}: SigV4 dates run from 1970 to 9999")]
    InvalidTime(SystemTime),
    #[error("aws-sigv4 could not sign the request: {0}")]
    Signing(String),
    /// Our canonical request is not the one `aws-sigv4` signed (see the module docs).
    #[error("routeplay's canonical request differs from the one aws-sigv4 signed: {0}")]
    Mismatch(String),
}

/// Signs `request` with Bedrock's settings ([`SignOptions::default`]).
pub fn sign(
    request: &SignRequest<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<Signed, SignError> {
    sign_with_options(request, credentials, region, service, time, SignOptions::default())
}

/// Signs `request` with `aws-sigv4`, then rebuilds and proves what was signed (module docs).
pub fn sign_with_options(
    request: &SignRequest<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    options: SignOptions,
) -> Result<Signed, SignError> {
    let uri = parse_url(request.url)?;
    check_time(time)?;
    let settings = settings(options);
    let signable = SignableRequest::new(
        request.method,
        request.url,
        request.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())),
        SignableBody::Bytes(request.body),
    )
    .map_err(|err| signing_error(&err))?;
    let (headers, signature) = sign_signable(signable, credentials, region, service, time, settings.clone())?;

    let amz_date = header_value(&headers, X_AMZ_DATE)
        .ok_or_else(|| SignError::Mismatch(format!("aws-sigv4 added no {X_AMZ_DATE} header")))?;
    let credential_scope = format!("{}/{region}/{service}/aws4_request", amz_date.get(..8).unwrap_or(amz_date));
    let payload_hash = sha256_hex(request.body)?;
    let canonical = canonical::canonical_request(&canonical::Inputs {
        method: request.method,
        uri: &uri,
        headers: request.headers,
        path_encoding: options.path_encoding,
        path_normalization: options.path_normalization,
        session_token_signing: options.session_token,
        excluded: settings.excluded_headers.as_deref().unwrap_or_default(),
        amz_date,
        session_token: credentials.session_token(),
        payload_hash: &payload_hash,
        content_sha256_header: options.content_sha256 == ContentSha256::Header,
    });
    let string_to_sign =
        format!("{ALGORITHM}\n{amz_date}\n{credential_scope}\n{}", sha256_hex(canonical.text.as_bytes())?);
    prove(&string_to_sign, credentials, time, region, service, &signature)?;

    let details = SigningDetails {
        canonical_request: canonical.text,
        string_to_sign,
        signature,
        signed_headers: canonical.signed_headers,
        credential_scope,
        service: service.to_owned(),
        region: region.to_owned(),
    };
    Ok(Signed { headers, details })
}

/// Percent-encodes one path segment the way AWS SDKs put a label on the wire: everything but
/// `A-Za-z0-9-._~`, so a model id's `:` becomes `%3A` and an ARN's `/` becomes `%2F`.
#[must_use]
pub fn encode_path_segment(id: &str) -> String {
    canonical::percent_encode(id, false)
}

impl SigningDetails {
    /// [`SigningDetails::canonical_request`] with the session token's value masked, for display.
    #[must_use]
    pub fn redacted_canonical_request(&self) -> String {
        let prefix = format!("{X_AMZ_SECURITY_TOKEN}:");
        self.canonical_request
            .split('\n')
            .map(|line| if line.starts_with(&prefix) { format!("{prefix}****") } else { line.to_owned() })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Never prints the session token.
impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), if name == X_AMZ_SECURITY_TOKEN { "****" } else { value.as_str() }))
            .collect();
        f.debug_struct("Signed").field("headers", &headers).field("details", &self.details).finish()
    }
}

/// Never prints the session token.
impl fmt::Debug for SigningDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningDetails")
            .field("canonical_request", &self.redacted_canonical_request())
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .field("signed_headers", &self.signed_headers)
            .field("credential_scope", &self.credential_scope)
            .field("service", &self.service)
            .field("region", &self.region)
            .finish()
    }
}

/// An absolute URL with a host; `aws-sigv4` panics on a URL without one.
fn parse_url(url: &str) -> Result<Uri, SignError> {
    let invalid = |reason: &str| SignError::InvalidUrl { url: url.to_owned(), reason: reason.to_owned() };
    let uri: Uri = url.parse().map_err(|err: http::uri::InvalidUri| invalid(&err.to_string()))?;
    if uri.scheme().is_none() || uri.host().is_none_or(str::is_empty) {
        return Err(invalid("not an absolute URL with a host"));
    }
    Ok(uri)
}

/// `aws-sigv4` formats dates with the `time` crate, which panics past year 9999; SigV4 has no
/// use for dates before 1970.
fn check_time(time: SystemTime) -> Result<(), SignError> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since_epoch) if since_epoch <= Duration::from_secs(LAST_SIGNABLE_SECOND) => Ok(()),
        _ => Err(SignError::InvalidTime(time)),
    }
}

fn settings(options: SignOptions) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::Headers;
    settings.percent_encoding_mode = match options.path_encoding {
        PathEncoding::Double => PercentEncodingMode::Double,
        PathEncoding::Single => PercentEncodingMode::Single,
    };
    settings.uri_path_normalization_mode = match options.path_normalization {
        PathNormalization::Normalize => UriPathNormalizationMode::Enabled,
        PathNormalization::AsIs => UriPathNormalizationMode::Disabled,
    };
    settings.session_token_mode = match options.session_token {
        SessionTokenSigning::Signed => SessionTokenMode::Include,
        SessionTokenSigning::Unsigned => SessionTokenMode::Exclude,
    };
    settings.payload_checksum_kind = match options.content_sha256 {
        ContentSha256::Omit => PayloadChecksumKind::NoHeader,
        ContentSha256::Header => PayloadChecksumKind::XAmzSha256,
    };
    settings
}

/// Runs `aws-sigv4`: the headers it adds (names lower-case) and its signature.
fn sign_signable(
    signable: SignableRequest<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    settings: SigningSettings,
) -> Result<(Vec<(String, String)>, String), SignError> {
    let identity = Identity::from(credentials.clone());
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|err| signing_error(&err))?
        .into();
    let (instructions, signature) =
        aws_sigv4::http_request::sign(signable, &params).map_err(|err| signing_error(&err))?.into_parts();
    let headers = instructions.headers().map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned())).collect();
    Ok((headers, signature))
}

/// Signs our string to sign with `aws-sigv4`'s key derivation and HMAC; it must give `expected`.
fn prove(
    string_to_sign: &str,
    credentials: &Credentials,
    time: SystemTime,
    region: &str,
    service: &str,
    expected: &str,
) -> Result<(), SignError> {
    let key = generate_signing_key(credentials.secret_access_key(), time, region, service);
    let ours = calculate_signature(key, string_to_sign.as_bytes());
    if ours == expected {
        Ok(())
    } else {
        Err(SignError::Mismatch(format!("signature {ours} from our string to sign, {expected} from aws-sigv4")))
    }
}

/// SHA-256 of `data` as lower-case hex, computed by `aws-sigv4`.
///
/// `aws-sigv4` keeps its hash function private, and this crate has no other SHA-256 (and rolls
/// no crypto of its own). The one digest `aws-sigv4` hands out is the `x-amz-content-sha256`
/// header it adds for a body when asked to, so `data` is signed as the body of a throwaway
/// request and that header read back. It is also, by construction, the body hash `aws-sigv4`
/// put in the real canonical request.
fn sha256_hex(data: &[u8]) -> Result<String, SignError> {
    let credentials = Credentials::new("digest", "digest", None, None, "routeplay-digest");
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let signable =
        SignableRequest::new("POST", "https://digest.invalid/", std::iter::empty(), SignableBody::Bytes(data))
            .map_err(|err| signing_error(&err))?;
    let (headers, _) = sign_signable(signable, &credentials, "digest", "digest", UNIX_EPOCH, settings)?;
    header_value(&headers, X_AMZ_CONTENT_SHA256)
        .map(str::to_owned)
        .ok_or_else(|| SignError::Signing(format!("aws-sigv4 added no {X_AMZ_CONTENT_SHA256} header")))
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(candidate, _)| candidate == name).map(|(_, value)| value.as_str())
}

/// An `aws-sigv4` error with its causes, which its own `Display` leaves out.
fn signing_error(err: &(dyn Error + 'static)) -> SignError {
    let chain: Vec<String> =
        std::iter::successors(Some(err), |&cause| cause.source()).map(ToString::to_string).collect();
    SignError::Signing(chain.join(": "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The public test suites' credentials and instant (2015-08-30T12:36:00Z).
    fn example_credentials(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_owned),
            None,
            "test",
        )
    }

    fn example_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_mins(24_015_636)
    }

    fn request<'a>(method: &'a str, url: &'a str, headers: &'a [(String, String)], body: &'a [u8]) -> SignRequest<'a> {
        SignRequest { method, url, headers, body }
    }

    fn sign_example(request: &SignRequest<'_>, token: Option<&str>, service: &str) -> Signed {
        sign(request, &example_credentials(token), "us-east-1", service, example_time()).unwrap()
    }

    fn header<'a>(signed: &'a Signed, name: &str) -> Option<&'a str> {
        header_value(&signed.headers, name)
    }

    const MODEL: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    const PROFILE_ARN: &str =
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";

    #[test]
    fn model_ids_are_encoded_as_one_path_segment() {
        assert_eq!(encode_path_segment(MODEL), "anthropic.claude-3-5-sonnet-20240620-v1%3A0");
        assert_eq!(
            encode_path_segment(PROFILE_ARN),
            "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0"
        );
        assert_eq!(encode_path_segment("us.a-b_c~d"), "us.a-b_c~d");
        assert_eq!(encode_path_segment("a b+é"), "a%20b%2B%C3%A9");
    }

    /// PROTOCOLS.md §3.2's worked example: the canonical URI encodes the wire path again.
    #[test]
    fn bedrock_canonical_uri_double_encodes_the_model_id() {
        let url = format!(
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/{}/invoke-with-response-stream",
            encode_path_segment(MODEL)
        );
        assert!(url.ends_with("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream"));
        let headers = [("content-type".to_owned(), "application/json".to_owned())];
        let signed = sign_example(&request("POST", &url, &headers, b"{}"), None, service::BEDROCK);
        let canonical_uri = signed.details.canonical_request.lines().nth(1).unwrap();
        assert_eq!(canonical_uri, "/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/invoke-with-response-stream");
        assert_eq!(signed.details.credential_scope, "20150830/us-east-1/bedrock/aws4_request");
    }

    #[test]
    fn inference_profile_arn_keeps_its_slash_inside_the_segment() {
        let url = format!(
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/{}/converse",
            encode_path_segment(PROFILE_ARN)
        );
        let signed = sign_example(&request("POST", &url, &[], b"{}"), None, service::BEDROCK);
        let canonical_uri = signed.details.canonical_request.lines().nth(1).unwrap();
        assert_eq!(
            canonical_uri,
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-5-sonnet-20240620-v1%253A0/converse"
        );
    }

    /// The suites' `get-vanilla` case, inline so it runs without the fixtures.
    #[test]
    fn get_vanilla_matches_the_published_vector() {
        let signed = sign_example(&request("GET", "https://example.amazonaws.com/", &[], b""), None, "service");
        let details = &signed.details;
        assert_eq!(
            details.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            details.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
        assert_eq!(details.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assert_eq!(
            header(&signed, "authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
        assert_eq!(header(&signed, "x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(signed.headers.len(), 2);
        assert_eq!(details.signed_headers, ["host", "x-amz-date"]);
        assert_eq!((details.service.as_str(), details.region.as_str()), ("service", "us-east-1"));
    }

    #[test]
    fn body_hash_is_in_the_canonical_request_and_optionally_a_header() {
        let url = "https://sts.us-east-1.amazonaws.com/";
        let headers = [("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned())];
        let body_hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
        let plain = sign_example(&request("POST", url, &headers, b"Param1=value1"), None, service::STS);
        assert!(plain.details.canonical_request.ends_with(&format!("\ncontent-type;host;x-amz-date\n{body_hash}")));
        assert_eq!(header(&plain, X_AMZ_CONTENT_SHA256), None);

        let options = SignOptions { content_sha256: ContentSha256::Header, ..SignOptions::default() };
        let req = request("POST", url, &headers, b"Param1=value1");
        let with_header =
            sign_with_options(&req, &example_credentials(None), "us-east-1", service::STS, example_time(), options)
                .unwrap();
        assert_eq!(header(&with_header, X_AMZ_CONTENT_SHA256), Some(body_hash));
        assert!(with_header.details.signed_headers.contains(&X_AMZ_CONTENT_SHA256.to_owned()));
    }

    #[test]
    fn session_token_is_signed_sent_and_never_printed() {
        let token = "session-token-value";
        let url = "https://bedrock-mantle.us-east-1.api.aws/anthropic/v1/messages";
        let signed = sign_example(&request("POST", url, &[], b"{}"), Some(token), service::BEDROCK_MANTLE);
        assert_eq!(header(&signed, X_AMZ_SECURITY_TOKEN), Some(token));
        assert_eq!(signed.details.signed_headers, ["host", "x-amz-date", "x-amz-security-token"]);
        assert!(signed.details.canonical_request.contains("\nx-amz-security-token:session-token-value\n"));
        assert!(signed.details.redacted_canonical_request().contains("\nx-amz-security-token:****\n"));
        assert!(!format!("{signed:?}").contains(token));
        assert_eq!(signed.details.credential_scope, "20150830/us-east-1/bedrock-mantle/aws4_request");
    }

    #[test]
    fn unsigned_session_token_is_still_sent() {
        let options = SignOptions { session_token: SessionTokenSigning::Unsigned, ..SignOptions::default() };
        let req = request("POST", "https://example.amazonaws.com/", &[], b"");
        let signed =
            sign_with_options(&req, &example_credentials(Some("t")), "us-east-1", "service", example_time(), options)
                .unwrap();
        assert_eq!(header(&signed, X_AMZ_SECURITY_TOKEN), Some("t"));
        assert_eq!(signed.details.signed_headers, ["host", "x-amz-date"]);
    }

    #[test]
    fn control_plane_query_is_sorted_and_port_kept_when_not_default() {
        let url =
            "https://bedrock.us-west-2.amazonaws.com:8443/foundation-models?byProvider=anthropic&byOutputModality=TEXT";
        let signed = sign_example(&request("GET", url, &[], b""), None, service::BEDROCK);
        let lines: Vec<&str> = signed.details.canonical_request.lines().collect();
        assert_eq!(lines[2], "byOutputModality=TEXT&byProvider=anthropic");
        assert_eq!(lines[3], "host:bedrock.us-west-2.amazonaws.com:8443");
    }

    /// Awkward but valid inputs must sign, and our canonical request must keep matching
    /// `aws-sigv4`'s (a mismatch would be an error).
    #[test]
    fn awkward_inputs_still_match_aws_sigv4() {
        let urls = [
            "https://h.example",
            "https://h.example/a/./b/../c//d/",
            "http://h.example:80/%2F%3a/~x?a=2&a=1&b&=v&+p=%7E%zz&&",
            "https://user@h.example:444/x?%E2%82%AC=%e2%82%ac",
        ];
        let header_sets: [&[(&str, &str)]; 3] = [
            &[],
            &[("X-Dup", " b  c "), ("x-dup", "a"), ("User-Agent", "ua"), ("X-Amz-Date", "stale"), ("Tab", "\tt")],
            &[
                ("Host", "other.example:81"),
                ("Authorization", "old"),
                ("X-Utf8", "é  ü"),
                ("x-amz-security-token", "mine"),
            ],
        ];
        for url in urls {
            for header_set in header_sets {
                let headers: Vec<(String, String)> =
                    header_set.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
                for token in [None, Some("tok")] {
                    for options in [
                        SignOptions::default(),
                        SignOptions {
                            path_encoding: PathEncoding::Single,
                            path_normalization: PathNormalization::AsIs,
                            session_token: SessionTokenSigning::Unsigned,
                            content_sha256: ContentSha256::Header,
                        },
                    ] {
                        let req = request("PUT", url, &headers, b"body");
                        let result = sign_with_options(
                            &req,
                            &example_credentials(token),
                            "eu-west-1",
                            "svc",
                            example_time(),
                            options,
                        );
                        assert!(result.is_ok(), "{url} {header_set:?} {token:?} {options:?}: {result:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let credentials = example_credentials(None);
        let sign_at = |url: &str, headers: &[(String, String)], time: SystemTime| {
            sign(&request("GET", url, headers, b""), &credentials, "us-east-1", "service", time)
        };
        for url in ["/model/x/invoke", "h.example/x", "https:///x", "not a url", ""] {
            assert!(matches!(sign_at(url, &[], example_time()), Err(SignError::InvalidUrl { .. })), "{url}");
        }
        let url = "https://h.example/";
        for bad in [("bad name", "v"), ("x-folded", "a\n b"), ("x-nul", "a\0b")] {
            let headers = [(bad.0.to_owned(), bad.1.to_owned())];
            assert!(matches!(sign_at(url, &headers, example_time()), Err(SignError::Signing(_))), "{bad:?}");
        }
        let far_future = UNIX_EPOCH + Duration::from_secs(LAST_SIGNABLE_SECOND + 1);
        assert!(matches!(sign_at(url, &[], far_future), Err(SignError::InvalidTime(_))));
        assert!(matches!(sign_at(url, &[], UNIX_EPOCH - Duration::from_secs(1)), Err(SignError::InvalidTime(_))));
        assert!(sign_at(url, &[], UNIX_EPOCH + Duration::from_secs(LAST_SIGNABLE_SECOND)).is_ok());
    }

    #[test]
    fn a_string_to_sign_aws_sigv4_did_not_sign_is_a_mismatch() {
        let credentials = example_credentials(None);
        let string_to_sign = "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
                              bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63";
        let expected = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        assert!(prove(string_to_sign, &credentials, example_time(), "us-east-1", "service", expected).is_ok());
        let tampered = string_to_sign.replace("bb57", "bb58");
        let result = prove(&tampered, &credentials, example_time(), "us-east-1", "service", expected);
        assert!(matches!(result, Err(SignError::Mismatch(_))));
    }

    #[test]
    fn sha256_comes_out_of_aws_sigv4_correctly() {
        assert_eq!(sha256_hex(b"").unwrap(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc").unwrap(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
