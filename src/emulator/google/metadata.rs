//! The GCE metadata server, as clients reach it through `GCE_METADATA_HOST=127.0.0.1:PORT`:
//! the default service account's token, email and scopes, the project id and the universe
//! domain, as `google-cloud-auth` (`src/mds/`) and `google-auth` ask for them. Every request
//! must carry `Metadata-Flavor: Google` (else 403); every response carries it back.

use super::auth::CLOUD_PLATFORM;
use super::demo::DEMO_PROJECT_NUMBER;
use super::form;
use crate::emulator::state::EmulatorState;
use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::sync::Arc;

const FLAVOR: HeaderName = HeaderName::from_static("metadata-flavor");
const ACCOUNTS: &str = "/computeMetadata/v1/instance/service-accounts/{account}";

/// The metadata server's routes.
pub fn routes() -> Router<Arc<EmulatorState>> {
    Router::new()
        .route("/", get(|| async { "computeMetadata/\n" }))
        .route("/computeMetadata/v1", get(root))
        .route("/computeMetadata/v1/", get(root))
        .route(ACCOUNTS, get(account))
        .route(&format!("{ACCOUNTS}/"), get(account))
        .route(&format!("{ACCOUNTS}/token"), get(token))
        .route(&format!("{ACCOUNTS}/email"), get(email))
        .route(&format!("{ACCOUNTS}/scopes"), get(scopes))
        .route("/computeMetadata/v1/project/project-id", get(project_id))
        .route("/computeMetadata/v1/project/numeric-project-id", get(|| async { DEMO_PROJECT_NUMBER }))
        .route("/computeMetadata/v1/universe/universe-domain", get(|| async { "googleapis.com" }))
        .route_layer(middleware::from_fn(flavor))
}

/// Refuse requests without `Metadata-Flavor: Google`; stamp every response with it.
async fn flavor(request: Request, next: Next) -> Response {
    let google = request.headers().get(FLAVOR).is_some_and(|value| value == "Google");
    let mut response = if google {
        next.run(request).await
    } else {
        let path = request.uri().path().to_owned();
        let message = format!(
            "Your client does not have permission to get URL {path} from this server. Missing Metadata-Flavor:Google \
             header.\n"
        );
        (StatusCode::FORBIDDEN, message).into_response()
    };
    response.headers_mut().insert(FLAVOR, HeaderValue::from_static("Google"));
    response
}

async fn root() -> &'static str {
    "instance/\nproject/\nuniverse/\n"
}

/// The account's entry: a listing, or with `?recursive=true` its details (what `google-auth`
/// reads before asking for a token).
async fn account(
    State(state): State<Arc<EmulatorState>>,
    Path(account): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(email) = known(&state, &account) else { return not_found() };
    let query = form::pairs(query.as_deref().unwrap_or(""));
    if form::value(&query, "recursive") == Some("true") {
        return Json(json!({ "aliases": ["default"], "email": email, "scopes": [CLOUD_PLATFORM] })).into_response();
    }
    "aliases\nemail\nidentity\nscopes\ntoken\n".into_response()
}

/// An access token; `?scopes=a,b` narrows or widens its scopes.
async fn token(
    State(state): State<Arc<EmulatorState>>,
    Path(account): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(email) = known(&state, &account) else { return not_found() };
    let query = form::pairs(query.as_deref().unwrap_or(""));
    let scope = form::value(&query, "scopes")
        .filter(|s| !s.is_empty())
        .map_or_else(|| CLOUD_PLATFORM.to_owned(), |s| s.replace(',', " "));
    let lifetime = state.google().token_lifetime;
    let access_token = state.google_tokens().issue("ya29.c.", &email, &scope, DEMO_PROJECT_NUMBER, lifetime);
    Json(json!({ "access_token": access_token, "expires_in": lifetime.as_secs(), "token_type": "Bearer" }))
        .into_response()
}

async fn email(State(state): State<Arc<EmulatorState>>, Path(account): Path<String>) -> Response {
    known(&state, &account).map_or_else(not_found, IntoResponse::into_response)
}

async fn scopes(State(state): State<Arc<EmulatorState>>, Path(account): Path<String>) -> Response {
    match known(&state, &account) {
        Some(_) => format!("{CLOUD_PLATFORM}\n").into_response(),
        None => not_found(),
    }
}

async fn project_id(State(state): State<Arc<EmulatorState>>) -> String {
    state.google().project.clone()
}

/// The email of `account` (`default` or the account's own email), if it is this VM's.
fn known(state: &EmulatorState, account: &str) -> Option<String> {
    let email = &state.google().metadata_account;
    (account == "default" || account == email).then(|| email.clone())
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not Found\n").into_response()
}
