//! What is known about Application Default Credentials without asking the network: their kind,
//! where they were found, and who they act as.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

pub(super) const ENV_VAR: &str = "GOOGLE_APPLICATION_CREDENTIALS";

/// What kind of credential the ADC are (the file's `type`, or the metadata server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdcKind {
    ServiceAccount,
    AuthorizedUser,
    ExternalAccount,
    ExternalAccountAuthorizedUser,
    ImpersonatedServiceAccount,
    MetadataServer,
}

impl AdcKind {
    /// Words for the sidebar: `service account key`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::ServiceAccount => "service account key",
            Self::AuthorizedUser => "user credentials (gcloud)",
            Self::ExternalAccount => "workload identity federation",
            Self::ExternalAccountAuthorizedUser => "workforce identity federation (gcloud)",
            Self::ImpersonatedServiceAccount => "service account impersonation",
            Self::MetadataServer => "metadata server",
        }
    }

    pub(super) fn from_type(name: &str) -> Option<Self> {
        Some(match name {
            "service_account" => Self::ServiceAccount,
            "authorized_user" => Self::AuthorizedUser,
            "external_account" => Self::ExternalAccount,
            "external_account_authorized_user" => Self::ExternalAccountAuthorizedUser,
            "impersonated_service_account" => Self::ImpersonatedServiceAccount,
            _ => return None,
        })
    }

    /// The fields `google-cloud-auth` cannot do without, checked up front so a broken file is
    /// reported when it is found rather than at the first request.
    pub(super) fn required(self) -> &'static [&'static str] {
        match self {
            Self::ServiceAccount => &["client_email", "private_key", "private_key_id", "project_id"],
            Self::AuthorizedUser | Self::ExternalAccountAuthorizedUser => {
                &["client_id", "client_secret", "refresh_token"]
            }
            Self::ExternalAccount => &["audience", "subject_token_type", "token_url", "credential_source"],
            Self::ImpersonatedServiceAccount => &["service_account_impersonation_url", "source_credentials"],
            Self::MetadataServer => &[],
        }
    }
}

/// Where the ADC were found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AdcOrigin {
    /// The file named by `GOOGLE_APPLICATION_CREDENTIALS`.
    EnvVar(PathBuf),
    /// gcloud's `application_default_credentials.json`, under `$CLOUDSDK_CONFIG` or
    /// `~/.config/gcloud` (`%APPDATA%\gcloud` on Windows).
    GcloudFile(PathBuf),
    /// No file: the metadata server, `GCE_METADATA_HOST` or `metadata.google.internal`.
    MetadataServer { host: String },
    /// Built in memory for the emulator demo; its token endpoint is the emulator's.
    Demo { token_uri: String },
}

impl AdcOrigin {
    /// The file or host, for hints: `/tmp/k.json`.
    pub(super) fn place(&self) -> String {
        match self {
            Self::EnvVar(path) | Self::GcloudFile(path) => path.display().to_string(),
            Self::MetadataServer { host } => host.clone(),
            Self::Demo { token_uri } => format!("emulator demo ({token_uri})"),
        }
    }
}

impl fmt::Display for AdcOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EnvVar(path) => write!(f, "{ENV_VAR}={}", path.display()),
            Self::GcloudFile(path) => write!(f, "gcloud ADC file {}", path.display()),
            Self::MetadataServer { host } => f.write_str(host),
            Self::Demo { token_uri } => write!(f, "emulator demo, token endpoint {token_uri}"),
        }
    }
}

/// What can be said about the ADC without asking the network. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdcInfo {
    pub kind: AdcKind,
    pub origin: AdcOrigin,
    /// Who the credential acts as, where the file says: `client_email`; the impersonation target
    /// from `service_account_impersonation_url`; for external accounts without impersonation the
    /// `audience` (the identity pool). `None` for `authorized_user` and the metadata server
    /// (see [`identity`](super::identity)).
    pub principal: Option<String>,
    /// `project_id` in the file.
    pub project: Option<String>,
    /// `quota_project_id` in the file.
    pub quota_project: Option<String>,
}

impl AdcInfo {
    /// Where the credential came from, safe to show:
    /// `service account key (GOOGLE_APPLICATION_CREDENTIALS=/tmp/k.json)`.
    #[must_use]
    pub fn source_label(&self) -> String {
        // "user credentials (gcloud)" found in gcloud's file reads "user credentials (gcloud ADC
        // file …)": the origin says the rest.
        let label = self.kind.label();
        let noun = label.split_once(" (").map_or(label, |(noun, _)| noun);
        format!("{noun} ({})", self.origin)
    }
}
