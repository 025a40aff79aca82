//! SigV4 signing against published vectors and aws-sigv4: model-id encoding, body hashes, session tokens, awkward and bad inputs.

use super::*;

/// The public test suites' credentials and instant (2015-08-30T12:36:00Z).
fn example_credentials(token: Option<&str>) -> Credentials {
    Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token.map(str::to_owned), None, "test")
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
    let url =
        format!("https://bedrock-runtime.us-east-1.amazonaws.com/model/{}/converse", encode_path_segment(PROFILE_ARN));
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
        &[("Host", "other.example:81"), ("Authorization", "old"), ("X-Utf8", "é  ü"), ("x-amz-security-token", "mine")],
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
