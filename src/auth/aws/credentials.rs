//! AWS credentials for the Bedrock routes: a Bedrock API key (bearer) or SigV4 credentials from
//! the `aws-config` providers, together with the region and a label saying where they came from.
//!
//! Precedence, first match wins:
//! 1. a profile named in `AwsSettings` (`--profile` or config.toml): the user named an identity
//!    for routeplay, so ambient keys must not silently replace it (boto3 drops environment keys
//!    for an explicit profile too);
//! 2. `AWS_BEARER_TOKEN_BEDROCK`, then the bearer key from config.toml (environment before file,
//!    as for the Anthropic key): a Bedrock API key beats the ambient chain, as in the Anthropic
//!    SDK's Mantle client;
//! 3. the default chain of `aws-config`, resolved step by step so the label is exact:
//!    environment keys, the `AWS_PROFILE` (or `default`) profile, web identity, ECS, IMDSv2.
//!
//! Resolution is async and makes network calls (SSO, STS, ECS, IMDS); callers run it off the UI
//! task. Each call resolves afresh, once, with no retries: callers keep the `AwsContext` until
//! `expires()` comes near.

mod chain;
mod endpoint;
mod error;
mod identity;
mod profile;
mod region;
mod scrub;
mod source;

pub use endpoint::{AwsService, endpoint_override, endpoints_ignored};
pub use error::{AwsCredentialError, AwsErrorKind};
pub use identity::{CallerIdentity, caller_identity, caller_identity_at};
pub use profile::profiles;
pub use source::{AwsSource, ProfileKind};

use crate::auth::{CredentialStatus, Env, ProcessEnv, secret::Secret};
use aws_credential_types::Credentials;
use std::time::SystemTime;

/// The environment variable holding a Bedrock API key.
pub const BEARER_ENV: &str = "AWS_BEARER_TOKEN_BEDROCK";

/// What the user chose for AWS; everything else comes from the environment and `~/.aws`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// A profile named on the command line or in config.toml.
    pub profile: Option<String>,
    /// A region named on the command line or in config.toml.
    pub region: Option<String>,
    /// A Bedrock API key from config.toml.
    pub bearer_key: Option<Secret>,
}

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsAuth {
    /// Sign with SigV4.
    SigV4(Credentials),
    /// `Authorization: Bearer KEY`, no signing.
    Bearer(Secret),
}

/// Resolved credentials, the region to call, and where both came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsContext {
    pub auth: AwsAuth,
    /// Where the credential came from; its `Display` is the sidebar label.
    pub source: AwsSource,
    pub region: String,
    /// The profile that was selected: named explicitly, or `default` when it supplied the keys.
    pub profile: Option<String>,
}

impl AwsContext {
    /// When temporary credentials stop working, for a countdown; `None` for long-lived ones.
    #[must_use]
    pub fn expires(&self) -> Option<SystemTime> {
        match &self.auth {
            AwsAuth::SigV4(credentials) => credentials.expiry(),
            AwsAuth::Bearer(_) => None,
        }
    }

    /// Whether these are temporary credentials (a session token, or an expiry), as STS, SSO,
    /// assumed roles and instance roles hand out, rather than long-term keys.
    #[must_use]
    pub fn is_temporary(&self) -> bool {
        match &self.auth {
            AwsAuth::SigV4(credentials) => credentials.session_token().is_some() || credentials.expiry().is_some(),
            AwsAuth::Bearer(_) => false,
        }
    }

    /// Where the credentials came from, and for temporary ones that they are and when they
    /// expire: `profile dev (SSO), temporary, expires 2026-01-01T10:00:00Z`. Never a secret.
    #[must_use]
    pub fn label(&self) -> String {
        match (self.is_temporary(), self.expires()) {
            (false, _) => self.source.to_string(),
            (true, None) => format!("{}, temporary", self.source),
            (true, Some(at)) => format!("{}, temporary, expires {}", self.source, error::timestamp(at)),
        }
    }

    /// What to tell the user when AWS rejects these credentials (expired, revoked, wrong keys).
    #[must_use]
    pub fn refresh_hint(&self) -> String {
        self.source.refresh_hint()
    }
}

/// The profile in effect and whether the user named it.
#[derive(Debug, Clone)]
struct Selection {
    name: String,
    /// Named in `AwsSettings`: only this profile may supply credentials.
    from_settings: bool,
    /// Named in settings or `AWS_PROFILE`: a profile missing from the files is an error.
    named: bool,
}

