//! Google credentials (`routeplay::auth::google`) against loopback servers standing in for
//! Google's OAuth endpoints and the metadata server.
//!
//! Isolation: `find_adc` reads the environment only through the `Env` it is given, so each test
//! passes a map of its own and a temp dir as HOME; nothing reads the developer's gcloud files.
//! `google-cloud-auth` itself reads one variable from the process: `GCE_METADATA_HOST` overrides
//! the metadata endpoint routeplay gives it, so the metadata test steps aside when it is set.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use routeplay::auth::google::{
    API_KEY_HINT, Adc, AdcKind, AdcOrigin, CLOUD_PLATFORM_SCOPE, GoogleAuthErrorKind, GoogleTokens, api_key,
    api_key_status, find_adc, identity, rejected_hint,
};
use routeplay::auth::secret::Secret;
use routeplay::auth::{Credential, CredentialStatus};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A bound, not a benchmark: these failures should be immediate.
const QUICK: Duration = Duration::from_secs(2);

/// What a loopback server saw: one entry per request.
type Log = Arc<Mutex<Vec<String>>>;

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address").to_string();
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn entries(log: &Log, prefix: &str) -> Vec<String> {
    log.lock().unwrap().iter().filter(|entry| entry.starts_with(prefix)).cloned().collect()
}

/// Writes `json` as the file `GOOGLE_APPLICATION_CREDENTIALS` names, and finds it.
fn adc_file(dir: &tempfile::TempDir, json: &Value) -> Adc {
    let path = dir.path().join("adc.json");
    std::fs::write(&path, json.to_string()).unwrap();
    let map =
        env(&[("GOOGLE_APPLICATION_CREDENTIALS", path.to_str().unwrap()), ("HOME", dir.path().to_str().unwrap())]);
    find_adc(&map).expect("ADC found")
}

// ---------------------------------------------------------------------------------------------
// (a), (b): authorized_user against a loopback token endpoint

/// An OAuth server: `/token` refreshes (or answers `invalid_grant`), `/tokeninfo` describes.
fn oauth_server(log: Log, grant_ok: bool) -> Router {
    let token = move |State(log): State<Log>, headers: HeaderMap, body: String| async move {
        // google-cloud-auth posts JSON; google-auth posts a form. Accept both.
        let fields: HashMap<String, String> = serde_json::from_str::<HashMap<String, Value>>(&body).map_or_else(
            |_| reqwest::Url::parse(&format!("http://x/?{body}")).unwrap().query_pairs().into_owned().collect(),
            |json| json.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned())).collect(),
        );
        let kind = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let mut keys: Vec<_> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        keys.sort();
        log.lock().unwrap().push(format!("POST /token [{kind}] {}", keys.join("&")));
        if grant_ok {
            let answer = json!({"access_token": "ya29.user-token", "expires_in": 3599, "token_type": "Bearer", "scope": CLOUD_PLATFORM_SCOPE});
            (StatusCode::OK, axum::Json(answer)).into_response()
        } else {
            let answer = json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."});
            (StatusCode::BAD_REQUEST, axum::Json(answer)).into_response()
        }
    };
    // Logs `<METHOD> <path and query> <token from the body>`: a token in the URL shows there.
    let tokeninfo = |State(log): State<Log>, method: axum::http::Method, uri: axum::http::Uri, body: String| async move {
        let form: HashMap<String, String> =
            reqwest::Url::parse(&format!("http://x/?{body}")).unwrap().query_pairs().into_owned().collect();
        let token = form.get("access_token").cloned().unwrap_or_default();
        log.lock().unwrap().push(format!("{method} {uri} {token}"));
        if token == "ya29.user-token" && method == axum::http::Method::POST {
            let answer = json!({"email": "dev@example.com", "email_verified": "true", "expires_in": "3599", "scope": CLOUD_PLATFORM_SCOPE});
            (StatusCode::OK, axum::Json(answer)).into_response()
        } else {
            (StatusCode::BAD_REQUEST, axum::Json(json!({"error": "invalid_token"}))).into_response()
        }
    };
    Router::new().route("/token", post(token)).route("/tokeninfo", get(tokeninfo).post(tokeninfo)).with_state(log)
}

fn authorized_user(token_uri: &str) -> Value {
    json!({"type": "authorized_user", "client_id": "cid-123.apps.googleusercontent.com", "client_secret": "shh-client-secret",
           "refresh_token": "1//refresh-secret", "token_uri": token_uri, "quota_project_id": "billing-proj"})
}

