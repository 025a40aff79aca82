//! The region: settings, then `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` (following
//! `source_profile` as `aws-config` does), then instance metadata. Never a silent `us-east-1`.

use super::{AwsSettings, chain, non_blank};
use crate::auth::Env;
use aws_config::imds::region::ImdsRegionProvider;
use aws_config::meta::region::ProvideRegion;
use aws_config::profile::ProfileFileRegionProvider;

/// How to set a region, shown when none is found.
pub(super) const HINT: &str = "set AWS_REGION (e.g. `export AWS_REGION=us-west-2`), \
     `aws configure set region us-west-2 --profile <name>`, or region in config.toml";

/// The region from settings or the environment.
pub(super) fn configured(settings: &AwsSettings, env: &dyn Env) -> Option<String> {
    non_blank(settings.region.as_deref())
        .map(str::to_owned)
        .or_else(|| env.var("AWS_REGION").or_else(|| env.var("AWS_DEFAULT_REGION")))
        .map(|region| region.trim().to_owned())
}

/// The region from the profile, else from instance metadata.
pub(super) async fn discover(profile: &str) -> Option<String> {
    let from_profile = ProfileFileRegionProvider::builder().profile_name(profile).build();
    if let Some(region) = ProvideRegion::region(&from_profile).await {
        return Some(region.to_string());
    }
    // Only reached with nothing configured; off EC2 this probe costs at most the IMDS timeout.
    let config = chain::provider_config(None);
    let imds = ImdsRegionProvider::builder().configure(&config).imds_client(chain::imds_client(&config)).build();
    imds.region().await.map(|region| region.to_string())
}
