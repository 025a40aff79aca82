//! SigV4 verification by re-signing: parse the `Authorization` header, check the key id, the
//! service, the session token and the date, then sign the request as received (method, path
//! still percent-encoded, query, the signed headers, body, `x-amz-date`) with `aws-sigv4` and
//! the configured secret, and compare signatures. No crypto here: `aws-sigv4` does it all.
//!
//! The path goes in exactly as it arrived and `aws-sigv4` encodes it once more, as clients do
//! for every service but S3: a model id `…v1:0` sent as `…v1%3A0` is signed as `…v1%253A0`.

use super::credentials::AwsDemo;
use super::failure::Failure;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PercentEncodingMode, SignableBody, SignableRequest, SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use axum::http::{HeaderMap, Method, Uri, header};
use std::time::{Duration, SystemTime};

/// The only algorithm accepted.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// How far a request's time may be from the server's, either way.
const SKEW: Duration = Duration::from_mins(15);

/// A request as it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Authorization<'a> {
    access_key_id: &'a str,
    /// `YYYYMMDD` of the credential scope.
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

/// Verify the SigV4 `authorization` value of `received` for `service` at time `now`; the
/// region the request was signed for if it holds.
pub fn verify(
    aws: &AwsDemo,
    service: &'static str,
    authorization: &str,
    received: Received<'_>,
    now: SystemTime,
) -> Result<String, Failure> {
    verify_as(aws, service, authorization, received, now, false)
}

/// [`verify`] as S3 signs: the path as sent (encoded once, not normalised) and the payload
/// hash from `x-amz-content-sha256` (which the caller checks against the body).
pub fn verify_s3(
    aws: &AwsDemo,
    authorization: &str,
    received: Received<'_>,
    now: SystemTime,
) -> Result<String, Failure> {
    verify_as(aws, "s3", authorization, received, now, true)
}

fn verify_as(
    aws: &AwsDemo,
    service: &'static str,
    authorization: &str,
    received: Received<'_>,
    now: SystemTime,
    s3: bool,
) -> Result<String, Failure> {
    let auth = parse(authorization)?;
    if auth.access_key_id != aws.access_key_id {
        return Err(Failure::UnknownKey);
    }
    if auth.service != service {
        return Err(Failure::WrongService(service));
    }
    let token = text(received.headers, "x-amz-security-token")?;
    if aws.session_token.as_deref().is_some_and(|expected| token != Some(expected)) {
        return Err(Failure::UnknownKey);
    }
    let stamp = text(received.headers, "x-amz-date")?.ok_or_else(|| {
        Failure::Incomplete(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.".into(),
        )
    })?;
    let time = parse_stamp(stamp)
        .ok_or_else(|| Failure::Incomplete(format!("Date must be in ISO-8601 'basic format'. Got '{stamp}'.")))?;
    if !stamp.starts_with(auth.date) {
        return Err(Failure::Signature(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', \
             from '{stamp}'.",
            auth.date,
            &stamp[..8],
        )));
    }
    check_skew(stamp, time, now)?;
    // A timing-safe comparison is not needed on loopback with demo credentials.
    if signature(aws, &auth, token, time, received, s3)? == auth.signature {
        Ok(auth.region.to_owned())
    } else {
        Err(Failure::Mismatch)
    }
}

fn parse(value: &str) -> Result<Authorization<'_>, Failure> {
    let rest = value.strip_prefix(ALGORITHM).and_then(|rest| rest.strip_prefix(' ')).unwrap_or("");
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim).filter(|part| !part.is_empty()) {
        match part.split_once('=') {
            Some(("Credential", value)) => credential = Some(value),
            Some(("SignedHeaders", value)) => signed_headers = Some(value),
            Some(("Signature", value)) => signature = Some(value),
            _ => {
                return Err(Failure::Incomplete(format!(
                    "'{part}' not a valid key=value pair (missing equal-sign) in Authorization header"
                )));
            }
        }
    }
    let missing: Vec<String> =
        [("Credential", credential), ("Signature", signature), ("SignedHeaders", signed_headers)]
            .iter()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| format!("Authorization header requires '{name}' parameter."))
            .collect();
    let (Some(credential), Some(signed_headers), Some(signature)) = (credential, signed_headers, signature) else {
        return Err(Failure::Incomplete(missing.join(" ")));
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
        return Err(Failure::Incomplete(format!(
            "Credential should be scoped to a valid region, service and terminal 'aws4_request': '{credential}'."
        )));
    };
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed_headers.split(';').collect(),
        signature,
    })
}

