//! The control-plane listings on the wire: signed GETs and the response shapes (only the
//! fields discovery reads): foundation models, inference profiles (system-defined and the
//! account's application profiles) and provisioned throughputs.

use super::error::{DiscoveryError, Listing, one_line};
use crate::auth::aws::credentials::AwsAuth;
use crate::auth::aws::sigv4::{self, service};
use reqwest::Url;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::time::{Duration, SystemTime};

/// How long one listing call may take before discovery gives up on it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// `ListInferenceProfiles`' largest page.
pub(super) const PAGE_SIZE: u16 = 1000;
/// `ListProvisionedModelThroughputs`' largest page.
const PROVISIONED_PAGE_SIZE: u16 = 1000;
/// A server handing out tokens forever must not keep discovery looping.
const MAX_PAGES: usize = 50;

/// `ListFoundationModels`' answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FoundationModels {
    #[serde(default)]
    pub model_summaries: Vec<ModelSummary>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ModelSummary {
    pub model_id: String,
    #[serde(default)]
    pub model_name: String,
    #[serde(default)]
    pub provider_name: String,
    #[serde(default)]
    pub input_modalities: Vec<String>,
    #[serde(default)]
    pub output_modalities: Vec<String>,
    #[serde(default)]
    pub response_streaming_supported: Option<bool>,
    #[serde(default)]
    pub inference_types_supported: Vec<String>,
    #[serde(default)]
    pub model_lifecycle: Option<Lifecycle>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Lifecycle {
    pub status: String,
}

/// One page of `ListInferenceProfiles`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProfilePage {
    #[serde(default)]
    pub inference_profile_summaries: Vec<ProfileSummary>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProfileSummary {
    pub inference_profile_id: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub inference_profile_arn: Option<String>,
    #[serde(default)]
    pub inference_profile_name: Option<String>,
    /// The models it routes to, by ARN.
    #[serde(default)]
    pub models: Vec<ProfileModel>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProfileModel {
    pub model_arn: String,
}

/// One page of `ListProvisionedModelThroughputs`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProvisionedPage {
    #[serde(default)]
    pub provisioned_model_summaries: Vec<ProvisionedSummary>,
    #[serde(default)]
    pub next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProvisionedSummary {
    pub provisioned_model_name: String,
    pub provisioned_model_arn: String,
    #[serde(default)]
    pub foundation_model_arn: Option<String>,
    #[serde(default)]
    pub model_arn: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// A listing page: its items and the token of the next page.
pub(super) trait Page {
    type Item;
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

impl Page for ProfilePage {
    type Item = ProfileSummary;
    fn into_parts(self) -> (Vec<ProfileSummary>, Option<String>) {
        (self.inference_profile_summaries, self.next_token)
    }
}

impl Page for ProvisionedPage {
    type Item = ProvisionedSummary;
    fn into_parts(self) -> (Vec<ProvisionedSummary>, Option<String>) {
        (self.provisioned_model_summaries, self.next_token)
    }
}

/// One region's control plane, called with one credential.
pub(super) struct ControlPlane<'a> {
    pub http: &'a reqwest::Client,
    pub base_url: &'a str,
    pub auth: &'a AwsAuth,
    pub region: &'a str,
}

impl ControlPlane<'_> {
    /// The text-output models (other filters are applied in the merge, where they are tested).
    pub async fn foundation_models(&self) -> Result<Vec<ModelSummary>, DiscoveryError> {
        let list: FoundationModels =
            self.get(Listing::FoundationModels, "foundation-models", &[("byOutputModality", "TEXT")]).await?;
        Ok(list.model_summaries)
    }

    /// Every inference profile of `kind` (`SYSTEM_DEFINED` or `APPLICATION`), all pages of
    /// `page_size`.
    pub async fn inference_profiles(&self, page_size: u16, kind: &str) -> Result<Vec<ProfileSummary>, DiscoveryError> {
        self.paged::<ProfilePage>(Listing::InferenceProfiles, "inference-profiles", page_size, &[("type", kind)]).await
    }

    /// Every provisioned throughput, all pages of `page_size`.
    pub async fn provisioned_models(&self, page_size: u16) -> Result<Vec<ProvisionedSummary>, DiscoveryError> {
        let size = page_size.min(PROVISIONED_PAGE_SIZE);
        self.paged::<ProvisionedPage>(Listing::ProvisionedThroughputs, "provisioned-model-throughputs", size, &[]).await
    }

    async fn paged<P: Page + DeserializeOwned>(
        &self,
        listing: Listing,
        path: &str,
        page_size: u16,
        filters: &[(&str, &str)],
    ) -> Result<Vec<P::Item>, DiscoveryError> {
        let size = page_size.to_string();
        all_pages(listing, self.region, |token| {
            let size = size.clone();
            async move {
                let mut query = vec![("maxResults", size.as_str())];
                query.extend_from_slice(filters);
                if let Some(token) = &token {
                    query.push(("nextToken", token));
                }
                self.get::<P>(listing, path, &query).await
            }
        })
        .await
    }

    async fn get<T: DeserializeOwned>(
        &self,
        listing: Listing,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, DiscoveryError> {
        let region = self.region.to_owned();
        let address = format!("{}/{path}", self.base_url.trim_end_matches('/'));
        let mut url = Url::parse(&address).map_err(|error| DiscoveryError::Sign {
            listing,
            region: region.clone(),
            reason: error.to_string(),
        })?;
        url.query_pairs_mut().extend_pairs(query);
        let mut request = self.http.get(url.as_str()).timeout(REQUEST_TIMEOUT);
        for (name, value) in self.auth_headers(listing, url.as_str())? {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|error| DiscoveryError::Connection {
            listing,
            region: region.clone(),
            url: address.clone(),
            reason: std::error::Error::source(&error).map_or_else(|| error.to_string(), ToString::to_string),
        })?;
        let status = response.status();
        let code = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|value| value.to_str().ok())
            .map(|value| value.split(':').next().unwrap_or(value).to_owned());
        let body = response.bytes().await.map_err(|error| DiscoveryError::Unreadable {
            listing,
            region: region.clone(),
            reason: error.to_string(),
        })?;
        if !status.is_success() {
            if matches!(self.auth, AwsAuth::Bearer(_)) && matches!(status.as_u16(), 401 | 403) {
                return Err(DiscoveryError::BearerKey { region });
            }
            return Err(DiscoveryError::Refused {
                listing,
                region,
                status: status.as_u16(),
                code,
                message: message(&body),
            });
        }
        serde_json::from_slice(&body).map_err(|error| DiscoveryError::Unreadable {
            listing,
            region,
            reason: error.to_string(),
        })
    }

    /// `Authorization: Bearer`, or a SigV4 signature over the GET (empty body, query included).
    fn auth_headers(&self, listing: Listing, url: &str) -> Result<Vec<(String, String)>, DiscoveryError> {
        match self.auth {
            AwsAuth::Bearer(key) => Ok(vec![("authorization".into(), format!("Bearer {}", key.expose()))]),
            AwsAuth::SigV4(credentials) => {
                let request = sigv4::SignRequest { method: "GET", url, headers: &[], body: &[] };
                sigv4::sign(&request, credentials, self.region, service::BEDROCK, SystemTime::now())
                    .map(|signed| signed.headers)
                    .map_err(|error| DiscoveryError::Sign {
                        listing,
                        region: self.region.to_owned(),
                        reason: error.to_string(),
                    })
            }
        }
    }
}

/// The `message` (or `Message`) of an AWS JSON error body, else the body itself, on one line.
fn message(body: &[u8]) -> String {
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = parsed.as_ref().and_then(|value| value.get("message").or_else(|| value.get("Message")));
    match field.and_then(serde_json::Value::as_str) {
        Some(text) => one_line(text),
        None => one_line(&String::from_utf8_lossy(body)),
    }
}

/// Follows `nextToken` until a page has none (or an empty one), asking `fetch` for each page.
pub(super) async fn all_pages<P, F, Fut>(
    listing: Listing,
    region: &str,
    mut fetch: F,
) -> Result<Vec<P::Item>, DiscoveryError>
where
    P: Page,
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<P, DiscoveryError>>,
{
    let mut items = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let (page, next) = fetch(token).await?.into_parts();
        items.extend(page);
        token = next.filter(|next| !next.is_empty());
        if token.is_none() {
            return Ok(items);
        }
    }
    Err(DiscoveryError::Unreadable {
        listing,
        region: region.to_owned(),
        reason: format!("still more pages after {MAX_PAGES}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(json: &str) -> ProfilePage {
        serde_json::from_str(json).expect("valid page")
    }

    #[tokio::test]
    async fn profiles_are_gathered_from_every_page() {
        let pages = [
            r#"{"inferenceProfileSummaries":[{"inferenceProfileId":"us.a"}],"nextToken":"t+1/="}"#,
            r#"{"inferenceProfileSummaries":[{"inferenceProfileId":"eu.a"}],"nextToken":"t2"}"#,
            r#"{"inferenceProfileSummaries":[{"inferenceProfileId":"global.a"}],"nextToken":""}"#,
        ];
        let mut asked = Vec::new();
        let profiles = all_pages(Listing::InferenceProfiles, "us-east-1", |token| {
            asked.push(token);
            let next = page(pages[asked.len() - 1]);
            async move { Ok(next) }
        })
        .await
        .expect("three pages");
        let ids: Vec<&str> = profiles.iter().map(|p| p.inference_profile_id.as_str()).collect();
        assert_eq!(ids, ["us.a", "eu.a", "global.a"]);
        assert_eq!(asked, [None, Some("t+1/=".to_owned()), Some("t2".to_owned())]);
    }

    #[tokio::test]
    async fn endless_tokens_end_in_an_error() {
        let result =
            all_pages(Listing::InferenceProfiles, "us-east-1", |_| async { Ok(page(r#"{"nextToken":"again"}"#)) })
                .await;
        assert!(matches!(result, Err(DiscoveryError::Unreadable { .. })), "{result:?}");
    }

    #[test]
    fn error_messages_come_from_the_body() {
        assert_eq!(message(br#"{"message":"no\nway"}"#), "no way");
        assert_eq!(message(br#"{"Message":"denied"}"#), "denied");
        assert_eq!(message(b"plain text"), "plain text");
    }
}
