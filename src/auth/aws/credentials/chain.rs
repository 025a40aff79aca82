//! The default credential chain of `aws-config`, run one provider at a time so the label names the
//! provider that answered (resolved `Credentials` do not expose their provider). Same order and
//! rules as `DefaultCredentialsChain`: a provider that finds nothing passes to the next, one that
//! finds a broken configuration stops the chain with its error.

use super::error::one_line;
use super::{AwsCredentialError, AwsErrorKind, AwsSource, ProfileKind, Selection, profile};
use aws_config::Region;
use aws_config::ecs::EcsCredentialsProvider;
use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::imds::client::error::ImdsError;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, error::CredentialsError};
use std::error::Error;
use std::time::Duration;

/// IMDS connect and read timeout, as the AWS CLI's `metadata_service_timeout`: off EC2 the probe
/// gives up after about a second instead of the SDK's four attempts.
const IMDS_TIMEOUT: Duration = Duration::from_secs(1);
/// Bounds for the SSO, STS and ECS calls a provider makes.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(15);

/// The fix for a certificate the credential chain's endpoint (STS, SSO, ECS) was refused for.
const TLS_HINT: &str = "behind a proxy that inspects TLS, point AWS_CA_BUNDLE (or SSL_CERT_FILE) at its CA \
     certificates (PEM); else check the endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL)";

/// One provider of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Environment,
    Profile,
    WebIdentity,
    Container,
    Instance,
}

/// The order of `aws-config`'s `DefaultCredentialsChain`.
pub(super) const DEFAULT_CHAIN: [Step; 5] =
    [Step::Environment, Step::Profile, Step::WebIdentity, Step::Container, Step::Instance];
/// An explicitly chosen profile is the only source.
pub(super) const PROFILE_ONLY: [Step; 1] = [Step::Profile];

type Found = (Credentials, AwsSource);

/// Asks each step in turn; the first credentials win.
pub(super) async fn resolve(steps: &[Step], selection: &Selection, region: &str) -> Result<Found, AwsCredentialError> {
    let config = provider_config(Some(region));
    for step in steps {
        let found = match step {
            Step::Profile => from_profile(&config, selection, region).await?,
            Step::Instance => {
                let provider = ImdsCredentialsProvider::builder().configure(&config).imds_client(imds_client(&config));
                match provider.build().provide_credentials().await {
                    Err(error) if imds_unreachable(&error) => None,
                    result => settle(result, AwsSource::Instance, selection, region)?,
                }
            }
            Step::Environment => {
                let result = EnvironmentVariableCredentialsProvider::new().provide_credentials().await;
                settle(result, AwsSource::Environment, selection, region)?
            }
            Step::WebIdentity => {
                let provider = WebIdentityTokenCredentialsProvider::builder().configure(&config).build();
                settle(provider.provide_credentials().await, AwsSource::WebIdentity, selection, region)?
            }
            Step::Container => {
                let provider = EcsCredentialsProvider::builder().configure(&config).build();
                settle(provider.provide_credentials().await, AwsSource::Container, selection, region)?
            }
        };
        if let Some(found) = found {
            return Ok(found);
        }
    }
    Err(missing(steps, selection, region))
}

/// The selected profile; one the user named must exist.
async fn from_profile(
    config: &ProviderConfig,
    selection: &Selection,
    region: &str,
) -> Result<Option<Found>, AwsCredentialError> {
    let fail = |kind, problem: String, hint: String| {
        AwsCredentialError::new(kind, problem, hint, &selection.name, Some(region))
    };
    let profiles = profile::load(&selection.name).await.map_err(|error| {
        let problem = format!("cannot read the AWS profiles: {}", one_line(&error));
        fail(AwsErrorKind::Failed, problem, profile::SYNTAX_HINT.into())
    })?;
    let Some(found) = profiles.get_profile(&selection.name) else {
        if !selection.named {
            return Ok(None);
        }
        let known = profile::names(&profiles);
        let known = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
        let problem = format!("AWS profile {} not found (known profiles: {known})", selection.name);
        let hint = format!(
            "create it with `aws configure --profile {0}` or `aws configure sso --profile {0}`",
            selection.name
        );
        return Err(fail(AwsErrorKind::UnknownProfile, problem, hint));
    };
    let source = AwsSource::Profile { name: selection.name.clone(), kind: ProfileKind::of(found) };
    let provider = ProfileFileCredentialsProvider::builder().configure(config).profile_name(&selection.name).build();
    settle(provider.provide_credentials().await, source, selection, region)
}

