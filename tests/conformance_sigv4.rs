//! Conformance of the SigV4 signer (`routeplay::auth::aws::sigv4`) against two public SigV4 test
//! suites: botocore's copy and aws-c-auth's (see their READMEs and `SOURCES.md` in the fixtures
//! folder). Each case's request goes through the signer; its canonical request, string to sign
//! and `Authorization` header (botocore) or signature (aws-c-auth) must equal the expected files.
//!
//! Every case directory is listed in [`BOTOCORE_CASES`] / [`AWS_C_AUTH_CASES`] with how it runs;
//! a directory or file this test does not know fails it, so nothing is skipped unseen.
//!
//! Fixtures come from `$ROUTEPLAY_CONFORMANCE_DIR`, default `../shared/fixtures` next to the
//! crate. Without them the test prints `conformance-sigv4: SKIPPED (...)` and passes, unless
//! `ROUTEPLAY_REQUIRE_CONFORMANCE=1` makes a missing folder a failure.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use routeplay::auth::aws::sigv4::{
    ContentSha256, PathEncoding, PathNormalization, SessionTokenSigning, SignOptions, SignRequest, Signed,
    sign_with_options,
};
use serde::Deserialize;

const BOTOCORE: &str = "botocore-sigv4-testsuite";
const AWS_C_AUTH: &str = "aws-c-auth-sigv4-testsuite";

