//! routeplay's own credentials as `object_store` credential providers, so S3 and Cloud Storage
//! are reached with what the Bedrock and Vertex routes already resolved: no second chain.
//!
//! The trait is declared with `async_trait`; its desugared signature is implemented here by
//! hand rather than adding that crate for two impls.

use crate::auth::google::{Adc, GoogleTokens};
use aws_credential_types::Credentials;
use object_store::CredentialProvider;
use object_store::aws::AwsCredential;
use object_store::gcp::GcpCredential;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type Provided<'a, T> = Pin<Box<dyn Future<Output = object_store::Result<Arc<T>>> + Send + 'a>>;

/// The AWS credentials the route resolved. A batch call is short (one submit, status, fetch
/// or cancel), so they are resolved once per call and not renewed within it.
pub struct AwsCredentials {
    credential: Arc<AwsCredential>,
}

impl AwsCredentials {
    #[must_use]
    pub fn new(credentials: &Credentials) -> Self {
        Self {
            credential: Arc::new(AwsCredential {
                key_id: credentials.access_key_id().to_owned(),
                secret_key: credentials.secret_access_key().to_owned(),
                token: credentials.session_token().map(str::to_owned),
            }),
        }
    }
}

impl std::fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AwsCredentials(routeplay's, redacted)")
    }
}

impl CredentialProvider for AwsCredentials {
    type Credential = AwsCredential;

    fn get_credential<'life0, 'async_trait>(&'life0 self) -> Provided<'async_trait, AwsCredential>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        let credential = Arc::clone(&self.credential);
        Box::pin(async move { Ok(credential) })
    }
}

/// Bearer tokens from the Application Default Credentials the Vertex routes use, through the
/// process's shared token cache (which renews them as they near expiry).
pub struct GoogleCredentials {
    tokens: GoogleTokens,
    adc: Adc,
}

impl GoogleCredentials {
    #[must_use]
    pub fn new(tokens: GoogleTokens, adc: Adc) -> Self {
        Self { tokens, adc }
    }
}

impl std::fmt::Debug for GoogleCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GoogleCredentials(routeplay's token cache)")
    }
}

impl CredentialProvider for GoogleCredentials {
    type Credential = GcpCredential;

    fn get_credential<'life0, 'async_trait>(&'life0 self) -> Provided<'async_trait, GcpCredential>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            let token = self.tokens.token(&self.adc).await.map_err(|error| object_store::Error::Generic {
                store: "GCS",
                source: format!("{}; {}", error.problem, error.hint).into(),
            })?;
            Ok(Arc::new(GcpCredential { bearer: token.bearer.expose().to_owned() }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_aws_provider_hands_out_the_routes_credentials_and_never_prints_them() {
        let provider = AwsCredentials::new(&Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None, "test"));
        let credential = provider.get_credential().await.expect("static");
        assert_eq!((credential.key_id.as_str(), credential.token.as_deref()), ("AKID", Some("TOKEN")));
        assert!(!format!("{provider:?}").contains("SECRET"));
    }
}
