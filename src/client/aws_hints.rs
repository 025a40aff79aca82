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
            "UnrecognizedClientException" => {
                "the access key is not known to AWS: check the profile or the environment credentials".into()
            }
            "ExpiredTokenException" | "ExpiredToken" => {
                "the credentials expired: run `aws sso login` (or refresh them), then retry".into()
            }
            "AccessDeniedException" if context.route == "bedrock-mantle" => format!(
                "Mantle may not be enabled for this account in {region}, or the identity lacks permission: try the bedrock-invoke route"
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
