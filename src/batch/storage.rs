//! The S3 and Cloud Storage halves of the Bedrock and Vertex batch services, through
//! `object_store`: put the input JSONL, list and get the output. The stores are built with
//! routeplay's own credentials handed in as `object_store` credential providers
//! ([`super::storage_credentials`]).
//!
//! Requests `object_store` 0.14 makes, which the emulator answers: S3 path-style
//! `PUT {endpoint}/{bucket}/{key}`, `GET {endpoint}/{bucket}/{key}` and
//! `GET {endpoint}/{bucket}?list-type=2&prefix=…` (`ListObjectsV2`), signed with SigV4 for `s3`;
//! Cloud Storage's XML API, `PUT|GET {base}/{bucket}/{object}` (the object name percent-encoded)
//! and `GET {base}/{bucket}?list-type=2&prefix=…`, with `Authorization: Bearer`.

use super::cloud_setup::{AwsBatch, AwsBatchAuth, GoogleBatch};
use super::job::{JobDetail, JobStatus};
use super::storage_credentials::{AwsCredentials, GoogleCredentials};
use crate::client::plain_http;
use crate::config::file::Network;
use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::sync::Arc;
use std::time::Duration;

/// The largest output object read; a bigger one is refused, naming it.
pub const MAX_OBJECT_BYTES: u64 = 512 * 1024 * 1024;
/// The most objects an output prefix may list.
pub const MAX_LISTED: usize = 10_000;

/// One bucket, with the URI scheme its objects are named by (`s3`, `gs`).
#[derive(Clone)]
pub struct Bucket {
    pub store: Arc<dyn ObjectStore>,
    pub name: String,
    pub scheme: &'static str,
}

/// An object listed under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: String,
    pub size: u64,
}

/// Plain http only to loopback (the emulator, a local stand-in); anything else is refused
/// before a byte is sent, since credentials and records would travel unencrypted.
fn check_endpoint(what: &str, url: &str) -> Result<bool, String> {
    if let Some(problem) = plain_http::refusal_of(what, url) {
        return Err(format!("{problem}; {}", plain_http::HINT));
    }
    Ok(url.starts_with("http://"))
}

/// Few quick retries: a batch call is short and its caller says what failed.
fn options(network: &Network, allow_http: bool) -> (ClientOptions, RetryConfig) {
    let options = ClientOptions::new()
        .with_allow_http(allow_http)
        .with_connect_timeout(network.connect_timeout())
        .with_timeout(network.idle_timeout());
    let retry = RetryConfig { max_retries: 2, retry_timeout: Duration::from_secs(30), ..RetryConfig::default() };
    (options, retry)
}

/// A job's output location, as the job names it now or as it was last seen, and the bucket in
/// it (`s3://bucket/prefix`, `gs://bucket/prefix`, by `scheme`); an error says what is missing.
pub fn output_of(now: &JobStatus, stored: &JobDetail, scheme: &str) -> Result<(String, String), String> {
    let output = now.output.clone().or_else(|| stored.status.output.clone());
    let output = output.ok_or_else(|| "the job names no output location".to_owned())?;
    let bucket = bucket_of(&output, scheme)
        .ok_or_else(|| format!("the output location {output} is not a {scheme} URI"))?
        .to_owned();
    Ok((output, bucket))
}

/// The bucket a location names, when it has the URI's `scheme` and a bucket.
fn bucket_of<'a>(location: &'a str, scheme: &str) -> Option<&'a str> {
    location.strip_prefix(scheme)?.split('/').next().filter(|name| !name.is_empty())
}

/// The S3 bucket `name`, signed with the route's AWS credentials for `s3`.
pub fn s3(aws: &AwsBatch, network: &Network, name: &str) -> Result<Bucket, String> {
    let AwsBatchAuth::SigV4(credentials) = &aws.auth else {
        return Err(format!(
            "a Bedrock API key ({}) cannot reach S3: batch jobs need AWS credentials (a profile, SSO or access keys)",
            aws.source
        ));
    };
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(name)
        .with_region(&aws.region)
        .with_credentials(Arc::new(AwsCredentials::new(credentials)));
    let mut allow_http = false;
    if let Some(endpoint) = &aws.s3_endpoint {
        allow_http = check_endpoint("AWS credentials", endpoint)?;
        builder = builder.with_endpoint(endpoint).with_virtual_hosted_style_request(false);
    }
    let (client, retry) = options(network, allow_http);
    let store = builder
        .with_client_options(client)
        .with_retry(retry)
        .build()
        .map_err(|error| format!("cannot reach S3 bucket {name}: {error}"))?;
    Ok(Bucket { store: Arc::new(store), name: name.to_owned(), scheme: "s3" })
}

