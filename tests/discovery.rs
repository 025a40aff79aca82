//! Model discovery against the emulator's Bedrock control plane on loopback: SigV4 with the
//! demo credentials, the region's inference-profile geography, and the refusals.

use aws_credential_types::Credentials;
use routeplay::auth::aws::credentials::AwsAuth;
use routeplay::auth::secret::Secret;
use routeplay::emulator::{
    self, AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY, EmulatorHandle, EmulatorOptions,
};
use routeplay::models::discovery::{Discovered, DiscoveryError, discover, discover_with};
use routeplay::routes::RouteId;

const PROFILE_ONLY: &str = "anthropic.emulator-profile-only-v1:0";

async fn start() -> EmulatorHandle {
    emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() }).await.expect("starts")
}

fn demo() -> Credentials {
    Credentials::new(AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_SECRET_ACCESS_KEY, None, None, "test")
}

async fn discover_in(region: &str) -> Discovered {
    let handle = start().await;
    let found = discover(&reqwest::Client::new(), &handle.base_url(), &demo(), region).await.expect("discovers");
    handle.shutdown().await.expect("stops");
    found
}

fn ids(found: &Discovered, route: RouteId) -> Vec<String> {
    found.models(route).expect("a discovered route").iter().map(|model| model.id.clone()).collect()
}

#[tokio::test]
async fn us_east_1_offers_the_on_demand_models_and_the_us_profile() {
    let found = discover_in("us-east-1").await;
    let expected = [
        "anthropic.emulator-sonnet-v1:0".to_owned(),
        "anthropic.emulator-thinking-v1:0".to_owned(),
        "anthropic.emulator-tools-v1:0".to_owned(),
        format!("us.{PROFILE_ONLY}"),
        format!("global.{PROFILE_ONLY}"),
        // The demo account's application profile and provisioned throughput, by ARN.
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/emudemoapp01".to_owned(),
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/emudemoprov1".to_owned(),
    ];
    assert_eq!(ids(&found, RouteId::BedrockConverse), expected);
    assert_eq!(ids(&found, RouteId::BedrockInvoke), expected, "the emulator's models are all Anthropic");
    assert_eq!(found.models(RouteId::BedrockMantle), None, "Mantle keeps the curated list");
    assert_eq!(found.region, "us-east-1");
    let profile = &found.runtime[3];
    assert_eq!(profile.label, "Emulator Profile Only · us. profile (on-demand not offered in us-east-1)");
}

#[tokio::test]
async fn eu_west_1_offers_the_eu_profile() {
    let found = discover_in("eu-west-1").await;
    let profiles: Vec<String> =
        ids(&found, RouteId::BedrockConverse).into_iter().filter(|id| id.ends_with(PROFILE_ONLY)).collect();
    assert_eq!(profiles, [format!("eu.{PROFILE_ONLY}"), format!("global.{PROFILE_ONLY}")]);
}

#[tokio::test]
async fn a_wrong_secret_names_the_signature_error() {
    let handle = start().await;
    let wrong = Credentials::new(AWS_DEMO_ACCESS_KEY_ID, "not-the-secret", None, None, "test");
    let error = discover(&reqwest::Client::new(), &handle.base_url(), &wrong, "us-west-2").await.expect_err("refused");
    handle.shutdown().await.expect("stops");
    assert!(matches!(error, DiscoveryError::Refused { status: 403, .. }), "{error:?}");
    let line = error.to_string();
    assert!(
        line.starts_with("ListFoundationModels in us-west-2 failed: HTTP 403 InvalidSignatureException: "),
        "{line}"
    );
    assert!(!line.contains('\n') && !line.contains("coral"), "{line}");
}

#[tokio::test]
async fn a_bedrock_api_key_cannot_list_models() {
    let handle = start().await;
    let auth = AwsAuth::Bearer(Secret::new(AWS_DEMO_BEARER_KEY));
    let error =
        discover_with(&reqwest::Client::new(), &handle.base_url(), &auth, "us-east-1").await.expect_err("refused");
    handle.shutdown().await.expect("stops");
    assert_eq!(error, DiscoveryError::BearerKey { region: "us-east-1".into() });
    assert_eq!(error.to_string(), "Bedrock API keys cannot list models in us-east-1; using the curated list");
}

#[tokio::test]
async fn an_unreachable_control_plane_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let error = discover(&reqwest::Client::new(), &url, &demo(), "us-east-1").await.expect_err("no server");
    assert!(matches!(error, DiscoveryError::Connection { .. }), "{error:?}");
    assert!(error.to_string().starts_with("ListFoundationModels in us-east-1: cannot reach "), "{error}");
}
