//! The refresh-token grant of the two user credential kinds, `authorized_user` (gcloud's ADC
//! file) and `external_account_authorized_user` (workforce identity federation), done with a
//! client that follows no redirect.
//!
//! Why not `google-cloud-auth`'s credentials for them: they post with a `reqwest::Client::new()`
//! of their own (built per refresh for `authorized_user`), with reqwest's default redirect
//! policy, and take no client from outside. A token endpoint answering 307 to another host
//! would get the same POST again there, with the refresh token in its body (reqwest drops only
//! `Authorization` across hosts, and `authorized_user` puts the client secret in the body too).
//! So this provider posts the requests the library posts with a `redirect::Policy::none()`
//! client, and is wrapped in `AccessTokenCredentials` so the rest of `tokens.rs` is unchanged.
//! Its failures are `CredentialsError`s worded as the library's (`…, body=<{json}>`), so
//! `error::refresh_failed` reads them alike.
//!
//! The token is cached until four minutes before it expires, as the library's cache does; no
//! background task refreshes it: the next call after that does.

use crate::http_body;
use google_cloud_auth::credentials::{
    AccessToken, AccessTokenCredentials, AccessTokenCredentialsProvider, CacheableResource, CredentialsProvider,
    EntityTag,
};
use google_cloud_auth::errors::CredentialsError;
use http::{Extensions, HeaderMap, HeaderValue};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::{Arc, PoisonError};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// A token with less than this left is refreshed (the library's `NORMAL_REFRESH_SLACK`).
const REFRESH_SLACK: Duration = Duration::from_mins(4);
/// The most of a token endpoint's answer that is read.
const MAX_ANSWER: usize = 64 * 1024;

/// Which of the two grants, with what each posts besides the refresh token.
enum Grant {
    /// `authorized_user`: JSON with the client's id and secret and the scope.
    User { client_id: String, client_secret: String, scope: String },
    /// `external_account_authorized_user`: a form, the client in basic auth. STS may answer with
    /// a new refresh token, which the next refresh uses.
    ExternalUser { client_id: String, client_secret: String },
}

impl Grant {
    /// Google's endpoint for a file that names none.
    fn default_endpoint(&self) -> &'static str {
        match self {
            Grant::User { .. } => "https://oauth2.googleapis.com/token",
            Grant::ExternalUser { .. } => "https://sts.googleapis.com/v1/oauthtoken",
        }
    }

    /// The library's words for a failed refresh, which `error::failure_detail` looks past.
    fn failed(&self) -> &'static str {
        match self {
            Grant::User { .. } => "failed to refresh user access token",
            Grant::ExternalUser { .. } => "failed to refresh external account authorized user access token",
        }
    }
}

/// User credentials whose refreshes never follow a redirect.
pub(super) struct UserRefresh {
    http: reqwest::Client,
    endpoint: String,
    grant: Grant,
    refresh_token: std::sync::Mutex<String>,
    cached: Issued,
}

/// The token a [`UserRefresh`] handed out last and when it expires (the token endpoint's
/// `expires_in`): the expiry of a refreshed user token needs no lookup.
#[derive(Clone, Default)]
pub(super) struct Issued(Arc<Mutex<Option<Handed>>>);

/// A token handed out and when it expires, if its answer said.
type Handed = (String, Option<Instant>);

impl Issued {
    /// When `token` expires, if it is the token handed out last and its answer said.
    pub(super) async fn expiry_of(&self, token: &str) -> Option<std::time::Instant> {
        match self.0.lock().await.as_ref() {
            Some((issued, expires_at)) if issued == token => expires_at.map(Instant::into_std),
            _ => None,
        }
    }
}

