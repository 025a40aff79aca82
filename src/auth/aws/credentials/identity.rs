//! Who the credentials belong to: STS `GetCallerIdentity`, fetched on demand, once.

use super::error::one_line;
use super::{AwsAuth, AwsContext, AwsCredentialError, AwsErrorKind, AwsService, endpoint_override};
use crate::auth::ProcessEnv;
use aws_sdk_sts::config::retry::RetryConfig;
use aws_sdk_sts::config::timeout::TimeoutConfig;
use aws_sdk_sts::config::{BehaviorVersion, Region};
use aws_sdk_sts::error::ProvideErrorMetadata;
use std::time::Duration;

/// The account and principal the credentials act as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
}

/// Asks STS (honouring `AWS_ENDPOINT_URL_STS`) who the credentials belong to; one attempt.
pub async fn caller_identity(context: &AwsContext) -> Result<CallerIdentity, AwsCredentialError> {
    caller_identity_at(context, endpoint_override(&ProcessEnv, AwsService::Sts)).await
}

/// [`caller_identity`] at `endpoint` (the built-in emulator's, in demo mode), else AWS's.
pub async fn caller_identity_at(
    context: &AwsContext,
    endpoint: Option<String>,
) -> Result<CallerIdentity, AwsCredentialError> {
    let profile = context.profile.as_deref().unwrap_or("default");
    let fail = |kind, problem: String, hint: String| {
        AwsCredentialError::new(kind, problem, hint, profile, Some(&context.region))
    };
    let AwsAuth::SigV4(credentials) = &context.auth else {
        let hint = "use SigV4 credentials (a profile or AWS_ACCESS_KEY_ID) to see the caller identity";
        return Err(fail(AwsErrorKind::Failed, format!("{} has no STS caller identity", context.source), hint.into()));
    };
    let timeouts =
        TimeoutConfig::builder().connect_timeout(Duration::from_secs(3)).operation_timeout(Duration::from_secs(10));
    let mut config = aws_sdk_sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(context.region.clone()))
        .credentials_provider(credentials.clone())
        .retry_config(RetryConfig::disabled())
        .timeout_config(timeouts.build());
    if let Some(url) = endpoint {
        config = config.endpoint_url(url);
    }
    if let Some(http) = crate::auth::aws::ca_bundle::http_client() {
        config = config.http_client(http);
    }
    let client = aws_sdk_sts::Client::from_conf(config.build());
    let output = client.get_caller_identity().send().await.map_err(|error| {
        let (problem, hint) = match error.code() {
            Some(code) => (
                format!(
                    "STS rejected the credentials from {}: {code}: {}",
                    context.source,
                    error.message().unwrap_or("")
                ),
                context.refresh_hint(),
            ),
            None => (
                format!("STS GetCallerIdentity failed: {}", one_line(&error)),
                "check the network, and AWS_ENDPOINT_URL_STS if set".to_owned(),
            ),
        };
        fail(AwsErrorKind::Failed, problem, hint)
    })?;
    Ok(CallerIdentity {
        account: output.account().unwrap_or_default().to_owned(),
        arn: output.arn().unwrap_or_default().to_owned(),
    })
}