impl Selection {
    fn new(settings: &AwsSettings, env: &dyn Env) -> Self {
        let from_settings = non_blank(settings.profile.as_deref());
        let from_env = env.var("AWS_PROFILE").map(|name| name.trim().to_owned());
        let named = from_settings.is_some() || from_env.is_some();
        Self {
            from_settings: from_settings.is_some(),
            name: from_settings.map(str::to_owned).or(from_env).unwrap_or_else(|| "default".to_owned()),
            named,
        }
    }
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// Finds credentials and region, following the precedence in the module documentation.
pub async fn resolve(settings: &AwsSettings) -> Result<AwsContext, AwsCredentialError> {
    let env = ProcessEnv;
    let selection = Selection::new(settings, &env);
    profile::check_sizes(&env).map_err(|(problem, hint)| {
        AwsCredentialError::new(AwsErrorKind::Failed, problem, hint, &selection.name, None)
    })?;
    let region = match region::configured(settings, &env) {
        Some(region) => Some(region),
        None => region::discover(&selection.name).await,
    };
    let Some(region) = region else {
        // The profile's region may be there but unreadable: a syntax error in either file
        // hides it, and is the thing to fix.
        if let Err(error) = profile::load(&selection.name).await {
            return Err(AwsCredentialError::new(
                AwsErrorKind::Failed,
                format!("cannot read the AWS profiles: {}", error::one_line(&error)),
                profile::SYNTAX_HINT,
                &selection.name,
                None,
            ));
        }
        return Err(AwsCredentialError::new(
            AwsErrorKind::NoRegion,
            "no AWS region is set",
            region::HINT,
            &selection.name,
            None,
        ));
    };
    let (auth, source) = if selection.from_settings {
        sigv4(chain::resolve(&chain::PROFILE_ONLY, &selection, &region).await?)
    } else if let Some(key) = env.var(BEARER_ENV) {
        (AwsAuth::Bearer(Secret::new(key.trim())), AwsSource::BearerEnv)
    } else if let Some(key) = non_blank(settings.bearer_key.as_ref().map(Secret::expose)) {
        (AwsAuth::Bearer(Secret::new(key)), AwsSource::BearerConfig)
    } else {
        sigv4(chain::resolve(&chain::DEFAULT_CHAIN, &selection, &region).await?)
    };
    let profile = match &source {
        AwsSource::Profile { name, .. } => Some(name.clone()),
        _ => selection.named.then(|| selection.name.clone()),
    };
    let context = AwsContext { auth, source, region, profile };
    check_expiry(&context, &selection.name)?;
    Ok(context)
}

fn sigv4((credentials, source): (Credentials, AwsSource)) -> (AwsAuth, AwsSource) {
    (AwsAuth::SigV4(credentials), source)
}

/// Expired credentials fail here, before any request could be rejected for them.
fn check_expiry(context: &AwsContext, profile: &str) -> Result<(), AwsCredentialError> {
    match context.expires() {
        Some(expiry) if expiry <= SystemTime::now() => Err(AwsCredentialError::new(
            AwsErrorKind::Expired,
            format!("the credentials from {} expired at {}", context.source, error::timestamp(expiry)),
            context.refresh_hint(),
            profile,
            Some(&context.region),
        )),
        _ => Ok(()),
    }
}

/// The sidebar line for the Bedrock routes (and `routeplay routes`).
pub async fn status(settings: &AwsSettings) -> CredentialStatus {
    match resolve(settings).await {
        Ok(context) => CredentialStatus::Ready { source: context.label() },
        Err(error) if error.kind == AwsErrorKind::Missing => CredentialStatus::Missing { hint: error.to_string() },
        Err(error) => CredentialStatus::Error { message: error.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn settings_profile_wins_over_aws_profile() {
        let settings = AwsSettings { profile: Some(" dev ".into()), ..AwsSettings::default() };
        let selection = Selection::new(&settings, &env(&[("AWS_PROFILE", "ops")]));
        assert_eq!(selection.name, "dev");
        assert!(selection.from_settings && selection.named);
    }

    #[test]
    fn aws_profile_is_named_but_not_exclusive() {
        let selection = Selection::new(&AwsSettings::default(), &env(&[("AWS_PROFILE", "ops")]));
        assert_eq!(selection.name, "ops");
        assert!(!selection.from_settings && selection.named);
    }

    fn context(credentials: Credentials) -> AwsContext {
        AwsContext {
            auth: AwsAuth::SigV4(credentials),
            source: AwsSource::Profile { name: "dev".into(), kind: ProfileKind::Sso },
            region: "us-east-1".into(),
            profile: Some("dev".into()),
        }
    }

    #[test]
    fn temporary_credentials_say_so_and_when_they_expire() {
        let expiry = std::time::UNIX_EPOCH + std::time::Duration::from_hours(1_130_808);
        let temporary = context(Credentials::new("ASIA", "s", Some("token".into()), Some(expiry), "t"));
        assert_eq!(temporary.label(), "profile dev (SSO), temporary, expires 2099-01-01T00:00:00Z");
        let session = context(Credentials::new("ASIA", "s", Some("token".into()), None, "t"));
        assert_eq!(session.label(), "profile dev (SSO), temporary");
        let long_term = context(Credentials::new("AKID", "s", None, None, "t"));
        assert_eq!(long_term.label(), "profile dev (SSO)");
        let bearer = AwsContext { auth: AwsAuth::Bearer(Secret::new("k")), source: AwsSource::BearerEnv, ..long_term };
        assert_eq!(bearer.label(), "bearer key (AWS_BEARER_TOKEN_BEDROCK)");
    }

    #[test]
    fn no_profile_means_default() {
        let settings = AwsSettings { profile: Some("  ".into()), ..AwsSettings::default() };
        let selection = Selection::new(&settings, &env(&[("AWS_PROFILE", "")]));
        assert_eq!(selection.name, "default");
        assert!(!selection.named);
    }
}
