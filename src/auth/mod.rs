//! Credentials: where each route's comes from, and the `Secret` type that never prints.
//! The sidebar shows the *source* of a credential (`ANTHROPIC_API_KEY (env)`), never its value.

pub mod anthropic;
pub mod aws;
pub mod demo;
pub mod google;
pub mod openai;
pub mod secret;

use secret::Secret;
use serde::Serialize;

/// How a credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `x-api-key: KEY`
    ApiKey(Secret),
    /// `Authorization: Bearer TOKEN`
    Bearer(Secret),
}

/// A credential together with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub credential: Credential,
    /// Where it came from, safe to show: `ANTHROPIC_API_KEY (env)`.
    pub source: String,
}

/// What the sidebar says about a route's credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum CredentialStatus {
    /// Found; `source` says where.
    Ready { source: String },
    /// Not found; `hint` says how to provide it.
    Missing { hint: String },
    /// Found but unusable; `message` says why.
    Error { message: String },
}

/// What the sidebar shows about the AWS credentials the Bedrock routes use: never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsSummary {
    /// Where the credentials came from (`profile dev (SSO)`).
    pub source: String,
    pub region: String,
    /// Account and principal from STS GetCallerIdentity, or why they are unknown.
    pub identity: Result<(String, String), String>,
    /// When temporary credentials expire, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub expires: Option<String>,
    /// How long they had left when checked, for the countdown.
    #[serde(skip)]
    pub expires_in: Option<std::time::Duration>,
}

/// What the sidebar shows about the Application Default Credentials the Vertex routes use:
/// never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoogleSummary {
    /// The ADC type: `service_account`, `authorized_user`, `metadata_server`, …
    pub kind: String,
    /// Where the credential came from (`service account key (GOOGLE_APPLICATION_CREDENTIALS=…)`).
    pub source: String,
    /// The service-account email or the user, when known.
    pub principal: Option<String>,
    pub project: Option<String>,
    pub location: String,
    /// Why no token could be had, with the fix; `None` when a token was fetched.
    pub error: Option<String>,
    /// How long the token had left when checked, for the countdown.
    pub expires_in_secs: Option<u64>,
}

/// Reads an environment variable; a seam so tests need not touch the process environment.
pub trait Env: Sync {
    fn var(&self, name: &str) -> Option<String>;
}

/// The real process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|value| !value.trim().is_empty())
    }
}

impl<S: std::hash::BuildHasher + Sync> Env for std::collections::HashMap<String, String, S> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).filter(|value| !value.trim().is_empty()).cloned()
    }
}
