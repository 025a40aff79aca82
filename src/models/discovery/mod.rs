//! Which Bedrock models this account can invoke in this region, from the control plane
//! (`ListFoundationModels` and `ListInferenceProfiles`, signed with SigV4 as `bedrock`), cached
//! per profile and region.
//!
//! The result fills two routes: bedrock-converse takes every text model
//! ([`Discovered::runtime`]), bedrock-invoke only the Anthropic ones
//! ([`Discovered::anthropic_only`]), since its body is the Anthropic Messages body. Mantle has
//! no listing operation, so it keeps the curated catalog, as does every route when discovery
//! fails (Bedrock API keys, for one, cannot list models). The `merge` submodule says which ids are
//! offered.

mod cache;
mod error;
mod merge;
mod wire;

pub use cache::DiscoveryCache;
pub use error::{DiscoveryError, Listing};

use crate::auth::Env;
use crate::auth::aws::credentials::{AwsAuth, AwsService, endpoint_override};
use crate::models::ModelEntry;
use crate::models::owned::OwnedModel;
use crate::routes::RouteId;
use crate::routes::capabilities::Serves;
use crate::routes::spec::ModelIds;
use aws_credential_types::Credentials;
use std::time::SystemTime;

/// What can be invoked in one region, split by route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub region: String,
    /// Every invokable text model: the bedrock-converse list.
    pub runtime: Vec<ModelEntry>,
    /// The Anthropic subset of [`Self::runtime`]: the bedrock-invoke list.
    pub anthropic_only: Vec<ModelEntry>,
    /// The account's application profiles and provisioned throughputs (also in the lists).
    pub owned: Vec<OwnedModel>,
    pub fetched_at: SystemTime,
}

impl Discovered {
    /// The discovered models for `route`: on the Bedrock runtime's routes, every model where
    /// the route serves any family, else the Anthropic ones; `None` where the curated catalog
    /// stays (Mantle, which cannot be listed, and the non-Bedrock routes).
    #[must_use]
    pub fn models(&self, route: RouteId) -> Option<&[ModelEntry]> {
        let spec = route.spec();
        if spec.model_ids != ModelIds::BedrockRuntime {
            return None;
        }
        Some(if spec.capabilities.serves == Serves::PerModel { &self.runtime } else { &self.anthropic_only })
    }
}

/// The control plane's public endpoint in `region`.
#[must_use]
pub fn control_plane_host(region: &str) -> String {
    format!("https://bedrock.{region}.amazonaws.com")
}

/// The control plane to call: `AWS_ENDPOINT_URL_BEDROCK` (or `AWS_ENDPOINT_URL`) when set,
/// else [`control_plane_host`]. Pass `&ProcessEnv` outside tests.
#[must_use]
pub fn control_plane_url(env: &dyn Env, region: &str) -> String {
    endpoint_override(env, AwsService::Bedrock).unwrap_or_else(|| control_plane_host(region))
}

/// Lists the models and profiles at `base_url` with SigV4 `credentials` for `region`, and
/// merges them into what can be invoked there.
pub async fn discover(
    http: &reqwest::Client,
    base_url: &str,
    credentials: &Credentials,
    region: &str,
) -> Result<Discovered, DiscoveryError> {
    discover_with(http, base_url, &AwsAuth::SigV4(credentials.clone()), region).await
}

/// [`discover`] with either kind of credential. A Bedrock API key is tried as a bearer token;
/// when AWS refuses it (it does today) the error is [`DiscoveryError::BearerKey`].
pub async fn discover_with(
    http: &reqwest::Client,
    base_url: &str,
    auth: &AwsAuth,
    region: &str,
) -> Result<Discovered, DiscoveryError> {
    discover_paged(&wire::ControlPlane { http, base_url, auth, region }, wire::PAGE_SIZE).await
}

