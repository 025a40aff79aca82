//! The demo credentials: the built-in emulator accepts them and demo mode sends them, so the
//! whole signing and token path can be shown offline. Not secrets: the emulator listens on
//! loopback only. They live here, below both the emulator and the client, so neither imports
//! the other.

use serde_json::{Value, json};

/// The key of the `emulator` route (`x-api-key`).
pub const EMULATOR_API_KEY: &str = "routeplay-emulator";

/// The demo AWS access key id.
pub const AWS_DEMO_ACCESS_KEY_ID: &str = "AKIAROUTEPLAYDEMO01";
/// The demo AWS secret access key.
pub const AWS_DEMO_SECRET_ACCESS_KEY: &str = "routeplay-demo-secret-not-a-real-key";
/// The demo Bedrock API key (`Authorization: Bearer …`).
pub const AWS_DEMO_BEARER_KEY: &str = "routeplay-demo-bedrock-key";
/// The account every demo AWS identity belongs to.
pub const AWS_DEMO_ACCOUNT: &str = "123456789012";
/// The demo AWS identity, as STS `GetCallerIdentity` names it.
pub const AWS_DEMO_ARN: &str = "arn:aws:iam::123456789012:user/routeplay-demo";

/// The demo Gemini API key (`x-goog-api-key` or `?key=`).
pub const GOOGLE_DEMO_API_KEY: &str = "routeplay-demo-gemini-key";
/// The project the demo metadata server reports and the demo user's quota project.
pub const GOOGLE_DEMO_PROJECT: &str = "routeplay-demo";
/// The demo user's OAuth client id (as in an `authorized_user` ADC file).
pub const GOOGLE_DEMO_CLIENT_ID: &str = "000000000000-routeplaydemo.apps.googleusercontent.com";
/// The demo user's OAuth client secret.
pub const GOOGLE_DEMO_CLIENT_SECRET: &str = "routeplay-demo-client-secret";
/// The demo user's refresh token.
pub const GOOGLE_DEMO_REFRESH_TOKEN: &str = "1//routeplay-demo-refresh-token";

/// A complete `authorized_user` Application Default Credentials file for the demo user, whose
/// `token_uri` is the emulator's `/token` at `base_url`.
#[must_use]
pub fn google_demo_authorized_user(base_url: &str) -> Value {
    json!({
        "type": "authorized_user",
        "client_id": GOOGLE_DEMO_CLIENT_ID,
        "client_secret": GOOGLE_DEMO_CLIENT_SECRET,
        "refresh_token": GOOGLE_DEMO_REFRESH_TOKEN,
        "token_uri": format!("{}/token", base_url.trim_end_matches('/')),
        "quota_project_id": GOOGLE_DEMO_PROJECT,
        "universe_domain": "googleapis.com",
    })
}
