//! When a token expires. `google-cloud-auth` knows but does not say (its `AccessToken` is only
//! the string), so this asks the way the token's issuer allows, once per new token:
//! * a JWT (a service account's self-signed token) carries its own `exp`;
//! * the metadata server hands out the same cached token with its remaining `expires_in`;
//! * any other token (impersonated, workload identity federation) is looked up at the OAuth
//!   `tokeninfo` endpoint, the token in a POST body.
//!
//! Refreshed user tokens never get here: their token endpoint's `expires_in` says.
//!
//! A failed lookup is no error: the expiry is then unknown (`None`).

use super::CLOUD_PLATFORM_SCOPE;
use super::adc::Adc;
use super::identity::{metadata_get, tokeninfo, tokeninfo_origin};
use super::info::{AdcKind, AdcOrigin};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long one lookup may take.
pub(super) const PROBE_LIMIT: Duration = Duration::from_secs(3);

/// When `token` (just handed out for `adc`) expires.
pub(super) async fn learn(http: &reqwest::Client, adc: &Adc, token: &str) -> Option<Instant> {
    let left = match (jwt_time_left(token), &adc.info.origin) {
        (Some(left), _) => left,
        (None, AdcOrigin::MetadataServer { host }) if adc.info.kind == AdcKind::MetadataServer => {
            // The scope URL needs no escaping beyond what a query allows.
            let path =
                format!("/computeMetadata/v1/instance/service-accounts/default/token?scopes={CLOUD_PLATFORM_SCOPE}");
            let answer: Value = serde_json::from_str(&metadata_get(http, host, &path).await?).ok()?;
            // Only if the server still hands out the same token does its expiry apply.
            if answer.get("access_token").and_then(Value::as_str) != Some(token) {
                return None;
            }
            seconds(answer.get("expires_in")?)?
        }
        (None, _) => seconds(tokeninfo(http, &tokeninfo_origin(adc), token).await?.get("expires_in")?)?,
    };
    Some(Instant::now() + left)
}

/// Time left until a JWT's `exp`, read without checking the signature (it is our own token).
fn jwt_time_left(token: &str) -> Option<Duration> {
    let mut parts = token.split('.');
    let (_, payload, _, None) = (parts.next()?, parts.next()?, parts.next()?, parts.next()) else {
        return None;
    };
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    let exp = claims.get("exp")?.as_u64()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(exp.saturating_sub(now)))
}

/// A count of seconds, as a number or (tokeninfo's way) a string.
fn seconds(value: &Value) -> Option<Duration> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
    .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jwt_says_when_it_expires() {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let claims = URL_SAFE_NO_PAD.encode(format!("{{\"exp\":{}}}", now + 600));
        let left = jwt_time_left(&format!("e30.{claims}.c2ln")).unwrap();
        assert!((598..=600).contains(&left.as_secs()), "{left:?}");
        assert_eq!(jwt_time_left("ya29.opaque-token"), None);
        assert_eq!(jwt_time_left("a.b.c.d"), None);
    }

    #[test]
    fn seconds_come_as_numbers_or_strings() {
        assert_eq!(seconds(&Value::from(5)), Some(Duration::from_secs(5)));
        assert_eq!(seconds(&Value::from("3599")), Some(Duration::from_secs(3599)));
        assert_eq!(seconds(&Value::Null), None);
    }
}
