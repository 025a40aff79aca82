//! Where the Bedrock and Vertex batch calls go, and with which credential: the route's own,
//! resolved exactly as a run resolves it (`client::setup`), so there is no second credential
//! chain. In demo mode every control plane and object store is the built-in emulator's.

use super::BatchContext;
use crate::auth::aws::credentials::{AwsService, endpoint_override, endpoints_ignored};
use crate::auth::google::{self, Adc};
use crate::auth::secret::Secret;
use crate::auth::{Credential, Env, ProcessEnv};
use crate::client::google_setup::demo_adc;
use crate::client::setup::Auth;
use crate::routes::{Place, Target};
use aws_credential_types::Credentials;

/// Where the emulator serves its S3 stand-in, under its own address (path-style buckets).
pub const EMULATOR_S3_PATH: &str = "/s3";
/// Where the emulator serves its Cloud Storage stand-in (the XML API's `{base}/{bucket}/{object}`).
pub const EMULATOR_STORAGE_PATH: &str = "/storage";
/// Google's Cloud Storage host, unless `STORAGE_EMULATOR_HOST` names another.
pub const STORAGE_HOST: &str = "https://storage.googleapis.com";

/// A Bedrock target's batch surroundings.
pub struct AwsBatch {
    pub region: String,
    /// SigV4 credentials, or the Bedrock API key (which reaches the control plane, not S3).
    pub auth: AwsBatchAuth,
    /// The control plane's root: `AWS_ENDPOINT_URL_BEDROCK`, else `bedrock.{region}`.
    pub control_url: String,
    /// The S3 endpoint for path-style requests: `AWS_ENDPOINT_URL_S3`, else AWS's own (`None`).
    pub s3_endpoint: Option<String>,
    /// Where the credential came from, safe to show.
    pub source: String,
}

/// How Bedrock batch calls are signed.
pub enum AwsBatchAuth {
    SigV4(Credentials),
    Bearer(Secret),
}

/// A Vertex target's batch surroundings.
pub struct GoogleBatch {
    /// The Vertex host root (the route's own, or the emulator).
    pub base_url: String,
    pub project: String,
    pub location: String,
    pub bearer: Secret,
    /// `x-goog-user-project` where a quota project is set, as the Vertex routes send it.
    pub extra_headers: Vec<(String, String)>,
    /// The credentials Cloud Storage tokens are minted from (through the shared token cache).
    pub adc: Adc,
    /// Cloud Storage's root: `STORAGE_EMULATOR_HOST`, else Google's.
    pub storage_url: String,
}

fn emulator_url(context: &BatchContext) -> Result<&str, String> {
    context.emulator_url.as_deref().map(|url| url.trim_end_matches('/')).ok_or_else(|| {
        "demo mode needs the built-in emulator, which is not running: batch --demo needs --wait".to_owned()
    })
}

/// The AWS credential, region and endpoints for a Bedrock batch on `target`.
pub async fn aws(context: &BatchContext, target: &Target) -> Result<AwsBatch, String> {
    let resolved = context.route_setup(target).await.map_err(|error| error.to_string())?;
    let region = match &resolved.place {
        Place::Aws { region: Some(region), .. } => region.clone(),
        _ => return Err(format!("{}: no AWS region was resolved", target.route.name())),
    };
    let auth = match resolved.auth {
        Auth::SigV4 { credentials, .. } => AwsBatchAuth::SigV4(credentials),
        Auth::Header(Credential::Bearer(key)) => AwsBatchAuth::Bearer(key),
        _ => return Err(format!("{}: no AWS credentials were resolved", target.route.name())),
    };
    let (control_url, s3_endpoint) = if context.demo {
        let url = emulator_url(context)?;
        (url.to_owned(), Some(format!("{url}{EMULATOR_S3_PATH}")))
    } else {
        let control = endpoint_override(&ProcessEnv, AwsService::Bedrock)
            .unwrap_or_else(|| format!("https://bedrock.{region}.amazonaws.com"));
        (control, s3_override(&ProcessEnv))
    };
    Ok(AwsBatch { region, auth, control_url, s3_endpoint, source: resolved.source })
}

/// `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, unless the AWS convention says to ignore them.
#[must_use]
pub fn s3_override(env: &dyn Env) -> Option<String> {
    if endpoints_ignored(env) {
        return None;
    }
    env.var("AWS_ENDPOINT_URL_S3").or_else(|| env.var("AWS_ENDPOINT_URL")).map(|url| url.trim().to_owned())
}

/// The Google token, project, location and hosts for a Vertex batch on `target`.
pub async fn google(context: &BatchContext, target: &Target) -> Result<GoogleBatch, String> {
    let resolved = context.route_setup(target).await.map_err(|error| error.to_string())?;
    let Place::Vertex { location: Some(location), project: Some(project) } = resolved.place else {
        return Err(format!("{}: no Vertex project and location were resolved", target.route.name()));
    };
    let Auth::Header(Credential::Bearer(bearer)) = resolved.auth else {
        return Err(format!("{}: no Google access token was resolved", target.route.name()));
    };
    let (adc, storage_url) = if context.demo {
        let url = emulator_url(context)?;
        let adc = demo_adc(url).map_err(|error| format!("{}; {}", error.problem, error.hint))?;
        (adc, format!("{url}{EMULATOR_STORAGE_PATH}"))
    } else {
        let adc = google::find_adc(&ProcessEnv).map_err(|error| format!("{}; {}", error.problem, error.hint))?;
        (adc, storage_override(&ProcessEnv).unwrap_or_else(|| STORAGE_HOST.to_owned()))
    };
    Ok(GoogleBatch {
        base_url: resolved.base_url.trim_end_matches('/').to_owned(),
        project,
        location,
        bearer,
        extra_headers: resolved.extra_headers,
        adc,
        storage_url,
    })
}

/// `STORAGE_EMULATOR_HOST` as the Google Cloud client libraries read it: a URL, or a bare
/// `host:port` taken as plain http.
#[must_use]
pub fn storage_override(env: &dyn Env) -> Option<String> {
    let host = env.var("STORAGE_EMULATOR_HOST")?;
    let host = host.trim().trim_end_matches('/');
    Some(if host.contains("://") { host.to_owned() } else { format!("http://{host}") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn s3_takes_its_own_variable_then_the_global_one_unless_ignored() {
        assert_eq!(s3_override(&env(&[])), None);
        let both = env(&[("AWS_ENDPOINT_URL", "http://all"), ("AWS_ENDPOINT_URL_S3", " http://s3 ")]);
        assert_eq!(s3_override(&both).as_deref(), Some("http://s3"));
        assert_eq!(s3_override(&env(&[("AWS_ENDPOINT_URL", "http://all")])).as_deref(), Some("http://all"));
        let ignored = env(&[("AWS_ENDPOINT_URL_S3", "http://s3"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]);
        assert_eq!(s3_override(&ignored), None);
    }

    #[test]
    fn the_storage_emulator_host_may_be_bare() {
        assert_eq!(storage_override(&env(&[])), None);
        let bare = env(&[("STORAGE_EMULATOR_HOST", "localhost:4443")]);
        assert_eq!(storage_override(&bare).as_deref(), Some("http://localhost:4443"));
        let url = env(&[("STORAGE_EMULATOR_HOST", "https://gcs.test/")]);
        assert_eq!(storage_override(&url).as_deref(), Some("https://gcs.test"));
    }
}
