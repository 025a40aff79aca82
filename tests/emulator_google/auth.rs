//! Google OAuth (`/token`, `/tokeninfo`), service-account JWTs, the metadata server, and the
//! real `google-cloud-auth` client against all three.

use super::support::{
    CLOUD_PLATFORM, ServiceAccount, http, prompt, start_with, status_json, status_text, tampered, token_request,
    user_token, vertex,
};
use google_cloud_auth::credentials::{mds, service_account, user_account};
use reqwest::StatusCode;
use routeplay::emulator::{
    EmulatorHandle, EmulatorOptions, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_METADATA_ACCOUNT,
    GOOGLE_DEMO_PROJECT, GOOGLE_DEMO_USER, google_demo_authorized_user,
};
use serde_json::{Value, json};

const PATH: &str = "gemini-2.0-flash:generateContent";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// An emulator trusting `account`.
async fn trusting(account: &ServiceAccount) -> EmulatorHandle {
    let mut options = EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() };
    options.google.trust_service_account(&account.key_file).expect("trusted");
    start_with(options).await
}

async fn vertex_status(emu: &EmulatorHandle, token: &str) -> StatusCode {
    vertex(emu, "global", "google", PATH, token).json(&prompt("hi")).send().await.expect("sent").status()
}

#[tokio::test]
async fn refresh_grant_tokeninfo_and_refusals() {
    let emu = start_with(EmulatorOptions::default()).await;
    let token = user_token(&emu).await;
    assert!(token.starts_with("ya29."));
    let info = http().get(format!("{}/tokeninfo?access_token={token}", emu.base_url()));
    let (status, info) = status_json(info).await;
    assert_eq!(
        (status, &info["email"], &info["aud"]),
        (StatusCode::OK, &json!(GOOGLE_DEMO_USER), &json!(GOOGLE_DEMO_CLIENT_ID))
    );
    assert!(info["scope"].as_str().is_some_and(|s| s.contains(CLOUD_PLATFORM)));
    assert!(info["expires_in"].as_str().and_then(|s| s.parse::<u64>().ok()).is_some_and(|s| s > 3500));
    let (status, bad) = status_json(http().get(format!("{}/tokeninfo?access_token=ya29.nope", emu.base_url()))).await;
    assert_eq!((status, &bad["error"]), (StatusCode::BAD_REQUEST, &json!("invalid_token")));

    let grant = |client: &'static str, secret: &'static str, refresh: &'static str| {
        [("grant_type", "refresh_token"), ("client_id", client), ("client_secret", secret), ("refresh_token", refresh)]
    };
    let response = token_request(&emu, &grant(GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, "1//stolen")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body, json!({ "error": "invalid_grant", "error_description": "Token has been expired or revoked." }));
    let response = token_request(&emu, &grant(GOOGLE_DEMO_CLIENT_ID, "wrong", "1//x")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.json::<Value>().await.expect("json")["error"], "invalid_client");
    let response = token_request(&emu, &grant("someone-else", "x", "1//x")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = token_request(&emu, &[("grant_type", "password")]).await;
    assert_eq!(response.json::<Value>().await.expect("json")["error"], "unsupported_grant_type");

    // google-cloud-auth sends its refresh as JSON; scopes asked for are the token's.
    let json_grant = json!({
        "grant_type": "refresh_token", "client_id": GOOGLE_DEMO_CLIENT_ID, "client_secret": GOOGLE_DEMO_CLIENT_SECRET,
        "refresh_token": routeplay::emulator::GOOGLE_DEMO_REFRESH_TOKEN, "scope": "https://www.googleapis.com/auth/devstorage.read_only",
    });
    let (status, issued) = status_json(http().post(format!("{}/token", emu.base_url())).json(&json_grant)).await;
    assert_eq!(
        (status, &issued["token_type"], &issued["expires_in"]),
        (StatusCode::OK, &json!("Bearer"), &json!(3599))
    );
    let narrow = issued["access_token"].as_str().expect("token");
    assert_eq!(vertex_status(&emu, narrow).await, StatusCode::FORBIDDEN, "insufficient scopes");
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn jwt_bearer_grant_and_self_signed_jwts() {
    let account = ServiceAccount::generate("runner@p1.iam.gserviceaccount.com");
    let emu = trusting(&account).await;
    let token_url = format!("{}/token", emu.base_url());
    let grant_claims = account.claims(&json!({ "scope": CLOUD_PLATFORM, "aud": token_url }), 3600);
    let assertion = account.sign(&grant_claims);
    let response = token_request(&emu, &[("grant_type", JWT_BEARER), ("assertion", &assertion)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token = response.json::<Value>().await.expect("json")["access_token"].as_str().expect("token").to_owned();
    assert_eq!(vertex_status(&emu, &token).await, StatusCode::OK);
    let (_, info) = status_json(http().get(format!("{}/tokeninfo?access_token={token}", emu.base_url()))).await;
    assert_eq!(info["email"], json!(account.email));

    let response = token_request(&emu, &[("grant_type", JWT_BEARER), ("assertion", &tampered(&assertion))]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.json::<Value>().await.expect("json")["error_description"], "Invalid JWT Signature.");
    let elsewhere =
        account.sign(&account.claims(&json!({ "scope": CLOUD_PLATFORM, "aud": "https://example.com/token" }), 3600));
    let response = token_request(&emu, &[("grant_type", JWT_BEARER), ("assertion", &elsewhere)]).await;
    assert_eq!(response.json::<Value>().await.expect("json")["error"], "invalid_grant");

    let self_signed = account.sign(&account.claims(&json!({ "scope": CLOUD_PLATFORM }), 3600));
    assert_eq!(vertex_status(&emu, &self_signed).await, StatusCode::OK);
    let audience = account.sign(&account.claims(&json!({ "aud": "https://aiplatform.googleapis.com/" }), 3600));
    assert_eq!(vertex_status(&emu, &audience).await, StatusCode::OK);
    assert_eq!(vertex_status(&emu, &tampered(&self_signed)).await, StatusCode::UNAUTHORIZED);
    let expired = account.sign(&account.claims(&json!({ "scope": CLOUD_PLATFORM }), -600));
    assert_eq!(vertex_status(&emu, &expired).await, StatusCode::UNAUTHORIZED);
    let stranger = ServiceAccount::generate("stranger@p1.iam.gserviceaccount.com");
    let unknown = stranger.sign(&stranger.claims(&json!({ "scope": CLOUD_PLATFORM }), 3600));
    assert_eq!(vertex_status(&emu, &unknown).await, StatusCode::UNAUTHORIZED);
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn metadata_server_needs_its_flavor() {
    let emu = start_with(EmulatorOptions::default()).await;
    let get = |path: &str| http().get(format!("{}{path}", emu.base_url())).header("Metadata-Flavor", "Google");
    let account = "/computeMetadata/v1/instance/service-accounts/default";
    let (status, headers, body) = status_text(get(&format!("{account}/token?scopes={CLOUD_PLATFORM}"))).await;
    assert_eq!(
        (status, &headers["metadata-flavor"]),
        (StatusCode::OK, &"Google".parse::<reqwest::header::HeaderValue>().expect("value"))
    );
    let token: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(vertex_status(&emu, token["access_token"].as_str().expect("token")).await, StatusCode::OK);
    for (path, expected) in [
        (format!("{account}/email"), GOOGLE_DEMO_METADATA_ACCOUNT),
        ("/computeMetadata/v1/project/project-id".to_owned(), GOOGLE_DEMO_PROJECT),
        ("/computeMetadata/v1/universe/universe-domain".to_owned(), "googleapis.com"),
    ] {
        assert_eq!(status_text(get(&path)).await.2, expected);
    }
    let (_, _, recursive) = status_text(get(&format!("{account}/?recursive=true"))).await;
    assert_eq!(serde_json::from_str::<Value>(&recursive).expect("json")["email"], GOOGLE_DEMO_METADATA_ACCOUNT);
    assert_eq!(status_text(get("/")).await.0, StatusCode::OK);
    assert_eq!(status_text(get("/computeMetadata/v1/")).await.0, StatusCode::OK);
    let (status, headers, _) = status_text(http().get(format!("{}{account}/token", emu.base_url()))).await;
    assert_eq!((status, headers.get("metadata-flavor").is_some()), (StatusCode::FORBIDDEN, true));
    emu.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn google_cloud_auth_gets_tokens_from_the_emulator() {
    let account = ServiceAccount::generate("sdk@p1.iam.gserviceaccount.com");
    let emu = trusting(&account).await;
    let user = user_account::Builder::new(google_demo_authorized_user(&emu.base_url()));
    let refreshed = user.build_access_token_credentials().expect("built").access_token().await.expect("refreshed");
    assert_eq!(vertex_status(&emu, &refreshed.token).await, StatusCode::OK);
    let vm = mds::Builder::default().with_endpoint(emu.base_url()).build_access_token_credentials().expect("built");
    assert_eq!(vertex_status(&emu, &vm.access_token().await.expect("token").token).await, StatusCode::OK);
    let sa = service_account::Builder::new(account.key_file.clone()).build_access_token_credentials().expect("built");
    assert_eq!(vertex_status(&emu, &sa.access_token().await.expect("self-signed").token).await, StatusCode::OK);
    emu.shutdown().await.expect("clean shutdown");
}
