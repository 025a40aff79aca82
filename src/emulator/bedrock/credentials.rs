//! The AWS credentials the Bedrock surfaces accept. Demo values, not secrets: the emulator is
//! loopback only, and the app's demo mode signs with the same ones.

pub use crate::auth::demo::{
    AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_ACCOUNT, AWS_DEMO_ARN, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY,
};

/// What requests to the Bedrock surfaces must be signed with (SigV4) or carry (bearer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsDemo {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// When set, signed requests must carry it as `x-amz-security-token`; when not, a token a
    /// request carries is only checked by its signature.
    pub session_token: Option<String>,
    /// The Bedrock API key accepted as `Authorization: Bearer` by the runtime and Mantle.
    pub bearer_key: String,
}

impl Default for AwsDemo {
    fn default() -> Self {
        Self {
            access_key_id: AWS_DEMO_ACCESS_KEY_ID.to_owned(),
            secret_access_key: AWS_DEMO_SECRET_ACCESS_KEY.to_owned(),
            session_token: None,
            bearer_key: AWS_DEMO_BEARER_KEY.to_owned(),
        }
    }
}
