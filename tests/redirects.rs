//! No redirect is followed: a loopback server on 127.0.0.1 answers every request with a 3xx to
//! a listener on 127.0.0.2 (loopback too), and that listener must never see a connection. The
//! credentials (`x-api-key`, `x-goog-api-key`, a SigV4 session token, a Bedrock API key, an
//! OAuth refresh token) and the body stay with the configured host, and the error names the
//! status and the other host, never the `Location`'s query.

use aws_credential_types::Credentials;
use routeplay::auth::Credential;
use routeplay::auth::google::{AdcOrigin, GoogleAuthErrorKind, GoogleTokens, adc_from_json};
use routeplay::auth::secret::Secret;
use routeplay::client::Client;
use routeplay::client::setup::{Auth, RouteSetup};
use routeplay::config::file::Network;
use routeplay::models::discovery::discover;
use routeplay::routes::error::RunError;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{Place, RouteId, Target};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A query the `Location` carries, which no message may repeat.
const LOCATION_SECRET: &str = "sig=location-query-secret";

/// The other host: counts every connection it is offered.
struct Decoy {
    host: String,
    connections: Arc<AtomicUsize>,
}

async fn decoy() -> Decoy {
    let listener = TcpListener::bind("127.0.0.2:0").await.expect("127.0.0.2 is loopback");
    let host = listener.local_addr().expect("address").to_string();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
        }
    });
    Decoy { host, connections }
}