/// How a case runs.
#[derive(Clone, Copy)]
enum Plan {
    /// With the settings its suite gives it.
    Run,
    /// The fixture's path is raw (a space, UTF-8), not a wire path, and the expected canonical
    /// URI encodes it once. The request is sent with the path percent-encoded, as any client puts
    /// it on the wire, and signed with `PathEncoding::Single` so the canonical URI is that
    /// encoding once (Bedrock's double encoding would give `%2520`).
    RawPath,
    /// Excluded from the comparison: the request is one the signer must refuse. Why is printed.
    Refused(&'static str),
}

const MULTILINE: &str = "obs-fold multi-line header value (RFC 7230 §3.2.4, deprecated): no HTTP client \
                         sends one and it is not a valid header value, so the signer refuses it";

const BOTOCORE_CASES: &[(&str, Plan)] = &[
    ("get-header-key-duplicate", Plan::Run),
    ("get-header-value-multiline", Plan::Refused(MULTILINE)),
    ("get-header-value-order", Plan::Run),
    ("get-header-value-trim", Plan::Run),
    ("get-unreserved", Plan::Run),
    ("get-utf8", Plan::RawPath),
    ("get-vanilla", Plan::Run),
    ("get-vanilla-empty-query-key", Plan::Run),
    ("get-vanilla-query", Plan::Run),
    ("get-vanilla-query-order-encoded", Plan::Run),
    ("get-vanilla-query-order-key", Plan::Run),
    ("get-vanilla-query-order-key-case", Plan::Run),
    ("get-vanilla-query-order-value", Plan::Run),
    ("get-vanilla-query-unreserved", Plan::Run),
    ("get-vanilla-utf8-query", Plan::Run),
    ("get-vanilla-with-session-token", Plan::Run),
    ("normalize-path/get-relative", Plan::Run),
    ("normalize-path/get-relative-relative", Plan::Run),
    ("normalize-path/get-slash", Plan::Run),
    ("normalize-path/get-slash-dot-slash", Plan::Run),
    ("normalize-path/get-slash-pointless-dot", Plan::Run),
    ("normalize-path/get-slashes", Plan::Run),
    ("normalize-path/get-space", Plan::RawPath),
    ("normalize-path/get-special-character", Plan::Run),
    ("post-header-key-case", Plan::Run),
    ("post-header-key-sort", Plan::Run),
    ("post-header-value-case", Plan::Run),
    ("post-sts-token/post-sts-header-after", Plan::Run),
    ("post-sts-token/post-sts-header-before", Plan::Run),
    ("post-vanilla", Plan::Run),
    ("post-vanilla-empty-query-value", Plan::Run),
    ("post-vanilla-query", Plan::Run),
    ("post-x-www-form-urlencoded", Plan::Run),
    ("post-x-www-form-urlencoded-parameters", Plan::Run),
];

const AWS_C_AUTH_CASES: &[(&str, Plan)] = &[
    ("get-header-key-duplicate", Plan::Run),
    ("get-header-value-multiline", Plan::Refused(MULTILINE)),
    ("get-header-value-order", Plan::Run),
    ("get-header-value-trim", Plan::Run),
    ("get-relative-normalized", Plan::Run),
    ("get-relative-relative-normalized", Plan::Run),
    ("get-relative-relative-unnormalized", Plan::Run),
    ("get-relative-unnormalized", Plan::Run),
    ("get-slash-dot-slash-normalized", Plan::Run),
    ("get-slash-dot-slash-unnormalized", Plan::Run),
    ("get-slash-normalized", Plan::Run),
    ("get-slash-pointless-dot-normalized", Plan::Run),
    ("get-slash-pointless-dot-unnormalized", Plan::Run),
    ("get-slash-unnormalized", Plan::Run),
    ("get-slashes-normalized", Plan::Run),
    ("get-slashes-unnormalized", Plan::Run),
    ("get-space-normalized", Plan::RawPath),
    ("get-space-unnormalized", Plan::RawPath),
    ("get-unreserved", Plan::Run),
    ("get-utf8", Plan::RawPath),
    ("get-vanilla", Plan::Run),
    ("get-vanilla-empty-query-key", Plan::Run),
    ("get-vanilla-query", Plan::Run),
    ("get-vanilla-query-order-encoded", Plan::Run),
    ("get-vanilla-query-order-key-case", Plan::Run),
    ("get-vanilla-query-unreserved", Plan::Run),
    ("get-vanilla-utf8-query", Plan::Run),
    ("get-vanilla-with-session-token", Plan::Run),
    ("post-header-key-case", Plan::Run),
    ("post-header-key-sort", Plan::Run),
    ("post-header-value-case", Plan::Run),
    ("post-sts-header-after", Plan::Run),
    ("post-sts-header-before", Plan::Run),
    ("post-vanilla", Plan::Run),
    ("post-vanilla-empty-query-value", Plan::Run),
    ("post-vanilla-query", Plan::Run),
    ("post-x-www-form-urlencoded", Plan::Run),
    ("post-x-www-form-urlencoded-parameters", Plan::Run),
];

/// The query-signing files of every aws-c-auth case, which no case compares.
const QUERY_VARIANT_REASON: &str = "presigned-URL (query-string) signing: routeplay signs in headers only and \
                                    sends no presigned requests";

/// botocore's runner parameters (its README); the session token comes from the `.creq`.
const BOTOCORE_ACCESS_KEY: &str = "AKIDEXAMPLE";
const BOTOCORE_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const BOTOCORE_TIME: &str = "2015-08-30T12:36:00Z";
const BOTOCORE_REGION: &str = "us-east-1";
const BOTOCORE_SERVICE: &str = "service";

/// aws-c-auth's `context.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    credentials: ContextCredentials,
    /// Only the query-signing variants use it.
    #[serde(rename = "expiration_in_seconds")]
    _expiration_in_seconds: serde::de::IgnoredAny,
    normalize: bool,
    region: String,
    service: String,
    sign_body: bool,
    timestamp: String,
    #[serde(default)]
    omit_session_token: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextCredentials {
    access_key_id: String,
    secret_access_key: String,
    token: Option<String>,
}

/// One case, ready to sign.
struct Case {
    /// `suite/name`.
    label: String,
    plan: Plan,
    request: RawRequest,
    credentials: Credentials,
    region: String,
    service: String,
    time: SystemTime,
    options: SignOptions,
    expected: Expected,
}

struct Expected {
    canonical_request: String,
    string_to_sign: String,
    /// botocore's `.authz`.
    authorization: Option<String>,
    /// aws-c-auth's signature and signed request.
    signature: Option<String>,
    signed_request: Option<RawRequest>,
}

/// A request as a fixture writes it.
struct RawRequest {
    method: String,
    /// The request target exactly as written (may hold a space or raw UTF-8).
    target: String,
    host: String,
    /// All headers but `Host`, values as written; an obs-fold continuation is kept as `\n` + line.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

#[test]
fn sigv4_test_suites() {
    let Some(root) = fixture_root() else { return };
    let mut cases = botocore_cases(&root.join(BOTOCORE));
    cases.extend(aws_c_auth_cases(&root.join(AWS_C_AUTH)));

    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for case in &cases {
        match case.plan {
            Plan::Refused(reason) => match sign_case(case) {
                Ok(_) => failures.push(format!("{}: signed a request it must refuse ({reason})", case.label)),
                Err(err) => refused.push((case.label.as_str(), reason, err.to_string())),
            },
            Plan::Run | Plan::RawPath => failures.extend(check(case)),
        }
    }
    report(&cases, &refused);
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n\n"));
}

/// Signs one case and lists how it differs from the expected files.
fn check(case: &Case) -> Vec<String> {
    let signed = match sign_case(case) {
        Ok(signed) => signed,
        Err(err) => return vec![format!("{}: signing failed: {err}", case.label)],
    };
    let details = &signed.details;
    let authorization = header(&signed.headers, "authorization");
    let expected = &case.expected;
    let path = case.request.target.split('?').next().unwrap_or_default();
    let raw_path = wire_target(path) != path;
    let mut failures = Vec::new();
    if raw_path != matches!(case.plan, Plan::RawPath) {
        failures.push(format!("{}: the fixture path {path:?} is raw: {raw_path}, unlike its plan says", case.label));
    }
    let mut comparisons = vec![
        ("canonical request", Some(expected.canonical_request.as_str()), Some(details.canonical_request.as_str())),
        ("string to sign", Some(expected.string_to_sign.as_str()), Some(details.string_to_sign.as_str())),
        ("authorization", expected.authorization.as_deref(), authorization),
        ("signature", expected.signature.as_deref(), Some(details.signature.as_str())),
    ];
    if let Some(signed_request) = &expected.signed_request {
        comparisons.push((
            "signed request authorization",
            header(&signed_request.headers, "authorization"),
            authorization,
        ));
    }
    failures.extend(
        comparisons.into_iter().filter(|(_, expected, actual)| expected.is_some() && expected != actual).map(
            |(what, expected, actual)| {
                format!(
                    "{}: {what} differs\n--- expected\n{}\n--- actual\n{}",
                    case.label,
                    expected.unwrap_or(""),
                    actual.unwrap_or("")
                )
            },
        ),
    );
    if let Some(signed_request) = &expected.signed_request {
        let expected_added = added_headers(&case.request, signed_request);
        let mut actual_added: Vec<(String, String)> = signed.headers.clone();
        actual_added.sort();
        if expected_added != actual_added {
            failures.push(format!("{}: headers to add {actual_added:?}, expected {expected_added:?}", case.label));
        }
    }
    failures
}

fn sign_case(case: &Case) -> Result<Signed, routeplay::auth::aws::sigv4::SignError> {
    let url = format!("https://{}{}", case.request.host, wire_target(&case.request.target));
    let request = SignRequest {
        method: &case.request.method,
        url: &url,
        headers: &case.request.headers,
        body: &case.request.body,
    };
    sign_with_options(&request, &case.credentials, &case.region, &case.service, case.time, case.options)
}

/// Headers the signed request has beyond the unsigned one (names lower-case, sorted).
fn added_headers(request: &RawRequest, signed: &RawRequest) -> Vec<(String, String)> {
    let lower = |headers: &[(String, String)]| -> Vec<(String, String)> {
        headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned())).collect()
    };
    let before = lower(&request.headers);
    let mut added: Vec<(String, String)> =
        lower(&signed.headers).into_iter().filter(|header| !before.contains(header)).collect();
    added.sort();
    added
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)).map(|(_, value)| value.trim())
}