/// Found, nothing here (try the next step), or a failure that stops the chain.
fn settle(
    result: Result<Credentials, CredentialsError>,
    source: AwsSource,
    selection: &Selection,
    region: &str,
) -> Result<Option<Found>, AwsCredentialError> {
    match result {
        Ok(credentials) => Ok(Some((credentials, source))),
        Err(CredentialsError::CredentialsNotLoaded(_)) => Ok(None),
        Err(error) => {
            let cause = one_line(&error);
            // A certificate nothing vouches for is the network's doing, not the credential's.
            let hint =
                if cause.contains("invalid peer certificate") { TLS_HINT.to_owned() } else { source.refresh_hint() };
            Err(AwsCredentialError::new(
                AwsErrorKind::Failed,
                format!("AWS credentials from {source} failed: {cause}"),
                hint,
                &selection.name,
                Some(region),
            ))
        }
    }
}

/// Not on EC2 (or IMDS is off): the token request could not be sent or timed out.
fn imds_unreachable(error: &CredentialsError) -> bool {
    let mut next: Option<&(dyn Error + 'static)> = Some(error);
    while let Some(error) = next {
        if matches!(error.downcast_ref::<ImdsError>(), Some(ImdsError::FailedToLoadToken(_) | ImdsError::IoError(_))) {
            return true;
        }
        next = error.source();
    }
    false
}

fn missing(steps: &[Step], selection: &Selection, region: &str) -> AwsCredentialError {
    let (problem, hint) = if steps == PROFILE_ONLY {
        (
            format!("AWS profile {} has no credentials", selection.name),
            format!("run `aws configure --profile {0}` or `aws configure sso --profile {0}`", selection.name),
        )
    } else {
        (
            "no AWS credentials found".to_owned(),
            "run `aws configure` or `aws sso login --profile <name>`, export AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY, or set AWS_BEARER_TOKEN_BEDROCK"
                .to_owned(),
        )
    };
    AwsCredentialError::new(AwsErrorKind::Missing, problem, hint, &selection.name, Some(region))
}

/// The environment and files of this process, one attempt per call, bounded in time; the HTTP
/// client trusts `AWS_CA_BUNDLE` where it is set.
pub(super) fn provider_config(region: Option<&str>) -> ProviderConfig {
    let timeouts = TimeoutConfig::builder().connect_timeout(CONNECT_TIMEOUT).operation_timeout(OPERATION_TIMEOUT);
    let config = ProviderConfig::default()
        .with_region(region.map(|region| Region::new(region.to_owned())))
        .with_retry_config(RetryConfig::disabled())
        .with_timeout_config(timeouts.build());
    match super::super::ca_bundle::http_client() {
        Some(http) => config.with_http_client(http),
        None => config,
    }
}

/// An IMDS client that honours `AWS_EC2_METADATA_SERVICE_ENDPOINT` and gives up fast.
pub(super) fn imds_client(config: &ProviderConfig) -> aws_config::imds::Client {
    aws_config::imds::Client::builder()
        .configure(config)
        .connect_timeout(IMDS_TIMEOUT)
        .read_timeout(IMDS_TIMEOUT)
        .operation_timeout(2 * IMDS_TIMEOUT)
        .max_attempts(1)
        .build()
}
