//! Google credentials for three routes: `gemini-api` takes an API key; `vertex-gemini` and
//! `vertex-claude` take OAuth bearer tokens (scope [`CLOUD_PLATFORM_SCOPE`]) minted from
//! Application Default Credentials (ADC).
//!
//! * [`api_key`]: `GEMINI_API_KEY`, `GOOGLE_API_KEY`, then the config file.
//! * [`find_adc`]: where the ADC are, read only through an [`Env`](crate::auth::Env) (so tests and
//!   the sidebar never depend on the process environment), without touching the network.
//! * [`GoogleTokens`]: bearer tokens from `google-cloud-auth`, whose credentials are built from
//!   the JSON we found (never from its own environment lookup) and kept for their token cache.
//! * [`identity`]: who the credential acts as, for the sidebar.
//!
//! Nothing here prints a token, a refresh token, a client secret or a private key: tokens are
//! [`Secret`](crate::auth::secret::Secret)s and every error message is scrubbed of the values
//! of the credential file's secret fields.

mod adc;
mod api_key;
mod error;
mod expiry;
mod identity;
mod info;
mod tokens;

#[cfg(test)]
mod tests;

pub use adc::{Adc, adc_from_json, find_adc};
pub use api_key::{API_KEY_HINT, api_key, api_key_status};
pub use error::{GoogleAuthError, GoogleAuthErrorKind, rejected_hint};
pub use identity::{GoogleIdentity, identity};
pub use info::{AdcInfo, AdcKind, AdcOrigin};
pub use tokens::{GoogleToken, GoogleTokens};

/// The OAuth scope Vertex AI needs, as the Gen AI and Anthropic SDKs request it.
pub const CLOUD_PLATFORM_SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
