//! Both grants against a loopback token endpoint: what is posted, caching, rotation.

use super::*;
use axum::Router;
use axum::http::HeaderMap as Headers;
use axum::routing::post;
use std::sync::{Arc, Mutex as StdMutex};

/// What the endpoint saw: content type, authorization and body of each request.
type Seen = Arc<StdMutex<Vec<(String, String, String)>>>;

/// A token endpoint answering each refresh with the token `t{n}`, `expires_in` and a rotated
/// refresh token `r{n+1}`.
async fn endpoint(expires_in: u64) -> (String, Seen) {
    let seen = Seen::default();
    let log = seen.clone();
    let token = move |headers: Headers, body: String| {
        let log = log.clone();
        async move {
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let mut log = log.lock().unwrap();
            log.push((header("content-type"), header("authorization"), body));
            let n = log.len();
            axum::Json(json!({"access_token": format!("t{n}"), "expires_in": expires_in, "token_type": "Bearer",
                              "refresh_token": format!("r{}", n + 1)}))
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, Router::new().route("/token", post(token))).await });
    (url, seen)
}

#[test]
fn form_values_are_percent_encoded() {
    assert_eq!(form_encode("1//0g-a_b.c~d"), "1%2F%2F0g-a_b.c~d");
    assert_eq!(form_encode("a b&c=d+é"), "a%20b%26c%3Dd%2B%C3%A9");
}

#[tokio::test]
async fn an_authorized_user_posts_json_and_keeps_its_token_until_near_expiry() {
    let (url, seen) = endpoint(3600).await;
    let file = json!({"client_id": "cid", "client_secret": "cs", "refresh_token": "1//r1", "token_uri": url});
    let (credentials, issued) = authorized_user(&file, &["scope-a", "scope-b"]).unwrap();
    assert_eq!(credentials.access_token().await.unwrap().token, "t1");
    assert_eq!(credentials.access_token().await.unwrap().token, "t1", "cached");
    // The answer's expires_in is the token's expiry: nothing needs to look it up.
    let left = issued.expiry_of("t1").await.expect("expiry from expires_in").duration_since(std::time::Instant::now());
    assert!((3590..=3600).contains(&left.as_secs()), "{left:?}");
    assert_eq!(issued.expiry_of("another token").await, None);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let (kind, authorization, body) = &seen[0];
    assert_eq!((kind.as_str(), authorization.as_str()), ("application/json", ""));
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        json!({"grant_type": "refresh_token", "client_id": "cid", "client_secret": "cs", "refresh_token": "1//r1",
               "scope": "scope-a scope-b"})
    );
}

#[tokio::test]
async fn an_external_account_user_posts_a_form_with_basic_auth_and_takes_the_rotated_token() {
    // A token with less than the slack left is refreshed on every call.
    let (url, seen) = endpoint(60).await;
    let file = json!({"client_id": "cid", "client_secret": "cs", "refresh_token": "r1", "token_url": url});
    let (credentials, _) = external_account_authorized_user(&file).unwrap();
    assert_eq!(credentials.access_token().await.unwrap().token, "t1");
    assert_eq!(credentials.access_token().await.unwrap().token, "t2");
    let seen = seen.lock().unwrap().clone();
    let basic = format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "cid:cs"));
    for (at, (kind, authorization, body)) in seen.iter().enumerate() {
        assert_eq!(kind, "application/x-www-form-urlencoded");
        assert_eq!(authorization, &basic);
        assert_eq!(body, &format!("grant_type=refresh_token&refresh_token=r{}", at + 1));
    }
    assert_eq!(seen.len(), 2);
}