/// The configured host: answers every request with `status` and a `Location` on the decoy.
/// Returns its base URL and how many requests it answered.
async fn redirector(status: u16, decoy: &Decoy) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let answered = Arc::new(AtomicUsize::new(0));
    let (counted, location) = (answered.clone(), format!("http://{}/landing?{LOCATION_SECRET}", decoy.host));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (counted, location) = (counted.clone(), location.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let answer = format!(
                    "HTTP/1.1 {status} Moved\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    (base, answered)
}

async fn run(route: RouteId, model: &str, setup: RouteSetup) -> RunError {
    let client = Client::new(&Network::default());
    let target = Target::new(route, model);
    let request = ChatRequest::single("hello");
    let mut report = |_| {};
    client.run(&target, &request, setup, &mut report).await.expect_err("a redirect is an error")
}

/// The run failed on the redirect, named the decoy's host and nothing of the `Location`'s
/// query, and nothing reached the decoy.
fn assert_refused(error: &RunError, status: u16, decoy: &Decoy, answered: &AtomicUsize, secret: &str) {
    let shown = error.to_string();
    assert_eq!(error.status, Some(status), "{shown}");
    assert!(shown.contains(&format!("redirect to {}", decoy.host)), "{shown}");
    assert!(shown.contains("does not follow"), "{shown}");
    assert!(!shown.contains(LOCATION_SECRET) && !shown.contains(secret), "{shown}");
    assert_eq!(answered.load(Ordering::SeqCst), 1, "asked once, not retried");
    assert_eq!(decoy.connections.load(Ordering::SeqCst), 0, "the redirect was followed");
}

#[tokio::test]
async fn the_anthropic_key_stays_with_the_configured_host() {
    let decoy = decoy().await;
    let (base, answered) = redirector(307, &decoy).await;
    let auth = Auth::Header(Credential::ApiKey(Secret::new("sk-ant-redirect-secret")));
    let setup = RouteSetup::new(base, "2023-06-01".into(), auth, "test".into());
    let error = run(RouteId::Anthropic, "claude-x", setup).await;
    assert_refused(&error, 307, &decoy, &answered, "sk-ant-redirect-secret");
}

#[tokio::test]
async fn the_gemini_api_key_stays_with_the_configured_host() {
    let decoy = decoy().await;
    let (base, answered) = redirector(302, &decoy).await;
    let setup =
        RouteSetup::new(base, String::new(), Auth::GoogleApiKey(Secret::new("AIza-redirect-secret")), "t".into());
    let error = run(RouteId::GeminiApi, "gemini-x", setup).await;
    assert_refused(&error, 302, &decoy, &answered, "AIza-redirect-secret");
}

#[tokio::test]
async fn a_sigv4_session_token_stays_with_the_configured_host() {
    let decoy = decoy().await;
    let (base, answered) = redirector(308, &decoy).await;
    let credentials = Credentials::new("AKIDREDIRECT", "aws-secret", Some("session-token-secret".into()), None, "t");
    let auth = Auth::SigV4 { credentials, region: "us-east-1".into(), service: "bedrock" };
    let mut setup = RouteSetup::new(base, String::new(), auth, "test".into());
    setup.place = Place::Aws { region: Some("us-east-1".into()), profile: None };
    let error = run(RouteId::BedrockInvoke, "anthropic.claude-x-v1:0", setup).await;
    assert_refused(&error, 308, &decoy, &answered, "session-token-secret");
}

#[tokio::test]
async fn a_bedrock_api_key_stays_with_the_configured_host() {
    let decoy = decoy().await;
    let (base, answered) = redirector(301, &decoy).await;
    let auth = Auth::Header(Credential::Bearer(Secret::new("ABSK-redirect-secret")));
    let mut setup = RouteSetup::new(base, String::new(), auth, "test".into());
    setup.place = Place::Aws { region: Some("us-east-1".into()), profile: None };
    let error = run(RouteId::BedrockConverse, "anthropic.claude-x-v1:0", setup).await;
    assert_refused(&error, 301, &decoy, &answered, "ABSK-redirect-secret");
}

#[tokio::test]
async fn the_oauth_refresh_token_stays_with_the_configured_token_endpoint() {
    for (kind, endpoint_field) in [("authorized_user", "token_uri"), ("external_account_authorized_user", "token_url")]
    {
        let decoy = decoy().await;
        let (base, answered) = redirector(307, &decoy).await;
        let mut json = json!({"type": kind, "client_id": "cid", "client_secret": "client-secret-value",
                              "refresh_token": "1//refresh-token-value"});
        json[endpoint_field] = json!(format!("{base}/token"));
        let adc = adc_from_json(json, AdcOrigin::EnvVar("/adc.json".into())).expect("ADC");
        let error = GoogleTokens::default().token(&adc).await.expect_err("a redirect is an error");
        let shown = format!("{} ({})", error.problem, error.hint);
        assert_eq!(error.kind, GoogleAuthErrorKind::Refresh, "{kind}: {shown}");
        let host = decoy.host.split(':').next().unwrap();
        assert!(shown.contains(&format!("HTTP 307 with a redirect to {host}")), "{kind}: {shown}");
        for secret in [LOCATION_SECRET, "client-secret-value", "1//refresh-token-value"] {
            assert!(!shown.contains(secret), "{kind}: {shown}");
        }
        assert_eq!(answered.load(Ordering::SeqCst), 1, "{kind}");
        assert_eq!(decoy.connections.load(Ordering::SeqCst), 0, "{kind}: the refresh was posted to the other host");
    }
}

/// Bedrock model discovery goes through the process's client too.
#[tokio::test]
async fn bedrock_discovery_follows_no_redirect() {
    let decoy = decoy().await;
    let (base, answered) = redirector(307, &decoy).await;
    let client = Client::new(&Network::default());
    let credentials = Credentials::new("AKIDREDIRECT", "aws-secret", Some("session-token-secret".into()), None, "t");
    let error = discover(client.http(), &base, &credentials, "us-east-1").await.expect_err("refused");
    assert!(!error.to_string().contains("session-token-secret"), "{error}");
    assert!(answered.load(Ordering::SeqCst) >= 1);
    assert_eq!(decoy.connections.load(Ordering::SeqCst), 0, "the redirect was followed");
}

/// Every HTTP client routeplay builds refuses redirects: each `reqwest::Client::builder()` in
/// `src/` sets `redirect::Policy::none()` before it builds, and no client comes from
/// `reqwest::Client::new()` or `default()` (reqwest's default policy follows ten redirects).
#[test]
fn every_client_in_the_source_is_built_without_redirects() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut paths);
    let mut builders = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let code: String =
            text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for forbidden in
            ["reqwest::Client::new()", "reqwest::Client::default()", "Client::builder().build().unwrap_or_default"]
        {
            assert!(!code.contains(forbidden), "{} uses {forbidden}", path.display());
        }
        for (at, _) in code.match_indices("reqwest::Client::builder()") {
            builders += 1;
            let statement = &code[at..code[at..].find(".build()").map_or(code.len(), |end| at + end)];
            assert!(
                statement.contains(".redirect(reqwest::redirect::Policy::none())"),
                "{}: a client built without `redirect::Policy::none()`:\n{statement}",
                path.display()
            );
        }
    }
    assert!(builders >= 4, "the scan found only {builders} client builders");
}
