//! The Google model listings: the Gemini API's `models.list` (paginated; only models that
//! support `generateContent` are kept) and Vertex AI's publisher models (`v1beta1`, as the Gen AI
//! SDK lists them; PROTOCOLS.md marks the listing unconfirmed for `v1` and for Anthropic, so a
//! failure keeps the curated list).

use super::ModelEntry;
use crate::auth::secret::Secret;
use crate::http_body::{self, End};
use serde::Deserialize;

/// Pages read at most: a listing that never ends is cut here rather than looping.
const MAX_PAGES: usize = 20;
/// The largest page read: a thousand models' entries are well under a MiB.
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
/// How long one page may take, body included (as Bedrock discovery's requests): a listing
/// server that stalls must not hang `routeplay routes` or the sidebar's check.
const PAGE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GeminiPage {
    #[serde(default)]
    models: Vec<GeminiModel>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GeminiModel {
    name: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    supported_generation_methods: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublisherPage {
    #[serde(default)]
    publisher_models: Vec<PublisherModel>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublisherModel {
    name: String,
    #[serde(default)]
    version_id: Option<String>,
}

/// How a listing request proves who sends it.
pub enum ListingAuth<'a> {
    /// `x-goog-api-key`
    ApiKey(&'a Secret),
    /// `Authorization: Bearer`, with `x-goog-user-project` when there is a quota project.
    Bearer { token: &'a Secret, quota_project: Option<&'a str> },
}

/// The Gemini API's models that can `generateContent`, by id without `models/`.
pub async fn gemini_api(http: &reqwest::Client, base_url: &str, key: &Secret) -> Result<Vec<ModelEntry>, String> {
    let url = format!("{}/v1beta/models", base_url.trim_end_matches('/'));
    let mut models = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page: GeminiPage = fetch(http, &url, token.as_deref(), &ListingAuth::ApiKey(key)).await?;
        let chat =
            page.models.into_iter().filter(|m| m.supported_generation_methods.iter().any(|g| g == "generateContent"));
        models.extend(chat.map(|model| {
            let id = model.name.strip_prefix("models/").unwrap_or(&model.name).to_owned();
            ModelEntry { label: model.display_name.unwrap_or_else(|| id.clone()), id }
        }));
        token = page.next_page_token.filter(|next| !next.is_empty());
        if token.is_none() {
            break;
        }
    }
    Ok(models)
}

/// A Vertex publisher's models (`google` or `anthropic`), as ids the routes send: Gemini ids as
/// listed, Claude ids with their `@version`. Only chat models are kept: `gemini-…` and `claude-…`
/// (publisher listings do not say which methods a model supports, so embeddings go by name).
pub async fn vertex_publisher(
    http: &reqwest::Client,
    base_url: &str,
    publisher: &str,
    auth: &ListingAuth<'_>,
) -> Result<Vec<ModelEntry>, String> {
    let url = format!("{}/v1beta1/publishers/{publisher}/models", base_url.trim_end_matches('/'));
    let mut models = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page: PublisherPage = fetch(http, &url, token.as_deref(), auth).await?;
        for model in page.publisher_models {
            let name = model.name.rsplit('/').next().unwrap_or(&model.name).to_owned();
            let chat = name.starts_with("gemini-") || name.starts_with("claude-");
            if !chat || name.contains("embedding") {
                continue;
            }
            let id = match model.version_id.filter(|v| publisher == "anthropic" && !v.is_empty() && !name.contains('@'))
            {
                Some(version) => format!("{name}@{version}"),
                None => name,
            };
            models.push(ModelEntry { label: format!("{publisher} publisher model"), id });
        }
        token = page.next_page_token.filter(|next| !next.is_empty());
        if token.is_none() {
            break;
        }
    }
    Ok(models)
}

/// One page of a listing; the error names the status and the Google message, never a secret.
async fn fetch<T: for<'de> Deserialize<'de>>(
    http: &reqwest::Client,
    url: &str,
    page_token: Option<&str>,
    auth: &ListingAuth<'_>,
) -> Result<T, String> {
    let mut query = vec![("pageSize", "1000".to_owned())];
    if let Some(token) = page_token {
        query.push(("pageToken", token.to_owned()));
    }
    let mut request = http.get(url).query(&query).timeout(PAGE_TIMEOUT);
    request = match auth {
        ListingAuth::ApiKey(key) => request.header("x-goog-api-key", key.expose()),
        ListingAuth::Bearer { token, quota_project } => {
            let request = request.bearer_auth(token.expose());
            match quota_project {
                Some(project) => request.header("x-goog-user-project", *project),
                None => request,
            }
        }
    };
    let response = request.send().await.map_err(|error| format!("cannot list models: {error}"))?;
    let status = response.status();
    let body = read_capped(response).await?;
    if !status.is_success() {
        let why = crate::routes::google_error::parse_google_error(&body)
            .map_or_else(|| format!("HTTP {status}"), |error| format!("HTTP {status}: {}", error.message));
        return Err(format!("cannot list models: {why}"));
    }
    serde_json::from_slice(&body).map_err(|error| format!("cannot list models: unexpected answer ({error})"))
}

/// The body, refusing one past [`MAX_PAGE_BYTES`] instead of holding whatever a server sends.
async fn read_capped(response: reqwest::Response) -> Result<Vec<u8>, String> {
    let read = http_body::read_capped(response, MAX_PAGE_BYTES, None).await;
    match read.end {
        End::Whole => Ok(read.bytes),
        End::PastCap => Err(format!("cannot list models: a page passed {} MiB", MAX_PAGE_BYTES / (1024 * 1024))),
        End::Broke(error) => Err(format!("cannot list models: {error}")),
        End::Stalled => Err("cannot list models: the page stopped arriving".to_owned()),
    }
}
