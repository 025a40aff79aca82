//! Who the credentials are: STS `GetCallerIdentity` on the Bedrock routes (at the emulator in
//! demo mode), the Google principal and token lifetime on Vertex. Keys have no identity to ask
//! about. And the host a route would call when its credential could not be resolved.

use super::Check;
use crate::auth::aws::credentials::{self as aws, AwsAuth, AwsContext, AwsSource};
use crate::auth::google;
use crate::client::google_setup;
use crate::client::host;
use crate::client::setup::{
    RouteSetup, Surroundings, aws_settings, configured_base_url, demo_credentials, demo_on_emulator,
};
use crate::routes::spec::AuthScheme;
use crate::routes::{RouteId, Target};

/// The identity lines for `target`'s route, whose setup resolved.
pub async fn identity(
    target: &Target,
    setup: &RouteSetup,
    around: &Surroundings<'_>,
    http: &reqwest::Client,
) -> Vec<Check> {
    match target.route.spec().auth {
        AuthScheme::Aws => vec![aws_identity(target, setup, around).await],
        AuthScheme::GoogleAdc => google_identity(setup, around, http).await,
        AuthScheme::EmulatorKey | AuthScheme::AnthropicKey | AuthScheme::GoogleApiKey | AuthScheme::OpenAiKey => {
            Vec::new()
        }
    }
}

async fn aws_identity(target: &Target, setup: &RouteSetup, around: &Surroundings<'_>) -> Check {
    let region = setup.place.region().unwrap_or_default().to_owned();
    let (context, endpoint) = if around.demo {
        let context = AwsContext {
            auth: AwsAuth::SigV4(demo_credentials()),
            source: AwsSource::Environment,
            region,
            profile: None,
        };
        (context, around.emulator_url.map(str::to_owned))
    } else {
        match aws::resolve(&aws_settings(target, around.config)).await {
            Ok(context) => (context, aws::endpoint_override(around.env, aws::AwsService::Sts)),
            Err(error) => return Check::failed("identity", error.problem, Some(error.hint)),
        }
    };
    if matches!(context.auth, AwsAuth::Bearer(_)) {
        return Check::skipped("identity", "a Bedrock API key has no STS caller identity");
    }
    match aws::caller_identity_at(&context, endpoint).await {
        Ok(who) => Check::ok("identity", format!("{} (account {})", who.arn, who.account)),
        Err(error) => Check::failed("identity", error.problem, Some(error.hint)),
    }
}

async fn google_identity(setup: &RouteSetup, around: &Surroundings<'_>, http: &reqwest::Client) -> Vec<Check> {
    let adc = match around.emulator_url.filter(|_| around.demo) {
        Some(url) => google_setup::demo_adc(url),
        None => google::find_adc(around.env),
    };
    let Ok(adc) = adc else { return Vec::new() };
    let mut checks = Vec::new();
    match around.google_tokens.token(&adc).await {
        Ok(token) => {
            let who = around.google_tokens.identity(http, &adc, &token).await;
            checks.push(match who.principal {
                Some(principal) => Check::ok("identity", format!("{principal} ({})", adc.info.kind.label())),
                None => Check::unconfirmed("identity", format!("{}: the principal is unknown", adc.info.kind.label())),
            });
        }
        Err(error) => checks.push(Check::failed("identity", error.problem, Some(error.hint))),
    }
    if let Some(left) = setup.token_expires_in {
        checks.push(Check::ok("expiry", format!("the access token has {} min left", left.as_secs().div_ceil(60))));
    }
    checks
}

/// The host `route` would call, from its spec, when its credential could not be resolved: the
/// overrides, else the default host at the place the flags, config or environment give.
pub fn unresolved_base_url(route: RouteId, around: &Surroundings<'_>) -> Option<String> {
    let spec = route.spec();
    if around.demo && demo_on_emulator(spec) {
        return around.emulator_url.map(|url| host::on_emulator(spec, url));
    }
    if route == RouteId::Emulator {
        return around.emulator_url.map(str::to_owned);
    }
    let target = around.places.target(route, "");
    let site = match spec.auth {
        AuthScheme::Aws => aws_settings(&target, around.config)
            .region
            .or_else(|| around.env.var("AWS_REGION"))
            .or_else(|| around.env.var("AWS_DEFAULT_REGION")),
        AuthScheme::GoogleAdc => Some(google_setup::location(&target, &around.config.routes.google, around.env)),
        _ => None,
    };
    host::base_url(spec, configured_base_url(around.config, spec), around.env, site.as_deref())
}
