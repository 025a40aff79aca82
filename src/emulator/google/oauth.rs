//! Google's OAuth token endpoint, emulated: `POST /token` exchanges a refresh token
//! (`grant_type=refresh_token`) or a service account's signed assertion
//! (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`) for an access token the other
//! Google surfaces then accept, and `GET /tokeninfo?access_token=` describes one. Requests are
//! form-encoded as the OAuth spec says, or JSON as `google-cloud-auth` sends a refresh.

use super::form;
use super::issued::Lookup;
use super::jwt;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::SystemTime;

/// The grant type of a service account's assertion.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// The scopes a user's token gets when the refresh asks for none (as `gcloud auth
/// application-default login` grants).
const USER_SCOPES: &str =
    "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email openid";
/// Google's own token endpoints, which assertions may name as their audience too.
const GOOGLE_TOKEN_URLS: &[&str] = &[
    "https://oauth2.googleapis.com/token",
    "https://www.googleapis.com/oauth2/v4/token",
    "https://accounts.google.com/o/oauth2/token",
];

#[derive(Debug, Serialize)]
struct Issued {
    access_token: String,
    expires_in: u64,
    scope: String,
    token_type: &'static str,
}

/// `/tokeninfo`, with string values as Google's endpoint sends them.
#[derive(Debug, Serialize)]
struct TokenInfo {
    azp: String,
    aud: String,
    sub: String,
    scope: String,
    exp: String,
    expires_in: String,
    email: String,
    email_verified: &'static str,
    access_type: &'static str,
}

/// `POST /token`.
pub async fn token(State(state): State<Arc<EmulatorState>>, headers: HeaderMap, body: Bytes) -> Response {
    let params = params(&headers, &body);
    let result = match form::value(&params, "grant_type").unwrap_or("") {
        "refresh_token" => refresh(&state, &params),
        JWT_BEARER => assertion(&state, &headers, &params),
        other => {
            Err(refused(StatusCode::BAD_REQUEST, "unsupported_grant_type", &format!("Invalid grant_type: {other}")))
        }
    };
    result.map_or_else(|refusal| refusal, |issued| Json(issued).into_response())
}

/// `GET /tokeninfo?access_token=…`, or `POST /tokeninfo` with `access_token` in a form body.
pub async fn tokeninfo(State(state): State<Arc<EmulatorState>>, RawQuery(query): RawQuery, body: String) -> Response {
    let query = form::pairs(query.as_deref().unwrap_or(""));
    let form = form::pairs(&body);
    let token = form::value(&query, "access_token").or_else(|| form::value(&form, "access_token")).unwrap_or("");
    let now = SystemTime::now();
    match state.google_tokens().find(token, now) {
        Lookup::Valid(grant) => Json(TokenInfo {
            azp: grant.client.clone(),
            aud: grant.client.clone(),
            sub: ids::fnv1a(&["google-subject", &grant.principal]).to_string(),
            scope: grant.scope.clone(),
            exp: grant.expires_at().to_string(),
            expires_in: grant.seconds_left(now).to_string(),
            email: grant.principal.clone(),
            email_verified: "true",
            access_type: "offline",
        })
        .into_response(),
        Lookup::Expired | Lookup::Unknown => refused(StatusCode::BAD_REQUEST, "invalid_token", "Invalid Value"),
    }
}

/// The request's parameters, from a JSON object or a form.
fn params(headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
    if !json {
        return form::pairs(&String::from_utf8_lossy(body));
    }
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    fields
        .into_iter()
        .map(|(name, value)| match value {
            Value::String(text) => (name, text),
            other => (name, other.to_string()),
        })
        .collect()
}

fn refresh(state: &EmulatorState, params: &[(String, String)]) -> Result<Issued, Response> {
    let field = |name: &str| form::value(params, name).filter(|value| !value.is_empty());
    let client_id = field("client_id").ok_or_else(|| {
        refused(StatusCode::BAD_REQUEST, "invalid_request", "Could not determine client ID from request.")
    })?;
    let user = state
        .google()
        .user_of_client(client_id)
        .ok_or_else(|| refused(StatusCode::UNAUTHORIZED, "invalid_client", "The OAuth client was not found."))?;
    if field("client_secret") != Some(user.client_secret.as_str()) {
        return Err(refused(StatusCode::UNAUTHORIZED, "invalid_client", "Unauthorized"));
    }
    let refresh_token = field("refresh_token").ok_or_else(|| {
        refused(StatusCode::BAD_REQUEST, "invalid_request", "Missing required parameter: refresh_token")
    })?;
    if refresh_token != user.refresh_token {
        return Err(refused(StatusCode::BAD_REQUEST, "invalid_grant", "Token has been expired or revoked."));
    }
    Ok(issue(state, &user.email, field("scope").unwrap_or(USER_SCOPES), client_id))
}

fn assertion(state: &EmulatorState, headers: &HeaderMap, params: &[(String, String)]) -> Result<Issued, Response> {
    let grant = |description: &str| refused(StatusCode::BAD_REQUEST, "invalid_grant", description);
    let assertion = form::value(params, "assertion")
        .filter(|value| !value.is_empty())
        .ok_or_else(|| refused(StatusCode::BAD_REQUEST, "invalid_request", "Missing required parameter: assertion"))?;
    let claims =
        jwt::verify(state.google(), assertion, SystemTime::now()).map_err(|error| grant(error.description()))?;
    let own = own_token_urls(state, headers);
    let fits = |aud: &&str| own.iter().any(|url| url == aud) || GOOGLE_TOKEN_URLS.contains(aud);
    if !claims.audiences().iter().any(fits) {
        return Err(grant(&format!("Invalid JWT: Failed audience check. The right audience is {}.", own[0])));
    }
    let scope = claims.scope.as_deref().filter(|scope| !scope.trim().is_empty()).ok_or_else(|| {
        refused(StatusCode::BAD_REQUEST, "invalid_scope", "Invalid OAuth scope or ID token audience provided.")
    })?;
    let client = state.google().keys_of(&claims.iss).find_map(|key| key.client_id.clone());
    Ok(issue(state, &claims.iss, scope, client.as_deref().unwrap_or(&claims.iss)))
}

/// This endpoint's own URL, as assertions may name it: by loopback address, by `localhost`,
/// and by the `Host` the request came to.
fn own_token_urls(state: &EmulatorState, headers: &HeaderMap) -> Vec<String> {
    let mut urls =
        vec![format!("http://127.0.0.1:{}/token", state.port), format!("http://localhost:{}/token", state.port)];
    if let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        urls.push(format!("http://{host}/token"));
    }
    urls
}

fn issue(state: &EmulatorState, principal: &str, scope: &str, client: &str) -> Issued {
    let lifetime = state.google().token_lifetime;
    let access_token = state.google_tokens().issue("ya29.a0", principal, scope, client, lifetime);
    Issued { access_token, expires_in: lifetime.as_secs(), scope: scope.to_owned(), token_type: "Bearer" }
}

/// An OAuth error: `{"error":…,"error_description":…}`.
pub fn refused(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description }))).into_response()
}