#[tokio::test]
async fn authorized_user_refreshes_and_reports_expiry_and_email() {
    let log = Log::default();
    let host = serve(oauth_server(log.clone(), true)).await;
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(&dir, &authorized_user(&format!("http://{host}/token")));
    assert_eq!(adc.info.kind, AdcKind::AuthorizedUser);
    assert_eq!(adc.info.quota_project.as_deref(), Some("billing-proj"));

    let tokens = GoogleTokens::default();
    let token = tokens.token(&adc).await.expect("a token");
    assert_eq!(token.bearer, Secret::new("ya29.user-token"));
    let left = token.expires_in.expect("expiry reported").as_secs();
    assert!((3590..=3599).contains(&left), "{left}");

    let posts = entries(&log, "POST /token");
    assert_eq!(posts.len(), 1, "{posts:?}");
    for field in
        ["grant_type=refresh_token", "client_id=cid-123.apps.googleusercontent.com", "refresh_token=1//refresh-secret"]
    {
        assert!(posts[0].contains(field), "{field} not in {posts:?}");
    }
    assert!(posts[0].contains(&format!("scope={CLOUD_PLATFORM_SCOPE}")), "{posts:?}");

    // Cached: no second refresh, and the expiry is not looked up again.
    // Spawned: the futures are Send, and clones share the cache.
    let (shared, adc_again) = (tokens.clone(), adc.clone());
    let again = tokio::spawn(async move { shared.token(&adc_again).await }).await.unwrap().expect("a token");
    assert_eq!(again.bearer, token.bearer);
    // The expiry came with the refreshed token: tokeninfo was never asked.
    assert_eq!(entries(&log, "POST /token").len(), 1);
    assert_eq!(entries(&log, "POST /tokeninfo").len() + entries(&log, "GET /tokeninfo").len(), 0);

    let (adc_again, token_again) = (adc.clone(), token.clone());
    let who = tokio::spawn(async move { identity(&reqwest::Client::new(), &adc_again, &token_again).await });
    assert_eq!(who.await.unwrap().principal.as_deref(), Some("dev@example.com"));
    assert_eq!(entries(&log, "POST /tokeninfo ya29.user-token"), ["POST /tokeninfo ya29.user-token"]);
}

#[tokio::test]
async fn the_principal_is_looked_up_once_per_token_and_never_with_the_token_in_a_url() {
    let log = Log::default();
    let host = serve(oauth_server(log.clone(), true)).await;
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(&dir, &authorized_user(&format!("http://{host}/token")));
    let tokens = GoogleTokens::default();
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let token = tokens.token(&adc).await.expect("a token");
        assert_eq!(tokens.identity(&http, &adc, &token).await.principal.as_deref(), Some("dev@example.com"));
    }
    let asked: Vec<String> = log.lock().unwrap().iter().filter(|entry| entry.contains("/tokeninfo")).cloned().collect();
    assert_eq!(asked, ["POST /tokeninfo ya29.user-token"], "one lookup, the token in the body only");
    assert!(log.lock().unwrap().iter().all(|entry| !entry.contains("access_token=")), "{log:?}");
}

#[test]
fn a_rejected_token_is_fixed_where_the_credential_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let key = json!({"type": "service_account", "client_email": "bot@p.iam.gserviceaccount.com", "private_key": "x",
                     "private_key_id": "k1", "project_id": "p"});
    let hint = rejected_hint(&adc_file(&dir, &key));
    assert!(hint.contains("adc.json") && hint.contains("bot@p.iam.gserviceaccount.com"), "{hint}");
    assert!(hint.contains("deleted or disabled"), "{hint}");
    assert!(!hint.contains("set GOOGLE_APPLICATION_CREDENTIALS"), "it is already set: {hint}");
    let user = rejected_hint(&adc_file(&dir, &authorized_user("https://oauth2.googleapis.com/token")));
    assert_eq!(user, "run `gcloud auth application-default login`");
}

#[tokio::test]
async fn demo_credentials_use_the_emulators_tokeninfo() {
    let log = Log::default();
    let host = serve(oauth_server(log.clone(), true)).await;
    let token_uri = format!("http://{host}/token");
    let adc = routeplay::auth::google::adc_from_json(authorized_user(&token_uri), AdcOrigin::Demo { token_uri })
        .expect("demo ADC");
    let token = GoogleTokens::default().token(&adc).await.expect("a token");
    assert!(token.expires_in.is_some());
    assert!(adc.info.source_label().starts_with("user credentials (emulator demo"), "{}", adc.info.source_label());
    assert_eq!(identity(&reqwest::Client::new(), &adc, &token).await.principal.as_deref(), Some("dev@example.com"));
}

