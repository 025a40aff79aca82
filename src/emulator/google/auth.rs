//! Who may call a Google surface: a middleware that checks the credentials and either refuses
//! in Google's shape or passes the request on with a [`Caller`] in its extensions.
//!
//! The Gemini API takes its API key (`x-goog-api-key` or `?key=`) or, as the real API does,
//! an OAuth bearer token. Vertex takes only bearer tokens: access tokens this emulator issued
//! and that have not expired, or RS256 JWTs self-signed by a trusted service account (with a
//! `scope` holding cloud-platform, or an `aud` naming the service).

use super::error::GoogleError;
use super::form;
use super::issued::Lookup;
use super::jwt;
use super::refuse::{GEMINI_SERVICE, VERTEX_SERVICE};
use crate::emulator::state::EmulatorState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::SystemTime;

/// The scope Vertex wants.
pub const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";
/// Scopes starting with this also open the Gemini API.
const GENERATIVE_LANGUAGE: &str = "https://www.googleapis.com/auth/generative-language";
const SEE: &str = "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

/// Which surface a route belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    GeminiApi,
    Vertex,
}

/// The middleware's state.
#[derive(Debug, Clone)]
pub struct Gate {
    pub state: Arc<EmulatorState>,
    pub surface: Surface,
}

/// Who called, put in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    ApiKey,
    /// A user's or service account's email.
    Principal(String),
}

/// The middleware.
pub async fn guard(State(gate): State<Gate>, mut request: Request, next: Next) -> Response {
    match check(&gate.state, gate.surface, request.headers(), request.uri()) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

fn check(state: &EmulatorState, surface: Surface, headers: &HeaderMap, uri: &Uri) -> Result<Caller, GoogleError> {
    let query = form::pairs(uri.query().unwrap_or(""));
    let key = headers.get("x-goog-api-key").and_then(|v| v.to_str().ok()).or_else(|| form::value(&query, "key"));
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let bearer = authorization.and_then(|value| value.strip_prefix("Bearer ")).map(str::trim);
    match (surface, key, bearer) {
        (Surface::GeminiApi, Some(key), _) if key == state.google().api_key => Ok(Caller::ApiKey),
        (Surface::GeminiApi, Some(_), _) => {
            Err(GoogleError::invalid("API key not valid. Please pass a valid API key.")
                .with(super::error::error_info(
                    "API_KEY_INVALID",
                    "googleapis.com",
                    &json!({ "service": GEMINI_SERVICE }),
                ))
                .with(super::error::localized("API key not valid. Please pass a valid API key.")))
        }
        (Surface::Vertex, Some(_), _) => Err(GoogleError::unauthenticated(
            "API keys are not supported by this API. Expected OAuth2 access token or other authentication \
             credentials that assert a principal. See https://cloud.google.com/docs/authentication",
            "CREDENTIALS_MISSING",
            VERTEX_SERVICE,
        )),
        (_, None, Some(token)) => principal(state, token, surface),
        (Surface::GeminiApi, None, None) => Err(GoogleError::permission_denied(
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key \
             or other form of API consumer identity to call this API.",
        )),
        (Surface::Vertex, None, None) => Err(GoogleError::unauthenticated(
            format!(
                "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie \
                 or other valid authentication credential. {SEE}"
            ),
            "CREDENTIALS_MISSING",
            VERTEX_SERVICE,
        )),
    }
}

/// The principal a bearer token stands for, if it may call `surface`.
fn principal(state: &EmulatorState, token: &str, surface: Surface) -> Result<Caller, GoogleError> {
    let service = if surface == Surface::Vertex { VERTEX_SERVICE } else { GEMINI_SERVICE };
    let invalid = |reason: &str| {
        GoogleError::unauthenticated(
            format!(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or \
                 other valid authentication credential. {SEE}"
            ),
            reason,
            service,
        )
    };
    let scope_fits = |scope: &str| {
        scope == CLOUD_PLATFORM || (surface == Surface::GeminiApi && scope.starts_with(GENERATIVE_LANGUAGE))
    };
    let now = SystemTime::now();
    if jwt::looks_like_jwt(token) {
        let claims = jwt::verify(state.google(), token, now).map_err(|error| match error {
            jwt::JwtError::Timeframe => invalid("ACCESS_TOKEN_EXPIRED"),
            _ => invalid("ACCESS_TOKEN_TYPE_UNSUPPORTED"),
        })?;
        return match &claims.scope {
            Some(scopes) if scopes.split_whitespace().any(scope_fits) => Ok(Caller::Principal(claims.iss)),
            Some(_) => Err(insufficient(service)),
            None if claims.audiences().iter().any(|aud| names_service(aud, state.port)) => {
                Ok(Caller::Principal(claims.iss))
            }
            None => Err(invalid("ACCESS_TOKEN_TYPE_UNSUPPORTED")),
        };
    }
    match state.google_tokens().find(token, now) {
        Lookup::Valid(grant) if grant.scope.split_whitespace().any(scope_fits) => {
            Ok(Caller::Principal(grant.principal))
        }
        Lookup::Valid(_) => Err(insufficient(service)),
        Lookup::Expired => Err(invalid("ACCESS_TOKEN_EXPIRED")),
        Lookup::Unknown => Err(invalid("ACCESS_TOKEN_TYPE_UNSUPPORTED")),
    }
}

fn insufficient(service: &str) -> GoogleError {
    GoogleError::new(StatusCode::FORBIDDEN, "PERMISSION_DENIED", "Request had insufficient authentication scopes.")
        .with(super::error::error_info(
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "googleapis.com",
            &json!({ "service": service }),
        ))
}

/// Whether a self-signed JWT's `aud` names a Google AI service (`https://aiplatform.googleapis.com/`,
/// a regional or multi-region Vertex host, the Gemini API) or this emulator.
fn names_service(aud: &str, port: u16) -> bool {
    let host = aud.split_once("://").map_or(aud, |(_, rest)| rest).split('/').next().unwrap_or("");
    host.ends_with("aiplatform.googleapis.com")
        || (host.starts_with("aiplatform.") && host.ends_with(".rep.googleapis.com"))
        || host == GEMINI_SERVICE
        || host == format!("127.0.0.1:{port}")
        || host == format!("localhost:{port}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_audiences() {
        for aud in [
            "https://aiplatform.googleapis.com/",
            "https://us-east5-aiplatform.googleapis.com/",
            "https://aiplatform.eu.rep.googleapis.com",
            "http://127.0.0.1:9/",
        ] {
            assert!(names_service(aud, 9), "{aud}");
        }
        for aud in [
            "https://storage.googleapis.com/",
            "http://127.0.0.1:10/",
            "https://evil.example/aiplatform.googleapis.com",
        ] {
            assert!(!names_service(aud, 9), "{aud}");
        }
    }
}