impl std::fmt::Debug for UserRefresh {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRefresh").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct RefreshAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// Credentials and what they hand out.
pub(super) type Built = (AccessTokenCredentials, Issued);

/// Credentials for the `authorized_user` file `json`, asking for `scopes`.
pub(super) fn authorized_user(json: &Value, scopes: &[&str]) -> Result<Built, String> {
    let grant = Grant::User {
        client_id: field(json, "client_id")?,
        client_secret: field(json, "client_secret")?,
        scope: scopes.join(" "),
    };
    build(json, "token_uri", grant)
}

/// Credentials for the `external_account_authorized_user` file `json` (its scopes are the
/// ones its refresh token was granted).
pub(super) fn external_account_authorized_user(json: &Value) -> Result<Built, String> {
    let grant =
        Grant::ExternalUser { client_id: field(json, "client_id")?, client_secret: field(json, "client_secret")? };
    build(json, "token_url", grant)
}

fn field(json: &Value, name: &str) -> Result<String, String> {
    json.get(name).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("the file has no {name:?}"))
}

fn build(json: &Value, endpoint_field: &str, grant: Grant) -> Result<Built, String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .build()
        .map_err(|error| format!("cannot build an HTTP client: {error}"))?;
    let endpoint = json.get(endpoint_field).and_then(Value::as_str).unwrap_or(grant.default_endpoint()).to_owned();
    let refresh_token = std::sync::Mutex::new(field(json, "refresh_token")?);
    let cached = Issued::default();
    let credentials = UserRefresh { http, endpoint, grant, refresh_token, cached: cached.clone() };
    Ok((AccessTokenCredentials::from(credentials), cached))
}

impl UserRefresh {
    /// The cached token while it has more than [`REFRESH_SLACK`] left, else a new one.
    async fn token(&self) -> Result<String, CredentialsError> {
        let mut cached = self.cached.0.lock().await;
        if let Some((token, expires_at)) = cached.as_ref()
            && expires_at.is_none_or(|at| at.saturating_duration_since(Instant::now()) > REFRESH_SLACK)
        {
            return Ok(token.clone());
        }
        let (token, expires_at) = self.refresh().await?;
        *cached = Some((token.clone(), expires_at));
        Ok(token)
    }

    fn request(&self) -> reqwest::RequestBuilder {
        let refresh_token = self.refresh_token.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let post = self.http.post(&self.endpoint);
        match &self.grant {
            Grant::User { client_id, client_secret, scope } => post.json(&json!({
                "grant_type": "refresh_token",
                "client_id": client_id,
                "client_secret": client_secret,
                "refresh_token": refresh_token,
                "scope": scope,
            })),
            Grant::ExternalUser { client_id, client_secret } => post
                .basic_auth(client_id, Some(client_secret))
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(format!("grant_type=refresh_token&refresh_token={}", form_encode(&refresh_token))),
        }
    }

    async fn refresh(&self) -> Result<(String, Option<Instant>), CredentialsError> {
        let failed = self.grant.failed();
        let response = self
            .request()
            .send()
            .await
            .map_err(|error| CredentialsError::new(error.is_connect() || error.is_timeout(), failed, error))?;
        let status = response.status();
        if status.is_redirection() {
            return Err(CredentialsError::from_msg(false, redirected(&response)));
        }
        let failure = response.error_for_status_ref().err();
        let body = read_capped(response).await;
        if let Some(failure) = failure {
            let transient = status.is_server_error() || matches!(status.as_u16(), 408 | 429);
            let body = String::from_utf8_lossy(&body);
            return Err(CredentialsError::new(transient, format!("{failed}, body=<{body}>"), failure));
        }
        let answer: RefreshAnswer = serde_json::from_slice(&body).map_err(|error| {
            CredentialsError::from_msg(false, format!("{failed}: the token endpoint's answer is no token ({error})"))
        })?;
        if let (Grant::ExternalUser { .. }, Some(rotated)) = (&self.grant, answer.refresh_token) {
            *self.refresh_token.lock().unwrap_or_else(PoisonError::into_inner) = rotated;
        }
        let expires_at = answer.expires_in.map(|secs| Instant::now() + Duration::from_secs(secs));
        Ok((answer.access_token, expires_at))
    }
}

/// `application/x-www-form-urlencoded` encoding of one value.
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(byte).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
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
    http_body::read_capped(response, MAX_ANSWER, None).await.bytes
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

#[cfg(test)]
mod tests;