#[tokio::test]
async fn invalid_grant_fails_fast_with_the_gcloud_hint() {
    let log = Log::default();
    let host = serve(oauth_server(log.clone(), false)).await;
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(&dir, &authorized_user(&format!("http://{host}/token")));
    let tokens = GoogleTokens::default();

    let started = Instant::now();
    let error = tokens.token(&adc).await.expect_err("invalid_grant");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    assert_eq!(error.kind, GoogleAuthErrorKind::Refresh);
    assert!(error.problem.contains("invalid_grant: Token has been expired or revoked."), "{error}");
    assert!(error.problem.contains("adc.json"), "{error}");
    assert_eq!(error.hint, "run `gcloud auth application-default login`");
    assert!(!error.problem.contains('\n'), "one line: {error}");
    for secret in ["shh-client-secret", "1//refresh-secret"] {
        assert!(!error.problem.contains(secret) && !error.hint.contains(secret), "{error:?}");
    }
    assert_eq!(entries(&log, "POST /token").len(), 1, "google-cloud-auth retried");

    // The failed credentials are dropped: the next call asks again (after a fresh login, say).
    let _ = tokens.token(&adc).await.expect_err("invalid_grant again");
    assert_eq!(entries(&log, "POST /token").len(), 2);
}

#[tokio::test]
async fn a_refused_token_endpoint_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(&dir, &authorized_user(&format!("http://127.0.0.1:{}/token", closed_port())));
    let started = Instant::now();
    let error = GoogleTokens::default().token(&adc).await.expect_err("refused");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    assert_eq!(error.kind, GoogleAuthErrorKind::Refresh);
    assert!(error.problem.contains("could not connect to http://127.0.0.1:"), "{error}");
    // Unreachable says nothing about the credentials: logging in again would not help.
    assert!(error.hint.contains("check the network and any proxy"), "{}", error.hint);
    assert!(error.hint.contains("http://127.0.0.1:") && !error.hint.contains("gcloud"), "{}", error.hint);
}

// ---------------------------------------------------------------------------------------------
// (c): the metadata server

fn metadata_server(log: Log) -> Router {
    async fn answer(State(log): State<Log>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
        log.lock().unwrap().push(format!("GET {uri}"));
        if headers.get("metadata-flavor").and_then(|v| v.to_str().ok()) != Some("Google") {
            return (StatusCode::FORBIDDEN, "Missing Metadata-Flavor: Google").into_response();
        }
        match uri.path() {
            "/computeMetadata/v1/instance/service-accounts/default/token" => {
                axum::Json(json!({"access_token": "ya29.mds-token", "expires_in": 1800, "token_type": "Bearer"}))
                    .into_response()
            }
            "/computeMetadata/v1/instance/service-accounts/default/email" => {
                "vm-sa@my-project.iam.gserviceaccount.com".into_response()
            }
            "/computeMetadata/v1/project/project-id" => "my-project".into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }
    Router::new().fallback(answer).with_state(log)
}

#[tokio::test]
async fn the_metadata_server_gives_token_email_and_project() {
    if std::env::var_os("GCE_METADATA_HOST").is_some() {
        eprintln!("skipped: GCE_METADATA_HOST is set in this process and google-cloud-auth would use it");
        return;
    }
    let log = Log::default();
    let host = serve(metadata_server(log.clone())).await;
    let dir = tempfile::tempdir().unwrap();
    let adc = find_adc(&env(&[("GCE_METADATA_HOST", &host), ("HOME", dir.path().to_str().unwrap())])).unwrap();
    assert_eq!(adc.info.origin, AdcOrigin::MetadataServer { host: host.clone() });

    let token = GoogleTokens::default().token(&adc).await.expect("a token");
    assert_eq!(token.bearer, Secret::new("ya29.mds-token"));
    let left = token.expires_in.expect("expiry from the metadata server").as_secs();
    assert!((1790..=1800).contains(&left), "{left}");

    let who = identity(&reqwest::Client::new(), &adc, &token).await;
    assert_eq!(who.principal.as_deref(), Some("vm-sa@my-project.iam.gserviceaccount.com"));
    assert_eq!(who.project.as_deref(), Some("my-project"));

    let seen = log.lock().unwrap().clone();
    let scoped = seen.iter().filter(|line| line.contains("/default/token?scopes=")).count();
    assert!(scoped >= 1 && seen.iter().all(|line| !line.contains("404")), "{seen:?}");
    assert!(seen.iter().any(|line| line.contains("cloud-platform")), "{seen:?}");
}

#[tokio::test]
async fn an_unreachable_metadata_server_fails_fast_with_a_hint() {
    if std::env::var_os("GCE_METADATA_HOST").is_some() {
        eprintln!("skipped: GCE_METADATA_HOST is set in this process and google-cloud-auth would use it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let host = format!("127.0.0.1:{}", closed_port());
    let adc = find_adc(&env(&[("GCE_METADATA_HOST", &host), ("HOME", dir.path().to_str().unwrap())])).unwrap();
    let started = Instant::now();
    let error = GoogleTokens::default().token(&adc).await.expect_err("unreachable");
    assert!(started.elapsed() < QUICK, "took {:?}", started.elapsed());
    assert_eq!(error.kind, GoogleAuthErrorKind::Refresh);
    assert!(error.problem.starts_with(&format!("metadata server ({host})")), "{error}");
    assert!(
        error.hint.contains(
            "not on Google Cloud? set GOOGLE_APPLICATION_CREDENTIALS or run `gcloud auth application-default login`"
        ),
        "{}",
        error.hint
    );
}

// ---------------------------------------------------------------------------------------------
// (d): a service account key: a self-signed JWT, no call to token_uri

#[tokio::test]
async fn a_service_account_key_makes_a_verifiable_self_signed_jwt() {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    let key = KeyPair::generate(KeySize::Rsa2048).expect("an RSA key");
    let der: Pkcs8V1Der<'static> = key.as_der().expect("PKCS#8");
    let body = STANDARD.encode(der.as_ref());
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).unwrap()).collect();
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"));

    let log = Log::default();
    let host = serve(oauth_server(log.clone(), true)).await;
    let email = "routeplay@proj.iam.gserviceaccount.com";
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(
        &dir,
        &json!({"type": "service_account", "project_id": "proj", "private_key_id": "kid-1", "private_key": pem,
                "client_email": email, "client_id": "1", "token_uri": format!("http://{host}/token")}),
    );
    assert_eq!((adc.info.kind, adc.info.principal.as_deref()), (AdcKind::ServiceAccount, Some(email)));

    let token = GoogleTokens::default().token(&adc).await.expect("a token");
    let jwt = token.bearer.expose();
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT");
    let decode = |part: &str| serde_json::from_slice::<Value>(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    let (header, claims) = (decode(parts[0]), decode(parts[1]));
    assert_eq!(
        (header["alg"].as_str(), header["typ"].as_str(), header["kid"].as_str()),
        (Some("RS256"), Some("JWT"), Some("kid-1"))
    );
    assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some(email), Some(email)));
    assert_eq!(claims["scope"].as_str(), Some(CLOUD_PLATFORM_SCOPE));
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    assert!((3600..=3620).contains(&lifetime), "{lifetime}");

    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    let public = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key.public_key().as_ref());
    public.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature).expect("the signature verifies");

    let left = token.expires_in.expect("expiry from exp").as_secs();
    assert!((3590..=3610).contains(&left), "{left}");
    assert!(log.lock().unwrap().is_empty(), "token_uri was called: {:?}", log.lock().unwrap());

    let who = identity(&reqwest::Client::new(), &adc, &token).await;
    assert_eq!((who.principal.as_deref(), who.project.as_deref()), (Some(email), Some("proj")));
}

