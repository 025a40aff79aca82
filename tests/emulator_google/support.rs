//! Helpers for the Google surface tests: a started emulator, requests with the demo
//! credentials, SSE parsing, and a service account generated on the spot (aws-lc-rs) that
//! signs RS256 JWTs.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::{RequestBuilder, Response, StatusCode};
use routeplay::emulator::{
    self, EmulatorHandle, EmulatorOptions, GOOGLE_DEMO_API_KEY, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET,
    GOOGLE_DEMO_REFRESH_TOKEN,
};
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

pub const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";
pub const SONNET: &str = "claude-sonnet-4-5@20250929";

pub async fn start() -> EmulatorHandle {
    start_with(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await
}

pub async fn start_with(options: EmulatorOptions) -> EmulatorHandle {
    emulator::start(options).await.expect("the emulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// `POST {base}/v1beta/models/{model}:{method}{query}` with the demo key.
pub fn gemini(emu: &EmulatorHandle, path: &str, body: &Value) -> RequestBuilder {
    http()
        .post(format!("{}/v1beta/models/{path}", emu.base_url()))
        .header("x-goog-api-key", GOOGLE_DEMO_API_KEY)
        .json(body)
}

/// `POST {base}/v1/projects/p1/locations/{location}/publishers/{publisher}/models/{path}`.
pub fn vertex(emu: &EmulatorHandle, location: &str, publisher: &str, path: &str, token: &str) -> RequestBuilder {
    let url = format!("{}/v1/projects/p1/locations/{location}/publishers/{publisher}/models/{path}", emu.base_url());
    http().post(url).bearer_auth(token)
}

/// A Gemini body with one user turn.
pub fn prompt(text: &str) -> Value {
    json!({ "contents": [{ "role": "user", "parts": [{ "text": text }] }] })
}

/// A Vertex Claude body.
pub fn claude_body(stream: bool) -> Value {
    json!({
        "anthropic_version": "vertex-2023-10-16",
        "max_tokens": 200,
        "stream": stream,
        "messages": [{ "role": "user", "content": "Tell me about tides." }],
    })
}

/// A form-encoded `POST /token`.
pub async fn token_request(emu: &EmulatorHandle, form: &[(&str, &str)]) -> Response {
    let body: Vec<String> = form.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
    http()
        .post(format!("{}/token", emu.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.join("&"))
        .send()
        .await
        .expect("sent")
}

/// An access token for the demo user, from the refresh-token grant.
pub async fn user_token(emu: &EmulatorHandle) -> String {
    let response = token_request(
        emu,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", GOOGLE_DEMO_CLIENT_ID),
            ("client_secret", GOOGLE_DEMO_CLIENT_SECRET),
            ("refresh_token", GOOGLE_DEMO_REFRESH_TOKEN),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    body["access_token"].as_str().expect("a token").to_owned()
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The status and the body as JSON.
pub async fn status_json(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("sent");
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

/// The status, headers and whole body text.
pub async fn status_text(request: RequestBuilder) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = request.send().await.expect("sent");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

/// The events of an SSE body (any line ending), each as its blank-line-separated block.
pub fn blocks(body: &str) -> Vec<String> {
    let normal = body.replace("\r\n", "\n");
    normal.split("\n\n").filter(|block| !block.trim().is_empty()).map(str::to_owned).collect()
}

/// The JSON `data:` of every SSE event.
pub fn data(body: &str) -> Vec<Value> {
    blocks(body)
        .iter()
        .filter_map(|block| block.strip_prefix("data: "))
        .map(|data| serde_json::from_str(data).unwrap_or_else(|e| panic!("bad data ({e}): {data}")))
        .collect()
}

/// A service account made for the test: its key file and its signing key.
pub struct ServiceAccount {
    pub email: String,
    pub key_id: String,
    pub key_file: Value,
    pair: KeyPair,
}

impl ServiceAccount {
    pub fn generate(email: &str) -> Self {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("an RSA key");
        let pkcs8 = pair.as_der().expect("PKCS#8");
        let body = STANDARD.encode(pkcs8.as_ref());
        let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).expect("base64")).collect();
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"));
        let key_id = "0123456789abcdef0123456789abcdef01234567".to_owned();
        let key_file = json!({
            "type": "service_account",
            "project_id": "p1",
            "private_key_id": key_id,
            "private_key": pem,
            "client_email": email,
            "client_id": "109876543210987654321",
            "token_uri": "https://oauth2.googleapis.com/token",
        });
        Self { email: email.to_owned(), key_id, key_file, pair }
    }

    /// An RS256 JWT of `claims`, with this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({ "alg": "RS256", "typ": "JWT", "kid": self.key_id });
        let input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), input.as_bytes(), &mut signature).expect("signed");
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// Claims as google-cloud-auth's self-signed JWTs carry them, `exp` seconds from now.
    pub fn claims(&self, extra: &Value, exp: i64) -> Value {
        let now = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs()).expect("now");
        let mut claims = json!({ "iss": self.email, "sub": self.email, "iat": now, "exp": now + exp });
        if let (Some(claims), Some(extra)) = (claims.as_object_mut(), extra.as_object()) {
            claims.extend(extra.clone());
        }
        claims
    }
}

/// `token` with its last signature character changed.
pub fn tampered(token: &str) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    let at = chars.len() - 5;
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}
