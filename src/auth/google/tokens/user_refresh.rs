//! The refresh-token grant for `authorized_user` credentials (gcloud's ADC file), done with a
//! client that follows no redirect.
//!
//! Why not `google-cloud-auth`'s `user_account` credentials: they build a fresh
//! `reqwest::Client::new()` for every refresh, with reqwest's default redirect policy, and take
//! no client from outside. A token endpoint answering 307 to another host would get the same
//! POST again there, `client_secret` and `refresh_token` in its body (reqwest drops only
//! `Authorization` across hosts). So this provider posts the same JSON request the library does
//! with a `redirect::Policy::none()` client, and is wrapped in `AccessTokenCredentials` so the
//! rest of `tokens.rs` is unchanged. Its failures are `CredentialsError`s worded as the
//! library's (`…, body=<{json}>`), so `error::refresh_failed` reads them alike.
//!
//! The token is cached until four minutes before it expires, as the library's cache does; no
//! background task refreshes it: the next call after that does.

use futures_util::StreamExt;
use google_cloud_auth::credentials::{
    AccessToken, AccessTokenCredentials, AccessTokenCredentialsProvider, CacheableResource, CredentialsProvider,
    EntityTag,
};
use google_cloud_auth::errors::CredentialsError;
use http::{Extensions, HeaderMap, HeaderValue};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Google's token endpoint, for a file without `token_uri`.
const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// A token with less than this left is refreshed (the library's `NORMAL_REFRESH_SLACK`).
const REFRESH_SLACK: Duration = Duration::from_mins(4);
/// The most of a token endpoint's answer that is read.
const MAX_ANSWER: usize = 64 * 1024;
/// The library's words for a failed refresh, which `error::failure_detail` looks past.
const FAILED: &str = "failed to refresh user access token";

/// `authorized_user` credentials whose refreshes never follow a redirect.
pub(super) struct UserRefresh {
    http: reqwest::Client,
    token_uri: String,
    /// The JSON body of every refresh: it holds the client secret and the refresh token.
    request: Value,
    cached: Mutex<Option<(String, Option<Instant>)>>,
}

impl std::fmt::Debug for UserRefresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRefresh").field("token_uri", &self.token_uri).finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct RefreshAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Credentials for the `authorized_user` file `json`, asking for `scopes`.
pub(super) fn credentials(json: &Value, scopes: &[&str]) -> Result<AccessTokenCredentials, String> {
    let field = |name: &str| {
        json.get(name).and_then(Value::as_str).ok_or_else(|| format!("the credential file has no {name:?}"))
    };
    let request = json!({
        "grant_type": "refresh_token",
        "client_id": field("client_id")?,
        "client_secret": field("client_secret")?,
        "refresh_token": field("refresh_token")?,
        "scope": scopes.join(" "),
    });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .build()
        .map_err(|error| format!("cannot build an HTTP client: {error}"))?;
    let token_uri = json.get("token_uri").and_then(Value::as_str).unwrap_or(DEFAULT_TOKEN_URI).to_owned();
    Ok(AccessTokenCredentials::from(UserRefresh { http, token_uri, request, cached: Mutex::new(None) }))
}

impl UserRefresh {
    /// The cached token while it has more than [`REFRESH_SLACK`] left, else a new one.
    async fn token(&self) -> Result<String, CredentialsError> {
        let mut cached = self.cached.lock().await;
        if let Some((token, expires_at)) = cached.as_ref()
            && expires_at.is_none_or(|at| at.saturating_duration_since(Instant::now()) > REFRESH_SLACK)
        {
            return Ok(token.clone());
        }
        let (token, expires_at) = self.refresh().await?;
        *cached = Some((token.clone(), expires_at));
        Ok(token)
    }

    async fn refresh(&self) -> Result<(String, Option<Instant>), CredentialsError> {
        let response = self
            .http
            .post(&self.token_uri)
            .json(&self.request)
            .send()
            .await
            .map_err(|error| CredentialsError::new(error.is_connect() || error.is_timeout(), FAILED, error))?;
        let status = response.status();
        if status.is_redirection() {
            return Err(CredentialsError::from_msg(false, redirected(&response)));
        }
        let failure = response.error_for_status_ref().err();
        let body = read_capped(response).await;
        if let Some(failure) = failure {
            let transient = status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408;
            let body = String::from_utf8_lossy(&body);
            return Err(CredentialsError::new(transient, format!("{FAILED}, body=<{body}>"), failure));
        }
        let answer: RefreshAnswer = serde_json::from_slice(&body).map_err(|error| {
            CredentialsError::from_msg(false, format!("{FAILED}: the token endpoint's answer is no token ({error})"))
        })?;
        let expires_at = answer.expires_in.map(|secs| Instant::now() + Duration::from_secs(secs));
        Ok((answer.access_token, expires_at))
    }
}

/// The message for a redirect from the token endpoint: its status and the host it named, never
/// the whole `Location`.
fn redirected(response: &reqwest::Response) -> String {
    let location = response.headers().get(reqwest::header::LOCATION).and_then(|value| value.to_str().ok());
    let host = location
        .and_then(|location| response.url().join(location).ok())
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "an unreadable Location".to_owned());
    format!(
        "the token endpoint answered HTTP {} with a redirect to {host}, which routeplay does not follow \
         (it would carry the refresh token there)",
        response.status().as_u16()
    )
}

/// At most [`MAX_ANSWER`] bytes of the body.
async fn read_capped(response: reqwest::Response) -> Vec<u8> {
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    while bytes.len() < MAX_ANSWER {
        match body.next().await {
            Some(Ok(chunk)) => bytes.extend_from_slice(&chunk[..chunk.len().min(MAX_ANSWER - bytes.len())]),
            Some(Err(_)) | None => break,
        }
    }
    bytes
}

impl CredentialsProvider for UserRefresh {
    async fn headers(&self, _extensions: Extensions) -> Result<CacheableResource<HeaderMap>, CredentialsError> {
        let token = self.token().await?;
        let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|error| CredentialsError::from_source(false, error))?;
        value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, value);
        Ok(CacheableResource::New { entity_tag: EntityTag::new(), data: headers })
    }

    async fn universe_domain(&self) -> Option<String> {
        None
    }
}

impl AccessTokenCredentialsProvider for UserRefresh {
    async fn access_token(&self) -> Result<AccessToken, CredentialsError> {
        self.token().await.map(|token| AccessToken { token })
    }
}
