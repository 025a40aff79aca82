//! Where AWS credentials came from: the sidebar label and the fix to suggest when they fail.

use aws_config::profile::Profile;
use std::fmt;

/// Where the credentials came from. `Display` is the label; it never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsSource {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Environment,
    /// A profile in `~/.aws/config` or `~/.aws/credentials`.
    Profile { name: String, kind: ProfileKind },
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`.
    WebIdentity,
    /// The ECS (or EKS pod identity) container endpoint.
    Container,
    /// The EC2 instance metadata service.
    Instance,
    /// `AWS_BEARER_TOKEN_BEDROCK`.
    BearerEnv,
    /// The Bedrock API key in config.toml.
    BearerConfig,
}

/// Any of these makes a profile an SSO profile.
const SSO_KEYS: [&str; 5] = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];

/// How a profile produces credentials, in the order `aws-config` decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileKind {
    StaticKeys,
    Sso,
    CredentialProcess,
    /// `role_arn` with `source_profile` or `credential_source`; `via` names that source.
    AssumeRole {
        via: String,
    },
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity,
    /// `login_session` (AWS sign-in from the console).
    Login,
    /// `credential_source` without a role to assume.
    NamedSource(String),
}

impl ProfileKind {
    /// Mirrors `aws-config`'s profile resolution: a role to assume first (unless it is a web
    /// identity role), then `credential_source`, web identity, SSO, login, process, static keys.
    #[must_use]
    pub fn of(profile: &Profile) -> Self {
        let web_identity = profile.get("web_identity_token_file").is_some();
        let role_source = profile.get("source_profile").or_else(|| profile.get("credential_source"));
        if profile.get("role_arn").is_some() && !web_identity {
            return Self::AssumeRole { via: role_source.unwrap_or("nothing").to_owned() };
        }
        if let Some(source) = profile.get("credential_source") {
            return Self::NamedSource(source.to_owned());
        }
        if web_identity {
            Self::WebIdentity
        } else if SSO_KEYS.iter().any(|key| profile.get(key).is_some()) {
            Self::Sso
        } else if profile.get("login_session").is_some() {
            Self::Login
        } else if profile.get("credential_process").is_some() {
            Self::CredentialProcess
        } else {
            Self::StaticKeys
        }
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StaticKeys => f.write_str("static keys"),
            Self::Sso => f.write_str("SSO"),
            Self::CredentialProcess => f.write_str("credential_process"),
            Self::AssumeRole { via } => write!(f, "assume role via {via}"),
            Self::WebIdentity => f.write_str("web identity"),
            Self::Login => f.write_str("console login"),
            Self::NamedSource(source) => write!(f, "credential_source {source}"),
        }
    }
}

impl fmt::Display for AwsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Environment => f.write_str("environment (AWS_ACCESS_KEY_ID)"),
            Self::Profile { name, kind } => write!(f, "profile {name} ({kind})"),
            Self::WebIdentity => f.write_str("web identity"),
            Self::Container => f.write_str("container (ECS)"),
            Self::Instance => f.write_str("instance (IMDSv2)"),
            Self::BearerEnv => f.write_str("bearer key (AWS_BEARER_TOKEN_BEDROCK)"),
            Self::BearerConfig => f.write_str("bearer key (config.toml)"),
        }
    }
}

impl AwsSource {
    /// The fix for credentials from this source that are expired, revoked or wrong.
    #[must_use]
    pub fn refresh_hint(&self) -> String {
        match self {
            Self::Environment => "export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)".into(),
            Self::Profile { name, kind } => profile_hint(name, kind),
            Self::WebIdentity => "check AWS_ROLE_ARN and that AWS_WEB_IDENTITY_TOKEN_FILE holds a current token".into(),
            Self::Container => "check the task role and AWS_CONTAINER_CREDENTIALS_* variables".into(),
            Self::Instance => "check the IAM role attached to this EC2 instance".into(),
            Self::BearerEnv => "create a new Bedrock API key and export it as AWS_BEARER_TOKEN_BEDROCK".into(),
            Self::BearerConfig => "create a new Bedrock API key and put it in config.toml".into(),
        }
    }
}

fn profile_hint(name: &str, kind: &ProfileKind) -> String {
    match kind {
        ProfileKind::StaticKeys => format!("run `aws configure --profile {name}` with valid keys"),
        ProfileKind::Sso => format!("run `aws sso login --profile {name}`"),
        ProfileKind::CredentialProcess => {
            format!("fix credential_process of profile {name}: it must print current credentials as JSON")
        }
        ProfileKind::AssumeRole { via } => {
            format!("refresh the credentials of {via} and check role_arn of profile {name}")
        }
        ProfileKind::WebIdentity => {
            format!("check role_arn and web_identity_token_file of profile {name}")
        }
        ProfileKind::Login => format!("run `aws login --profile {name}`"),
        ProfileKind::NamedSource(source) => format!("check credential_source {source} of profile {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn kind(pairs: &[(&str, &str)]) -> ProfileKind {
        let properties = pairs
            .iter()
            .map(|(key, value)| {
                ((*key).to_owned(), aws_config::profile::Property::new((*key).to_owned(), (*value).to_owned()))
            })
            .collect::<HashMap<_, _>>();
        ProfileKind::of(&Profile::new("p", properties))
    }

    #[test]
    fn profile_kinds_follow_aws_config_order() {
        assert_eq!(kind(&[("aws_access_key_id", "AKID")]), ProfileKind::StaticKeys);
        assert_eq!(kind(&[("sso_session", "corp"), ("credential_process", "x")]), ProfileKind::Sso);
        assert_eq!(kind(&[("credential_process", "x")]), ProfileKind::CredentialProcess);
        assert_eq!(
            kind(&[("role_arn", "arn:aws:iam::1:role/r"), ("source_profile", "base"), ("sso_session", "corp")]),
            ProfileKind::AssumeRole { via: "base".into() }
        );
        assert_eq!(
            kind(&[("role_arn", "arn:aws:iam::1:role/r"), ("web_identity_token_file", "/t")]),
            ProfileKind::WebIdentity
        );
    }

    #[test]
    fn labels_never_carry_values() {
        let source = AwsSource::Profile { name: "dev".into(), kind: ProfileKind::AssumeRole { via: "base".into() } };
        assert_eq!(source.to_string(), "profile dev (assume role via base)");
        assert_eq!(AwsSource::BearerEnv.to_string(), "bearer key (AWS_BEARER_TOKEN_BEDROCK)");
        assert_eq!(source.refresh_hint(), "refresh the credentials of base and check role_arn of profile dev");
    }
}