/// The request target as a client sends it: bytes that may not appear in a URI percent-encoded.
fn wire_target(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for byte in target.bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"<>\\^`{|}".contains(&byte) {
            write!(out, "%{byte:02X}").expect("writing to a String cannot fail");
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// Prints what ran, what was excluded and why, and which cases needed non-Bedrock options.
fn report(cases: &[Case], refused: &[(&str, &str, String)]) {
    let ran = cases.len() - refused.len();
    let names: Vec<&str> = refused.iter().map(|(label, _, _)| *label).collect();
    eprintln!("conformance-sigv4: ran {ran} cases ({} excluded: {})", refused.len(), names.join(", "));
    for (label, reason, err) in refused {
        eprintln!("conformance-sigv4:   excluded {label}: {reason}; refused with: {err}");
    }
    let with = |option: fn(&SignOptions) -> bool| -> String {
        let labels: Vec<&str> =
            cases.iter().filter(|case| option(&case.options)).map(|case| case.label.as_str()).collect();
        if labels.is_empty() { "none".to_owned() } else { labels.join(", ") }
    };
    eprintln!(
        "conformance-sigv4: non-Bedrock options used — single path encoding (raw fixture path): {}; \
         no path normalisation: {}; unsigned session token: {}; x-amz-content-sha256 header: {}",
        with(|options| options.path_encoding == PathEncoding::Single),
        with(|options| options.path_normalization == PathNormalization::AsIs),
        with(|options| options.session_token == SessionTokenSigning::Unsigned),
        with(|options| options.content_sha256 == ContentSha256::Header),
    );
    eprintln!(
        "conformance-sigv4: not compared: the query-signing variant (query-*.txt) of all {} {AWS_C_AUTH} cases: \
         {QUERY_VARIANT_REASON}",
        AWS_C_AUTH_CASES.len()
    );
}

// ---------------------------------------------------------------------------------------
// Loading the suites.
// ---------------------------------------------------------------------------------------

/// The fixture root, or `None` (after saying so) when the test should be skipped.
fn fixture_root() -> Option<PathBuf> {
    let root = std::env::var_os("ROUTEPLAY_CONFORMANCE_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"), PathBuf::from);
    let missing: Vec<PathBuf> =
        [BOTOCORE, AWS_C_AUTH].iter().map(|suite| root.join(suite)).filter(|dir| !dir.is_dir()).collect();
    if missing.is_empty() {
        return Some(root);
    }
    let missing = missing.iter().map(|dir| dir.display().to_string()).collect::<Vec<_>>().join(", ");
    assert!(
        std::env::var("ROUTEPLAY_REQUIRE_CONFORMANCE").as_deref() != Ok("1"),
        "conformance-sigv4: fixtures not found ({missing}) and ROUTEPLAY_REQUIRE_CONFORMANCE=1"
    );
    eprintln!("conformance-sigv4: SKIPPED (fixtures not found: {missing})");
    None
}

/// botocore: `NAME/NAME.{req,creq,sts,authz,sreq}`, some cases grouped one level down next to a
/// `.txt` note.
fn botocore_cases(suite: &Path) -> Vec<Case> {
    let mut found = Vec::new();
    for entry in entries(suite) {
        let name = file_name(&entry);
        if entry.is_file() {
            assert!(["LICENSE", "NOTICE", "README.md"].contains(&name.as_str()), "unknown file {}", entry.display());
        } else if entry.join(format!("{name}.req")).is_file() {
            found.push((name, entry));
        } else {
            for inner in entries(&entry) {
                let inner_name = file_name(&inner);
                if inner.is_dir() {
                    found.push((format!("{name}/{inner_name}"), inner));
                } else {
                    assert!(inner.extension().is_some_and(|ext| ext == "txt"), "unknown file {}", inner.display());
                }
            }
        }
    }
    known_cases(BOTOCORE, BOTOCORE_CASES, &found)
        .into_iter()
        .map(|(label, plan, dir)| {
            let stem = file_name(&dir);
            let files = ["req", "creq", "sts", "authz", "sreq"].map(|ext| format!("{stem}.{ext}"));
            expect_files(&dir, &files);
            let read_ext = |ext: &str| read(&dir.join(format!("{stem}.{ext}")));
            let canonical_request = read_ext("creq");
            let token = canonical_request.lines().find_map(|line| line.strip_prefix("x-amz-security-token:"));
            Case {
                label,
                plan,
                request: parse_request(&read_ext("req")),
                credentials: credentials(BOTOCORE_ACCESS_KEY, BOTOCORE_SECRET_KEY, token),
                region: BOTOCORE_REGION.to_owned(),
                service: BOTOCORE_SERVICE.to_owned(),
                time: parse_timestamp(BOTOCORE_TIME),
                options: options(plan, true, false, false),
                expected: Expected {
                    string_to_sign: read_ext("sts"),
                    authorization: Some(read_ext("authz")),
                    signature: None,
                    signed_request: None,
                    canonical_request,
                },
            }
        })
        .collect()
}

/// aws-c-auth: `NAME/` with `context.json`, `request.txt`, `header-*.txt` and `query-*.txt`.
fn aws_c_auth_cases(suite: &Path) -> Vec<Case> {
    let mut found = Vec::new();
    for entry in entries(suite) {
        if entry.is_file() {
            assert_eq!(file_name(&entry), "README.md", "unknown file {}", entry.display());
        } else {
            found.push((file_name(&entry), entry));
        }
    }
    known_cases(AWS_C_AUTH, AWS_C_AUTH_CASES, &found)
        .into_iter()
        .map(|(label, plan, dir)| {
            let variants = ["canonical-request", "signature", "signed-request", "string-to-sign"];
            let mut files = vec!["context.json".to_owned(), "request.txt".to_owned()];
            files.extend(variants.iter().flat_map(|file| [format!("header-{file}.txt"), format!("query-{file}.txt")]));
            expect_files(&dir, &files);
            let read_file = |file: &str| read(&dir.join(file));
            let context: Context = serde_json::from_str(&read_file("context.json"))
                .unwrap_or_else(|err| panic!("{label}: context.json: {err}"));
            let creds = &context.credentials;
            Case {
                label,
                plan,
                request: parse_request(&read_file("request.txt")),
                credentials: credentials(&creds.access_key_id, &creds.secret_access_key, creds.token.as_deref()),
                region: context.region.clone(),
                service: context.service.clone(),
                time: parse_timestamp(&context.timestamp),
                options: options(plan, context.normalize, context.omit_session_token, context.sign_body),
                expected: Expected {
                    canonical_request: read_file("header-canonical-request.txt"),
                    string_to_sign: read_file("header-string-to-sign.txt"),
                    authorization: None,
                    signature: Some(read_file("header-signature.txt")),
                    signed_request: Some(parse_request(&read_file("header-signed-request.txt"))),
                },
            }
        })
        .collect()
}

/// Pairs each found directory with its plan; fails on a directory not listed, or a listed one
/// not found.
fn known_cases(suite: &str, plans: &[(&str, Plan)], found: &[(String, PathBuf)]) -> Vec<(String, Plan, PathBuf)> {
    let listed: BTreeSet<&str> = plans.iter().map(|(name, _)| *name).collect();
    let present: BTreeSet<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
    let unknown: Vec<&&str> = present.difference(&listed).collect();
    assert!(
        unknown.is_empty(),
        "{suite}: case directories this test does not know: {unknown:?}; list each with its plan"
    );
    let missing: Vec<&&str> = listed.difference(&present).collect();
    assert!(missing.is_empty(), "{suite}: listed cases not found: {missing:?}");
    found
        .iter()
        .map(|(name, dir)| {
            let plan = plans.iter().find(|(listed, _)| listed == name).map_or(Plan::Run, |(_, plan)| *plan);
            (format!("{suite}/{name}"), plan, dir.clone())
        })
        .collect()
}

/// The options a case runs with: its suite's settings, plus single path encoding for
/// [`Plan::RawPath`].
fn options(plan: Plan, normalize: bool, omit_session_token: bool, sign_body: bool) -> SignOptions {
    SignOptions {
        path_encoding: if matches!(plan, Plan::RawPath) { PathEncoding::Single } else { PathEncoding::Double },
        path_normalization: if normalize { PathNormalization::Normalize } else { PathNormalization::AsIs },
        session_token: if omit_session_token { SessionTokenSigning::Unsigned } else { SessionTokenSigning::Signed },
        content_sha256: if sign_body { ContentSha256::Header } else { ContentSha256::Omit },
    }
}

fn credentials(access_key: &str, secret_key: &str, token: Option<&str>) -> Credentials {
    Credentials::new(access_key, secret_key, token.map(str::to_owned), None, "sigv4-test-suite")
}

/// Parses a raw HTTP/1.1 request. The `Host` header becomes [`RawRequest::host`].
fn parse_request(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text.trim_end_matches('\n'), ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, rest) = request_line.split_once(' ').unwrap_or_else(|| panic!("bad request line {request_line:?}"));
    let (target, _version) = rest.rsplit_once(' ').unwrap_or_else(|| panic!("bad request line {request_line:?}"));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().unwrap_or_else(|| panic!("continuation without a header: {line:?}"));
            value.push('\n');
            value.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("bad header line {line:?}"));
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let host_index = headers.iter().position(|(name, _)| name.eq_ignore_ascii_case("host"));
    let host = host_index.map(|index| headers.remove(index).1.trim().to_owned()).unwrap_or_default();
    RawRequest { method: method.to_owned(), target: target.to_owned(), host, headers, body: body.as_bytes().to_vec() }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (1970 or later).
