//! AWS: the credential chain (`aws-config`), SigV4 signing (`aws-sigv4`), Bedrock API keys.

pub mod ca_bundle;
pub mod credentials;
pub mod sigv4;
