//! The Google credentials the emulator accepts. Demo values, not secrets: the emulator is
//! loopback only. Service accounts are trusted by their key file (only the public half is
//! kept), so a real `service_account` JSON can sign for the emulator without leaving the machine.

use super::keys::{self, TrustedKey};
pub use crate::auth::demo::{
    GOOGLE_DEMO_API_KEY, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_PROJECT,
    GOOGLE_DEMO_REFRESH_TOKEN, google_demo_authorized_user,
};
use serde_json::Value;
use std::time::Duration;

/// The email `/tokeninfo` reports for the demo user's access tokens.
pub const GOOGLE_DEMO_USER: &str = "demo-user@routeplay.example";
/// The metadata server's default service account.
pub const GOOGLE_DEMO_METADATA_ACCOUNT: &str = "routeplay-demo-compute@routeplay-demo.iam.gserviceaccount.com";

/// The project number that goes with [`GOOGLE_DEMO_PROJECT`] in error bodies.
pub const DEMO_PROJECT_NUMBER: &str = "314159265358";
/// Google's `expires_in` for a fresh access token.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3599);

/// An OAuth user whose refresh token `/token` exchanges (`grant_type=refresh_token`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleUser {
    pub client_id: String,
    pub client_secret: String,
    pub refresh_token: String,
    /// What `/tokeninfo` reports as the token's `email`.
    pub email: String,
}

/// What the Google surfaces accept: the Gemini API key, OAuth users, trusted service-account
/// keys, and what the metadata server hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoogleDemo {
    pub api_key: String,
    pub users: Vec<GoogleUser>,
    /// The metadata server's `project-id`.
    pub project: String,
    /// The metadata server's default service account.
    pub metadata_account: String,
    /// How long issued access tokens live (`expires_in`).
    pub token_lifetime: Duration,
    service_accounts: Vec<TrustedKey>,
}

impl Default for GoogleDemo {
    fn default() -> Self {
        Self {
            api_key: GOOGLE_DEMO_API_KEY.to_owned(),
            users: vec![GoogleUser {
                client_id: GOOGLE_DEMO_CLIENT_ID.to_owned(),
                client_secret: GOOGLE_DEMO_CLIENT_SECRET.to_owned(),
                refresh_token: GOOGLE_DEMO_REFRESH_TOKEN.to_owned(),
                email: GOOGLE_DEMO_USER.to_owned(),
            }],
            project: GOOGLE_DEMO_PROJECT.to_owned(),
            metadata_account: GOOGLE_DEMO_METADATA_ACCOUNT.to_owned(),
            token_lifetime: TOKEN_LIFETIME,
            service_accounts: Vec::new(),
        }
    }
}

impl GoogleDemo {
    /// Trust a service-account key file (`type`, `client_email`, `private_key` PEM in PKCS#8 or
    /// PKCS#1, optional `private_key_id`): its self-signed JWTs and `jwt-bearer` assertions are
    /// accepted from then on. Only the public key is kept.
    pub fn trust_service_account(&mut self, key_json: &Value) -> Result<(), String> {
        let key = keys::read_key_file(key_json)?;
        self.service_accounts.retain(|known| known != &key);
        self.service_accounts.push(key);
        Ok(())
    }

    /// The emails of the trusted service accounts, in the order they were trusted.
    pub fn service_account_emails(&self) -> impl Iterator<Item = &str> {
        self.service_accounts.iter().map(|key| key.email.as_str())
    }

    /// The trusted keys of `email`.
    pub(crate) fn keys_of<'a>(&'a self, email: &'a str) -> impl Iterator<Item = &'a TrustedKey> + 'a {
        self.service_accounts.iter().filter(move |key| key.email == email)
    }

    /// The user registered with OAuth client `client_id`.
    pub(crate) fn user_of_client(&self, client_id: &str) -> Option<&GoogleUser> {
        self.users.iter().find(|user| user.client_id == client_id)
    }
}