fn parse_timestamp(text: &str) -> SystemTime {
    let bytes = text.as_bytes();
    assert!(bytes.len() == 20 && bytes[10] == b'T' && bytes[19] == b'Z', "unsupported timestamp {text}");
    let number = |start: usize, end: usize| -> u64 {
        text[start..end].parse().unwrap_or_else(|_| panic!("unsupported timestamp {text}"))
    };
    let (year, month, day) = (number(0, 4), number(5, 7), number(8, 10));
    // Days from civil date (H. Hinnant's algorithm), in a March-based year.
    let year = if month <= 2 { year - 1 } else { year };
    let (era, year_of_era) = (year / 400, year % 400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + number(11, 13) * 3_600 + number(14, 16) * 60 + number(17, 19);
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("reading {}: {err}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|err| panic!("reading {}: {err}", dir.display())).path())
        .collect();
    entries.sort();
    entries
}

fn expect_files(dir: &Path, expected: &[String]) {
    let present: BTreeSet<String> = entries(dir).iter().map(|path| file_name(path)).collect();
    let expected: BTreeSet<String> = expected.iter().cloned().collect();
    assert_eq!(present, expected, "files of {}", dir.display());
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A fixture file, CRLF normalised, without its trailing newlines.
fn read(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    text.replace("\r\n", "\n").trim_end_matches('\n').to_owned()
}

#[test]
fn timestamp_parser_matches_the_suites_instant() {
    /// `date -u -d 2015-08-30T12:36:00Z +%s`
    const SUITE_SECONDS: u64 = 1_440_938_160;
    assert_eq!(parse_timestamp(BOTOCORE_TIME), UNIX_EPOCH + Duration::from_secs(SUITE_SECONDS));
    let leap_day = parse_timestamp("2000-03-01T00:00:00Z").duration_since(parse_timestamp("2000-02-29T00:00:00Z"));
    assert_eq!(leap_day.ok(), Some(Duration::from_hours(24)));
    assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), UNIX_EPOCH + Duration::from_secs(1));
}