/// The Cloud Storage bucket `name`, with tokens from the route's Google credentials.
pub fn gcs(
    google: &GoogleBatch,
    tokens: &crate::auth::google::GoogleTokens,
    network: &Network,
    name: &str,
) -> Result<Bucket, String> {
    let allow_http = check_endpoint("a Google access token", &google.storage_url)?;
    let (client, retry) = options(network, allow_http);
    let store = GoogleCloudStorageBuilder::new()
        .with_bucket_name(name)
        .with_base_url(&google.storage_url)
        .with_credentials(Arc::new(GoogleCredentials::new(tokens.clone(), google.adc.clone())))
        .with_client_options(client)
        .with_retry(retry)
        .build()
        .map_err(|error| format!("cannot reach Cloud Storage bucket {name}: {error}"))?;
    Ok(Bucket { store: Arc::new(store), name: name.to_owned(), scheme: "gs" })
}

impl Bucket {
    /// `s3://bucket/key` or `gs://bucket/key`.
    #[must_use]
    pub fn uri(&self, key: &str) -> String {
        format!("{}://{}/{key}", self.scheme, self.name)
    }

    /// The key of `uri` when it names an object or prefix in this bucket.
    #[must_use]
    pub fn key_of<'u>(&self, uri: &'u str) -> Option<&'u str> {
        let rest = uri.strip_prefix(self.scheme)?.strip_prefix("://")?.strip_prefix(self.name.as_str())?;
        Some(rest.strip_prefix('/').unwrap_or(rest))
    }

    /// Write `bytes` at `key`.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|error| format!("cannot write {}: {error}", self.uri(key)))
    }

    /// Every object under `prefix`, at most [`MAX_LISTED`].
    pub async fn list(&self, prefix: &str) -> Result<Vec<Listed>, String> {
        let location = Path::from(prefix.trim_end_matches('/'));
        let mut stream = self.store.list(Some(&location));
        let mut listed = Vec::new();
        while let Some(meta) = stream.next().await {
            let meta = meta.map_err(|error| format!("cannot list {}: {error}", self.uri(prefix)))?;
            if listed.len() == MAX_LISTED {
                return Err(format!("{} holds more than {MAX_LISTED} objects", self.uri(prefix)));
            }
            listed.push(Listed { key: meta.location.to_string(), size: meta.size });
        }
        Ok(listed)
    }

    /// The object at `key`, refused past [`MAX_OBJECT_BYTES`].
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, String> {
        let result = self
            .store
            .get(&Path::from(key))
            .await
            .map_err(|error| format!("cannot read {}: {error}", self.uri(key)))?;
        if result.meta.size > MAX_OBJECT_BYTES {
            return Err(format!(
                "{} is {} bytes, over the {MAX_OBJECT_BYTES}-byte limit for one output object",
                self.uri(key),
                result.meta.size
            ));
        }
        let bytes = result.bytes().await.map_err(|error| format!("cannot read {}: {error}", self.uri(key)))?;
        Ok(bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_location_names_its_bucket() {
        assert_eq!(bucket_of("s3://runs/routeplay/job-1/output/", "s3://"), Some("runs"));
        assert_eq!(bucket_of("gs://runs", "gs://"), Some("runs"));
        assert_eq!(bucket_of("gs://runs/x", "s3://"), None, "another scheme");
        assert_eq!(bucket_of("s3:///x", "s3://"), None, "no bucket");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert_eq!(check_endpoint("x", "http://127.0.0.1:9/s3"), Ok(true));
        assert_eq!(check_endpoint("x", "https://s3.example"), Ok(false));
        let refused = check_endpoint("AWS credentials", "http://10.1.2.3:9000").unwrap_err();
        assert!(refused.contains("10.1.2.3") && refused.contains("unencrypted"), "{refused}");
    }
}
