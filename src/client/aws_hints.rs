//! Fixes for the Bedrock errors people hit most: inference profiles, model access, regions,
//! Mantle availability, and signatures.

use super::http_error::ErrorContext;

/// A hint for a known AWS error, naming the region and the id to use where it can.
#[must_use]
pub fn hint(context: &ErrorContext<'_>, error_type: Option<&str>, message: &str) -> Option<String> {
    let region = context.region?;
    let lower = message.to_ascii_lowercase();
    let hint = if lower.contains("on-demand throughput") && lower.contains("inference profile") {
        match crate::routes::bedrock::geo_prefix(region) {
            Some(geo) => format!(
                "this model needs a cross-region inference profile in {region}: use the model id {geo}.{} (or global.{})",
                context.model, context.model
            ),
            None => format!(
                "this model needs an inference profile, and {region} has no geography profile: try global.{}",
                context.model
            ),
        }
    } else if lower.contains("don't have access to the model") || lower.contains("access to the model") {
        format!("request access to this model in the Bedrock console (Model access) for {region}")
    } else {
        match error_type? {
            "InvalidSignatureException" | "SignatureDoesNotMatch" => format!(
                "the signature did not match: check the clock (skew), the region ({region}), the signing name and that the secret belongs to the access key"
            ),
            "UnrecognizedClientException" | "ExpiredTokenException" | "ExpiredToken" => match context.refresh_hint {
                Some(fix) => format!("AWS does not accept these credentials: {fix}"),
                None => "AWS does not accept these credentials: refresh them (`aws sso login`, `aws configure`)".into(),
            },
            "AccessDeniedException" if on_mantle(context.route) => format!(
                "Mantle may not be enabled for this account in {region}, or the identity lacks permission: try the \
                 bedrock-invoke or bedrock-converse route"
            ),
            "AccessDeniedException" => {
                "the identity lacks permission: grant bedrock:InvokeModelWithResponseStream for this model".into()
            }
            "ResourceNotFoundException" => {
                format!("no such model in {region}: check the model id, or try another region")
            }
            "ValidationException" if lower.contains("model identifier") => {
                format!("the model id is not valid in {region}: check it, or use an inference profile id")
            }
            _ => return None,
        }
    };
    Some(hint)
}

/// Whether `route` is one of Mantle's (its spec signs as `bedrock-mantle`).
fn on_mantle(route: &str) -> bool {
    route
        .parse::<crate::routes::RouteId>()
        .is_ok_and(|route| route.spec().signing_name == Some(crate::auth::aws::sigv4::service::BEDROCK_MANTLE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(route: &'static str, refresh_hint: Option<&'static str>) -> ErrorContext<'static> {
        ErrorContext {
            route,
            model: "anthropic.claude-x-v1:0",
            region: Some("eu-central-1"),
            vertex: false,
            refresh_hint,
            shape: crate::routes::spec::ErrorShape::Aws,
        }
    }

    #[test]
    fn a_model_that_needs_a_profile_gets_the_geo_id_for_the_region() {
        let message = "Invocation of model ID anthropic.claude-x-v1:0 with on-demand throughput isn’t supported. \
                       Retry your request with the ID or ARN of an inference profile that contains this model.";
        let hint = hint(&context("bedrock-invoke", None), Some("ValidationException"), message).unwrap();
        assert!(hint.contains("eu.anthropic.claude-x-v1:0"), "{hint}");
    }

    #[test]
    fn expired_credentials_get_the_fix_for_their_source() {
        let fix = "run `aws sso login --profile dev`";
        let hint = hint(&context("bedrock-converse", Some(fix)), Some("ExpiredTokenException"), "expired").unwrap();
        assert!(hint.ends_with(fix), "{hint}");
    }

    #[test]
    fn a_bad_signature_names_the_likely_causes() {
        let hint = hint(&context("bedrock-invoke", None), Some("InvalidSignatureException"), "no").unwrap();
        assert!(hint.contains("clock") && hint.contains("eu-central-1") && hint.contains("signing name"), "{hint}");
    }

    #[test]
    fn mantle_access_denied_suggests_mantle_may_be_off() {
        let hint = hint(&context("bedrock-mantle", None), Some("AccessDeniedException"), "denied").unwrap();
        assert!(hint.contains("Mantle"), "{hint}");
    }

    #[test]
    fn routes_without_a_region_get_no_aws_hint() {
        let anthropic = ErrorContext {
            route: "anthropic",
            model: "m",
            region: None,
            vertex: false,
            refresh_hint: None,
            shape: crate::routes::spec::ErrorShape::Anthropic,
        };
        assert_eq!(hint(&anthropic, Some("InvalidSignatureException"), "x"), None);
    }
}
