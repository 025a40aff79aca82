//! The off-UI check of the Bedrock routes' AWS side: who the credentials belong to (STS), and
//! which models this region offers (the control plane, cached per profile and region).

use super::plain_http;
use super::setup::{Surroundings, aws_settings, demo_credentials};
use crate::auth::AwsSummary;
use crate::auth::aws::credentials::{self as aws, AwsAuth, AwsContext, AwsSource};
use crate::auth::demo;
use crate::models::discovery::{self, DiscoveryCache};
use crate::models::{DiscoveredModels, ModelEntry};
use crate::routes::RouteId;
use crate::routes::bedrock::SHOWN_REGION;
use std::time::SystemTime;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsCheck {
    /// `None` when there are no AWS credentials (the route statuses say why).
    pub summary: Option<AwsSummary>,
    /// The models per Bedrock route and a note on where they came from, or why discovery
    /// failed (the curated list stays then). `None` without credentials.
    pub models: Option<Result<DiscoveredModels, String>>,
}

/// Resolve the AWS context once, then ask STS who it is and the control plane what it offers.
/// `refresh` skips the discovery cache.
pub async fn check(
    around: &Surroundings<'_>,
    http: &reqwest::Client,
    cache: &DiscoveryCache,
    refresh: bool,
) -> AwsCheck {
    let (context, control_plane) = if around.demo {
        let Some(url) = around.emulator_url else { return AwsCheck { summary: None, models: None } };
        (demo_context(around.places.region.clone()), url.to_owned())
    } else {
        let settings = aws_settings(&around.places.target(RouteId::BedrockInvoke, ""), around.config);
        let Ok(context) = aws::resolve(&settings).await else { return AwsCheck { summary: None, models: None } };
        let url = discovery::control_plane_url(around.env, &context.region);
        (context, url)
    };
    let summary = summary(&context, around.demo).await;
    let profile = if around.demo { "demo" } else { context.profile.as_deref().unwrap_or("default") };
    let cached = if refresh { None } else { cache.load(profile, &context.region) };
    let key_refused = matches!(context.auth, AwsAuth::Bearer(_)).then(|| plain_http::refusal(&control_plane)).flatten();
    let models = match (cached, key_refused) {
        (Some(discovered), _) => Ok(lists(&discovered)),
        (None, Some(problem)) => Err(format!("{problem}; {}", plain_http::HINT)),
        (None, None) => cache
            .refresh(http, &control_plane, &context.auth, profile, &context.region)
            .await
            .map(|found| lists(&found))
            .map_err(|error| error.to_string()),
    };
    AwsCheck { summary: Some(summary), models: Some(models) }
}

/// The emulator's demo credentials as an AWS context, at the chosen region as demo runs are.
fn demo_context(region: Option<String>) -> AwsContext {
    AwsContext {
        auth: AwsAuth::SigV4(demo_credentials()),
        source: AwsSource::Environment,
        region: region.unwrap_or_else(|| SHOWN_REGION.into()),
        profile: None,
    }
}

async fn summary(context: &AwsContext, demo: bool) -> AwsSummary {
    let identity = if demo {
        Ok((demo::AWS_DEMO_ACCOUNT.into(), demo::AWS_DEMO_ARN.into()))
    } else {
        aws::caller_identity(context).await.map(|id| (id.account, id.arn)).map_err(|error| error.problem)
    };
    let expires = context.expires().map(|at| {
        aws_smithy_types::DateTime::from(at)
            .fmt(aws_smithy_types::date_time::Format::DateTime)
            .unwrap_or_else(|_| "unknown".into())
    });
    let expires_in = context.expires().map(|at| at.duration_since(SystemTime::now()).unwrap_or_default());
    // The expiry has a row of its own below the source.
    let source = match (demo, context.is_temporary()) {
        (true, _) => "demo credentials (built-in emulator)".into(),
        (false, true) => format!("{}, temporary", context.source),
        (false, false) => context.source.to_string(),
    };
    AwsSummary { source, region: context.region.clone(), identity, expires, expires_in }
}

/// The lists for the route pane; the account's owned ids are remembered first, so their cost
/// and model rules are the underlying model's.
fn lists(found: &discovery::Discovered) -> DiscoveredModels {
    crate::models::owned::remember(&found.owned);
    let lists: Vec<(RouteId, Vec<ModelEntry>)> = [RouteId::BedrockInvoke, RouteId::BedrockConverse]
        .into_iter()
        .filter_map(|route| found.models(route).map(|models| (route, models.to_vec())))
        .collect();
    let minutes = SystemTime::now().duration_since(found.fetched_at).map_or(0, |age| age.as_secs() / 60);
    let age = if minutes == 0 { "just now".to_owned() } else { format!("{minutes} min ago") };
    DiscoveredModels {
        note: format!("{} models in {} (listed {age}; c lists again)", found.runtime.len(), found.region),
        lists,
    }
}
