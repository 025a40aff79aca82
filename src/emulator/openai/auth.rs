//! Who may call the `openai` surface: `Authorization: Bearer <the emulator's key>`, refused
//! with OpenAI's 401 `invalid_api_key`. `POST /v1/chat/completions` is also Mantle's path (AWS
//! documents `/v1` beside `/openai/v1`): a request there that carries SigV4 or the Bedrock API
//! key goes through Bedrock's gate (signing name `bedrock-mantle`) as Mantle's.

use super::error::OpenAiError;
use super::surface::Surface;
use crate::emulator::bedrock::auth::{self as bedrock_auth, Dialect, Gate, Policy};
use crate::emulator::state::EmulatorState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The SigV4 `Authorization` scheme.
const SIGV4: &str = "AWS4-HMAC-SHA256";

/// Check the emulator's key.
pub fn check_key(headers: &HeaderMap, api_key: &str) -> Result<(), OpenAiError> {
    let value = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    match value.and_then(|value| value.strip_prefix("Bearer ")).map(str::trim) {
        Some(key) if key == api_key => Ok(()),
        Some(key) if !key.is_empty() => Err(OpenAiError::invalid_api_key(false)),
        _ => Err(OpenAiError::invalid_api_key(true)),
    }
}

/// Whether the request carries AWS credentials: a SigV4 signature or the Bedrock API key.
pub fn carries_aws(headers: &HeaderMap, state: &EmulatorState) -> bool {
    let value = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()).unwrap_or("");
    value.starts_with(SIGV4) || value.strip_prefix("Bearer ").is_some_and(|key| key.trim() == state.aws().bearer_key)
}

/// Mantle's gate: SigV4 for `bedrock-mantle`, or the Bedrock API key; AWS's JSON refusals.
pub fn mantle_gate(state: &Arc<EmulatorState>) -> Gate {
    Gate {
        state: Arc::clone(state),
        policy: Policy { service: "bedrock-mantle", bearer: true, dialect: Dialect::Json },
    }
}

/// The middleware of `/v1/chat/completions`: Mantle's gate for AWS credentials, else the
/// emulator's key; the surface goes in the request's extensions.
pub async fn openai_or_mantle(State(state): State<Arc<EmulatorState>>, mut request: Request, next: Next) -> Response {
    if carries_aws(request.headers(), &state) {
        request.extensions_mut().insert(Surface::Mantle);
        return bedrock_auth::guard(State(mantle_gate(&state)), request, next).await;
    }
    match check_key(request.headers(), &state.options.api_key) {
        Ok(()) => {
            request.extensions_mut().insert(Surface::OpenAi);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn bearer(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn key_refusals_say_whether_it_was_missing() {
        assert!(check_key(&bearer("Bearer k"), "k").is_ok());
        assert_eq!(check_key(&bearer("Bearer no"), "k"), Err(OpenAiError::invalid_api_key(false)));
        assert_eq!(check_key(&HeaderMap::new(), "k"), Err(OpenAiError::invalid_api_key(true)));
        assert_eq!(check_key(&bearer("Basic k"), "k"), Err(OpenAiError::invalid_api_key(true)));
    }
}