#[tokio::test]
async fn a_pkcs1_key_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let adc = adc_file(
        &dir,
        &json!({"type": "service_account", "project_id": "proj", "private_key_id": "kid-1", "client_email": "a@b.c",
                "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n"}),
    );
    let error = GoogleTokens::default().token(&adc).await.expect_err("PKCS#1 is not supported");
    assert!(!error.problem.contains("MIIBOgIBAAJBAK"), "{error}");
    assert_eq!(error.kind, GoogleAuthErrorKind::Invalid);
    assert!(error.problem.starts_with("service account key (GOOGLE_APPLICATION_CREDENTIALS="), "{error}");
    assert!(error.problem.contains("not PKCS#8"), "{error}");
    assert!(error.hint.contains("openssl pkcs8 -topk8"), "{}", error.hint);
}

// ---------------------------------------------------------------------------------------------
// (e): the Gemini API key

#[test]
fn api_key_precedence() {
    let both = env(&[("GEMINI_API_KEY", "gem"), ("GOOGLE_API_KEY", "goo")]);
    let found = api_key(&both, Some("cfg")).unwrap();
    assert_eq!(
        (found.credential, found.source.as_str()),
        (Credential::ApiKey(Secret::new("gem")), "GEMINI_API_KEY (env)")
    );
    let found = api_key(&env(&[("GOOGLE_API_KEY", "goo")]), Some("cfg")).unwrap();
    assert_eq!(
        (found.credential, found.source.as_str()),
        (Credential::ApiKey(Secret::new("goo")), "GOOGLE_API_KEY (env)")
    );
    let found = api_key(&env(&[]), Some(" cfg ")).unwrap();
    assert_eq!(found.credential, Credential::ApiKey(Secret::new("cfg")));
    assert_eq!(api_key_status(&env(&[]), None), CredentialStatus::Missing { hint: API_KEY_HINT.to_owned() });
    assert!(API_KEY_HINT.contains("GEMINI_API_KEY") && API_KEY_HINT.contains("https://aistudio.google.com/apikey"));
    assert_eq!(
        api_key_status(&env(&[("GOOGLE_API_KEY", "k")]), None),
        CredentialStatus::Ready { source: "GOOGLE_API_KEY (env)".to_owned() }
    );
}
