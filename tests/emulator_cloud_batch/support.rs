//! Helpers for the emulator's batch surfaces: a started emulator on a short batch clock,
//! requests signed with the demo AWS credentials (S3's way or Bedrock's), and a Google access
//! token for the demo user.

#![allow(dead_code, reason = "each test file uses its own share of these helpers")]

use aws_credential_types::Credentials;
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use routeplay::auth::aws::sigv4::{self, ContentSha256, PathEncoding, PathNormalization, SignOptions, SignRequest};
use routeplay::emulator::{
    self, AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, EmulatorHandle, EmulatorOptions, GOOGLE_DEMO_CLIENT_ID,
    GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_REFRESH_TOKEN,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime};

pub const SONNET: &str = "anthropic.emulator-sonnet-v1:0";
pub const ROLE: &str = "arn:aws:iam::123456789012:role/routeplay-batch";

pub async fn start(step_ms: u64) -> EmulatorHandle {
    let options = EmulatorOptions {
        tokens_per_second: 0.0,
        batch_step: Duration::from_millis(step_ms),
        ..EmulatorOptions::default()
    };
    emulator::start(options).await.expect("the emulator starts")
}

/// How a request is signed: S3's way (path as sent, payload hash header) or every other
/// service's (path encoded twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    S3,
    Bedrock,
}

/// `method url` with `body`, signed for `service` with `secret`.
pub fn signed(method: &str, url: &str, body: &[u8], service: &str, signing: Signing, secret: &str) -> RequestBuilder {
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    let options = match signing {
        Signing::S3 => SignOptions {
            path_encoding: PathEncoding::Single,
            path_normalization: PathNormalization::AsIs,
            content_sha256: ContentSha256::Header,
            ..SignOptions::default()
        },
        Signing::Bedrock => SignOptions::default(),
    };
    let credentials = Credentials::new(AWS_DEMO_ACCESS_KEY_ID, secret, None, None, "test");
    let request = SignRequest { method, url, headers: &headers, body };
    let signed = sigv4::sign_with_options(&request, &credentials, "us-east-1", service, SystemTime::now(), options)
        .expect("signs");
    headers.extend(signed.headers);
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut builder = reqwest::Client::new().request(method, url).body(body.to_vec());
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder
}

/// Signed for S3 with the demo secret.
pub fn s3(method: &str, url: &str, body: &[u8]) -> RequestBuilder {
    signed(method, url, body, "s3", Signing::S3, AWS_DEMO_SECRET_ACCESS_KEY)
}

/// Signed for Bedrock's control plane with the demo secret.
pub fn bedrock(method: &str, url: &str, body: Option<&Value>) -> RequestBuilder {
    let body = body.map(|body| body.to_string().into_bytes()).unwrap_or_default();
    signed(method, url, &body, "bedrock", Signing::Bedrock, AWS_DEMO_SECRET_ACCESS_KEY)
}

/// The status, headers and body text.
pub async fn send(request: RequestBuilder) -> (StatusCode, HeaderMap, String) {
    let response = request.send().await.expect("sent");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("a body"))
}

/// The status, headers and body as JSON.
pub async fn send_json(request: RequestBuilder) -> (StatusCode, HeaderMap, Value) {
    let (status, headers, text) = send(request).await;
    let value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"));
    (status, headers, value)
}

/// An access token for the demo user (refresh-token grant).
pub async fn google_token(emu: &EmulatorHandle) -> String {
    let form = format!(
        "grant_type=refresh_token&client_id={GOOGLE_DEMO_CLIENT_ID}&client_secret={GOOGLE_DEMO_CLIENT_SECRET}&refresh_token={}",
        GOOGLE_DEMO_REFRESH_TOKEN.replace('/', "%2F")
    );
    let request = reqwest::Client::new()
        .post(format!("{}/token", emu.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form);
    let (status, _, body) = send_json(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"].as_str().expect("a token").to_owned()
}

/// `count` Bedrock InvokeModel records asking "Question N".
pub fn invoke_lines(count: usize) -> Vec<u8> {
    (0..count)
        .map(|n| {
            let body = json!({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100,
                              "messages": [{"role": "user", "content": format!("Question {n}")}]});
            json!({"recordId": format!("r{n}"), "modelInput": body}).to_string() + "\n"
        })
        .collect::<String>()
        .into_bytes()
}

/// Poll `read` every 5 ms until `done` says so (bounded), collecting each new status word.
pub async fn watch<F, Fut>(mut read: F, done: impl Fn(&str) -> bool) -> Vec<String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen: Vec<String> = Vec::new();
    loop {
        let word = read().await;
        if seen.last() != Some(&word) {
            seen.push(word.clone());
        }
        if done(&word) {
            return seen;
        }
        assert!(Instant::now() < deadline, "no end: {seen:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