async fn discover_paged(control: &wire::ControlPlane<'_>, page_size: u16) -> Result<Discovered, DiscoveryError> {
    let models = control.foundation_models().await?;
    let profiles = control.inference_profiles(page_size, "SYSTEM_DEFINED").await?;
    // An account may not be allowed to list its own profiles and throughputs (or have none):
    // the foundation models are still worth offering, so these two never fail discovery.
    let applications = control.inference_profiles(page_size, "APPLICATION").await.unwrap_or_default();
    let provisioned = control.provisioned_models(page_size).await.unwrap_or_default();
    let owned = merge::owned_models(&applications, &provisioned);
    Ok(merge::merge(&models, &profiles, owned, control.region, SystemTime::now()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::{self, AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, EmulatorOptions};
    use crate::models::owned::OwnedKind;
    use std::collections::HashMap;

    #[test]
    fn the_endpoint_follows_the_region_unless_overridden() {
        assert_eq!(control_plane_host("eu-west-1"), "https://bedrock.eu-west-1.amazonaws.com");
        let none: HashMap<String, String> = HashMap::new();
        assert_eq!(control_plane_url(&none, "us-west-2"), "https://bedrock.us-west-2.amazonaws.com");
        let set = HashMap::from([("AWS_ENDPOINT_URL_BEDROCK".to_owned(), "http://127.0.0.1:9".to_owned())]);
        assert_eq!(control_plane_url(&set, "us-west-2"), "http://127.0.0.1:9");
    }

    #[test]
    fn converse_lists_every_model_invoke_the_anthropic_ones_and_the_rest_none() {
        let entry = |id: &str| ModelEntry { id: id.into(), label: id.into() };
        let found = Discovered {
            region: "us-east-1".into(),
            runtime: vec![entry("anthropic.a-v1:0"), entry("meta.llama-v1:0")],
            anthropic_only: vec![entry("anthropic.a-v1:0")],
            owned: Vec::new(),
            fetched_at: SystemTime::UNIX_EPOCH,
        };
        assert_eq!(found.models(RouteId::BedrockConverse).map(<[_]>::len), Some(2));
        assert_eq!(found.models(RouteId::BedrockInvoke).map(<[_]>::len), Some(1));
        for route in [RouteId::BedrockMantle, RouteId::Anthropic, RouteId::VertexClaude, RouteId::Emulator] {
            assert_eq!(found.models(route), None, "{route}");
        }
    }

    /// Small pages put `nextToken` on the wire, so its encoding is signed and verified too.
    #[tokio::test]
    async fn small_pages_give_the_same_result_as_one_page() {
        let handle = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
            .await
            .expect("emulator starts");
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let base_url = handle.base_url();
        let auth =
            AwsAuth::SigV4(Credentials::new(AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, None, None, "test"));
        let control = wire::ControlPlane { http: &http, base_url: &base_url, auth: &auth, region: "eu-west-1" };
        let paged = discover_paged(&control, 1).await.expect("paged");
        let whole = discover_paged(&control, wire::PAGE_SIZE).await.expect("one page");
        assert_eq!((paged.runtime, paged.anthropic_only), (whole.runtime, whole.anthropic_only));
        assert_eq!(control.inference_profiles(1, "SYSTEM_DEFINED").await.expect("profiles").len(), 6);
        handle.shutdown().await.expect("stops");
    }

    /// The demo account's application profile and provisioned throughput are offered by ARN,
    /// named with the model they run; only the Anthropic ones reach bedrock-invoke's list.
    #[tokio::test]
    async fn owned_ids_are_listed_under_their_names() {
        let handle = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
            .await
            .expect("emulator starts");
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let credentials = Credentials::new(AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, None, None, "test");
        let found = discover(&http, &handle.base_url(), &credentials, "eu-west-1").await.expect("discovered");
        let kinds: Vec<_> = found.owned.iter().map(|owned| (owned.name.as_str(), owned.kind)).collect();
        assert_eq!(
            kinds,
            [("team-a-sonnet", OwnedKind::ApplicationProfile), ("reserved-thinking", OwnedKind::ProvisionedThroughput)]
        );
        let app = &found.owned[0];
        assert!(
            app.arn.starts_with("arn:aws:bedrock:eu-west-1:") && app.arn.contains(":application-inference-profile/")
        );
        assert_eq!(app.underlying, "anthropic.emulator-sonnet-v1:0");
        let entry = found.runtime.iter().find(|entry| entry.id == app.arn).expect("offered on Converse");
        assert_eq!(entry.label, "team-a-sonnet · application profile → anthropic.emulator-sonnet-v1:0");
        assert!(found.anthropic_only.iter().any(|entry| entry.id == app.arn), "an Anthropic model runs on Invoke too");
        handle.shutdown().await.expect("stops");
    }
}