/// The signature `aws-sigv4` computes for `received` with the configured secret.
fn signature(
    aws: &AwsDemo,
    auth: &Authorization<'_>,
    token: Option<&str>,
    time: SystemTime,
    received: Received<'_>,
    s3: bool,
) -> Result<String, Failure> {
    let host = match received.headers.get(header::HOST) {
        Some(host) => host.to_str().map_err(|_| Failure::Mismatch)?,
        None => received.uri.authority().map(axum::http::uri::Authority::as_str).ok_or(Failure::Mismatch)?,
    };
    // The signer adds `host`, `x-amz-date` and the token itself; every other signed header
    // goes in with all its values, and nothing else does.
    let mut headers = vec![("host", host)];
    for name in auth.signed_headers.iter().filter(|name| **name != "host") {
        for value in received.headers.get_all(*name) {
            headers.push((name, value.to_str().map_err(|_| Failure::Mismatch)?));
        }
    }
    let identity: Identity = Credentials::new(
        aws.access_key_id.clone(),
        aws.secret_access_key.clone(),
        token.map(str::to_owned),
        None,
        "routeplay-emulator",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None;
    let sha256 = text(received.headers, "x-amz-content-sha256")?.filter(|_| s3);
    if s3 {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(auth.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|_| Failure::Mismatch)?
        .into();
    let target = received.uri.path_and_query().map_or("/", |target| target.as_str());
    let request = SignableRequest::new(
        received.method.as_str(),
        target,
        headers.into_iter(),
        match sha256 {
            Some(hash) => SignableBody::Precomputed(hash.to_owned()),
            None => SignableBody::Bytes(received.body),
        },
    )
    .map_err(|_| Failure::Mismatch)?;
    Ok(sign(request, &params).map_err(|_| Failure::Mismatch)?.into_parts().1)
}

/// A header's value as text; not text at all is a signature that cannot match.
fn text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, Failure> {
    headers.get(name).map(|value| value.to_str().map_err(|_| Failure::Mismatch)).transpose()
}

/// `20250101T120000Z` (ISO 8601 basic format, UTC) as a time.
fn parse_stamp(stamp: &str) -> Option<SystemTime> {
    let bytes = stamp.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' || !digits(0..8) || !digits(9..15) {
        return None;
    }
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    );
    SystemTime::try_from(DateTime::from_str(&rfc3339, Format::DateTime).ok()?).ok()
}

/// A time in the basic format, whole seconds.
fn format_stamp(time: SystemTime) -> String {
    let seconds = DateTime::from(time).secs();
    DateTime::from_secs(seconds).fmt(Format::DateTime).unwrap_or_default().replace(['-', ':'], "")
}

/// Refuse a request signed more than 15 minutes away from `now`, as AWS words it.
fn check_skew(stamp: &str, time: SystemTime, now: SystemTime) -> Result<(), Failure> {
    let shown = format_stamp(now);
    if time + SKEW < now {
        let limit = format_stamp(now - SKEW);
        return Err(Failure::Signature(format!(
            "Signature expired: {stamp} is now earlier than {limit} ({shown} - 15 min.)"
        )));
    }
    if time > now + SKEW {
        let limit = format_stamp(now + SKEW);
        return Err(Failure::Signature(format!(
            "Signature not yet current: {stamp} is still later than {limit} ({shown} + 15 min.)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request, \
                        SignedHeaders=host;x-amz-date, Signature=abc";

    #[test]
    fn parses_the_header() {
        let auth = parse(AUTH).expect("valid");
        assert_eq!(
            auth,
            Authorization {
                access_key_id: "AKID",
                date: "20250101",
                region: "us-east-1",
                service: "bedrock",
                signed_headers: vec!["host", "x-amz-date"],
                signature: "abc",
            }
        );
        let incomplete = |value: &str| match parse(value) {
            Err(Failure::Incomplete(message)) => message,
            other => panic!("{other:?}"),
        };
        assert!(incomplete("Basic abc").contains("requires 'Credential'"));
        assert!(incomplete("AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request").contains("'Signature'"));
        assert!(incomplete("AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=x").contains("scoped"));
    }

    #[test]
    fn stamps_round_trip() {
        let time = parse_stamp("20250102T030405Z").expect("valid");
        assert_eq!(format_stamp(time), "20250102T030405Z");
        for bad in ["2025-01-02T03:04:05Z", "20250102T030405", "2025010xT030405Z", "20251302T030405Z", ""] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn refuses_before_re_signing() {
        let aws = AwsDemo::default();
        let uri = Uri::from_static("/model/x/invoke");
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-date", HeaderValue::from_static("20250101T000000Z"));
        let received = Received { method: &Method::POST, uri: &uri, headers: &headers, body: b"" };
        let now = parse_stamp("20250101T000000Z").expect("valid");
        assert_eq!(verify(&aws, "bedrock", AUTH, received, now), Err(Failure::UnknownKey));
        let ours = AUTH.replace("AKID", &aws.access_key_id);
        assert_eq!(verify(&aws, "sts", &ours, received, now), Err(Failure::WrongService("sts")));
        assert_eq!(verify(&aws, "bedrock", &ours, received, now), Err(Failure::Mismatch));
        let late = now + Duration::from_mins(16);
        assert!(
            matches!(verify(&aws, "bedrock", &ours, received, late), Err(Failure::Signature(m)) if m.contains("expired"))
        );
        let with_token = AwsDemo { session_token: Some("t".into()), ..AwsDemo::default() };
        assert_eq!(verify(&with_token, "bedrock", &ours, received, now), Err(Failure::UnknownKey));
    }
}
