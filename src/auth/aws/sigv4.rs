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
mod tests;
