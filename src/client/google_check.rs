//! The off-UI check of the Google routes: which Application Default Credentials apply, a
//! token (so an expired or revoked credential shows before the first run), who they belong to,
//! the project and location runs will use; and which models the Gemini API and Vertex list.

use super::google_setup::{self, demo_adc};
use super::setup::Surroundings;
use crate::auth::demo;
use crate::auth::google::{self, Adc, GoogleToken};
use crate::auth::secret::Secret;
use crate::auth::{Credential, GoogleSummary};
use crate::models::google_listing::{self, ListingAuth};
use crate::models::{DiscoveredModels, ModelEntry};
use crate::routes::RouteId;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleCheck {
    /// `None` when there are no ADC at all (the route statuses say why) or, in demo mode, no
    /// emulator to ask.
    pub summary: Option<GoogleSummary>,
    /// The listed models per Google route and a note on what was listed; `None` when there was
    /// nothing to list with.
    pub models: Option<Result<DiscoveredModels, String>>,
}

/// Resolve ADC and a token, ask who they are, and list the models where credentials allow.
pub async fn check(around: &Surroundings<'_>, http: &reqwest::Client) -> GoogleCheck {
    let mut lists = Vec::new();
    let mut failures = Vec::new();
    if let Some((key, base_url)) = gemini_key(around) {
        match google_listing::gemini_api(http, &base_url, &key).await {
            Ok(models) => lists.push((RouteId::GeminiApi, models)),
            Err(why) => failures.push(format!("gemini-api: {why}")),
        }
    }
    let adc = if around.demo { around.emulator_url.map(demo_adc) } else { Some(google::find_adc(around.env)) };
    let summary = match adc {
        Some(Ok(adc)) => {
            let (summary, token) = vertex_summary(around, http, &adc).await;
            if let Some(token) = token {
                list_vertex(around, http, &adc, &token, &summary.location, &mut lists, &mut failures).await;
            }
            Some(summary)
        }
        _ => None,
    };
    let models = models_note(lists, &failures);
    GoogleCheck { summary, models }
}

/// The Gemini API key and host to list with, where there is a key.
fn gemini_key(around: &Surroundings<'_>) -> Option<(Secret, String)> {
    let settings = &around.config.routes.google;
    if around.demo {
        return around.emulator_url.map(|url| (Secret::new(demo::GOOGLE_DEMO_API_KEY), url.to_owned()));
    }
    let found = google::api_key(around.env, settings.api_key.as_deref())?;
    let (Credential::ApiKey(key) | Credential::Bearer(key)) = found.credential;
    Some((key, google_setup::base_url(RouteId::GeminiApi, around.config, around.env, None)))
}

/// The summary of `adc`, and the token fetched for it (`None` when that failed; the summary
/// says why).
async fn vertex_summary(
    around: &Surroundings<'_>,
    http: &reqwest::Client,
    adc: &Adc,
) -> (GoogleSummary, Option<GoogleToken>) {
    let target = around.places.target(RouteId::VertexGemini, "");
    let settings = &around.config.routes.google;
    let mut summary = GoogleSummary {
        kind: kind_name(adc),
        source: adc.info.source_label(),
        principal: adc.info.principal.clone(),
        project: google_setup::project(&target, settings, around, adc),
        location: google_setup::location(&target, settings, around.env),
        error: None,
        expires_in_secs: None,
    };
    match around.google_tokens.token(adc).await {
        Ok(token) => {
            let identity = around.google_tokens.identity(http, adc, &token).await;
            summary.principal = identity.principal.or(summary.principal);
            summary.project = summary.project.or(identity.project);
            summary.expires_in_secs = token.expires_in.map(|left| left.as_secs());
            (summary, Some(token))
        }
        Err(error) => {
            summary.error = Some(format!("{}; fix: {}", error.problem, error.hint));
            (summary, None)
        }
    }
}

/// List Gemini and Claude publisher models at the location's host.
async fn list_vertex(
    around: &Surroundings<'_>,
    http: &reqwest::Client,
    adc: &Adc,
    token: &GoogleToken,
    location: &str,
    lists: &mut Vec<(RouteId, Vec<ModelEntry>)>,
    failures: &mut Vec<String>,
) {
    let settings = &around.config.routes.google;
    let base_url = match around.emulator_url.filter(|_| around.demo) {
        Some(url) => url.to_owned(),
        None => google_setup::base_url(RouteId::VertexGemini, around.config, around.env, Some(location)),
    };
    let quota_project = google_setup::quota_project(settings, around.env, adc);
    let auth = ListingAuth::Bearer { token: &token.bearer, quota_project: quota_project.as_deref() };
    for (route, publisher) in [(RouteId::VertexGemini, "google"), (RouteId::VertexClaude, "anthropic")] {
        match google_listing::vertex_publisher(http, &base_url, publisher, &auth).await {
            Ok(models) => lists.push((route, models)),
            Err(why) => failures.push(format!("{route}: {why}")),
        }
    }
}

/// The lists with a note for the sidebar, or the failures when nothing could be listed.
fn models_note(
    lists: Vec<(RouteId, Vec<ModelEntry>)>,
    failures: &[String],
) -> Option<Result<DiscoveredModels, String>> {
    if lists.is_empty() {
        return (!failures.is_empty()).then(|| Err(format!("{} (the curated lists stay)", failures.join("; "))));
    }
    let counts: Vec<String> = lists.iter().map(|(route, models)| format!("{route} {}", models.len())).collect();
    let note = if failures.is_empty() {
        format!("listed: {}", counts.join(", "))
    } else {
        format!("listed: {}; {}", counts.join(", "), failures.join("; "))
    };
    Some(Ok(DiscoveredModels { lists, note }))
}

/// The ADC type as its `snake_case` name.
fn kind_name(adc: &Adc) -> String {
    serde_json::to_value(adc.info.kind).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}
