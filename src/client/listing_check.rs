//! The off-UI listing of the routes that list their own models ([`ModelListing`] in their
//! spec): OpenAI, a local server at `OPENAI_BASE_URL`, Bedrock Mantle's OpenAI surface. Each
//! is asked with the credential and host a run would use; a route without a credential keeps
//! its curated list quietly, and one whose server is down or refuses the credential keeps it
//! too, with one line saying why (never a secret). Nothing here can stop the playground.

use super::connection_error;
use super::http_error::{self, ErrorContext};
use super::setup::{self, RouteSetup, Surroundings};
use crate::http_body::{self, End};
use crate::models::openai_listing::{self, MAX_LIST_BYTES};
use crate::models::{Catalog, DiscoveredModels, ModelEntry};
use crate::routes::RouteId;
use crate::routes::http::HttpRequest;
use crate::routes::spec::ModelListing;
use std::time::Duration;

/// How long one listing may take, body included (as the other listings): a server that
/// accepts and never answers must not hold the list back for long.
const LIST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the list's body may go without a byte.
const LIST_IDLE: Duration = Duration::from_secs(10);
/// What errors name in place of a model.
const WHAT: &str = "model list";

/// The lists of every route with a listing, and a note; `None` when no route could be asked.
pub async fn check(around: &Surroundings<'_>, http: &reqwest::Client) -> Option<Result<DiscoveredModels, String>> {
    let mut lists = Vec::new();
    let mut failures = Vec::new();
    for route in RouteId::ALL {
        let Some(ModelListing::OpenAiModels) = route.spec().listing else { continue };
        // No credential, or no place: the route statuses already say why.
        let Ok(setup) = setup::resolve(&around.places.target(route, ""), around).await else { continue };
        match list(route, &setup, http).await {
            Ok(models) => lists.push((route, models)),
            Err(why) => failures.push(why),
        }
    }
    if lists.is_empty() {
        return (!failures.is_empty()).then(|| Err(format!("{} (the curated lists stay)", failures.join("; "))));
    }
    let counts: Vec<String> = lists.iter().map(|(route, models)| format!("{route} {}", models.len())).collect();
    let note = [counts.join(", ")].into_iter().chain(failures).collect::<Vec<_>>().join("; ");
    Some(Ok(DiscoveredModels { note: format!("listed: {note}"), lists }))
}

/// `GET {base}/models` for `route` with `setup`'s credential and headers.
pub async fn list(route: RouteId, setup: &RouteSetup, http: &reqwest::Client) -> Result<Vec<ModelEntry>, String> {
    let url = format!("{}/models", setup.base_url.trim_end_matches('/'));
    let request =
        HttpRequest { method: "GET", url: url.clone(), headers: setup.extra_headers.clone(), body: Vec::new() };
    let (credential, _) =
        super::auth_headers(route.name(), WHAT, &request, &setup.auth).map_err(|error| error.to_string())?;
    let mut builder = http.get(&url).timeout(LIST_TIMEOUT);
    for (name, value) in request.headers.iter().chain(&credential) {
        builder = builder.header(name, value);
    }
    let response = builder
        .send()
        .await
        .map_err(|error| connection_error::from_send(route.name(), WHAT, &url, &error).to_string())?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let read = http_body::read_capped(response, MAX_LIST_BYTES, Some(LIST_IDLE)).await;
    let body = match read.end {
        End::Whole => read.bytes,
        End::PastCap => {
            return Err(format!("{route}: the model list at {url} passed {} MiB", MAX_LIST_BYTES / (1024 * 1024)));
        }
        End::Broke(error) => return Err(format!("{route}: the model list at {url} broke off: {error}")),
        End::Stalled => {
            return Err(format!("{route}: the model list at {url} stopped arriving for {}s", LIST_IDLE.as_secs()));
        }
    };
    if !(200..300).contains(&status) {
        let context = ErrorContext {
            route: route.name(),
            model: WHAT,
            region: setup.place.site(),
            vertex: route.is_vertex(),
            refresh_hint: setup.refresh_hint.as_deref(),
            shape: route.spec().error_shape,
        };
        return Err(http_error::from_response(&context, status, &headers, &body).to_string());
    }
    openai_listing::parse(Catalog::shared(), route, &body).map_err(|why| format!("{route}: {url}: {why}"))
}
