//! Why discovery failed, in one line naming the region and the call that failed.

use std::fmt;

/// The control-plane call that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    FoundationModels,
    InferenceProfiles,
    ProvisionedThroughputs,
}

impl fmt::Display for Listing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::FoundationModels => "ListFoundationModels",
            Self::InferenceProfiles => "ListInferenceProfiles",
            Self::ProvisionedThroughputs => "ListProvisionedModelThroughputs",
        })
    }
}

/// Why the model lists could not be fetched; the app then keeps the curated list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    /// A Bedrock API key was refused: such keys can call the runtime but not list models.
    #[error("Bedrock API keys cannot list models in {region}; using the curated list")]
    BearerKey { region: String },
    #[error("{listing} in {region}: cannot sign the request: {reason}")]
    Sign { listing: Listing, region: String, reason: String },
    #[error("{listing} in {region}: cannot reach {url}: {reason}")]
    Connection { listing: Listing, region: String, url: String, reason: String },
    /// AWS answered with an error: the HTTP status, the error type from `x-amzn-ErrorType`
    /// (namespace stripped) and the `message` of the body.
    #[error("{listing} in {region} failed: HTTP {status}{}: {message}", code_part(.code.as_deref()))]
    Refused { listing: Listing, region: String, status: u16, code: Option<String>, message: String },
    #[error("{listing} in {region}: unreadable response: {reason}")]
    Unreadable { listing: Listing, region: String, reason: String },
}

fn code_part(code: Option<&str>) -> String {
    code.map(|code| format!(" {code}")).unwrap_or_default()
}

/// `text` on one line, so an error body with line breaks cannot break the status line.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_region_call_status_and_type() {
        let error = DiscoveryError::Refused {
            listing: Listing::InferenceProfiles,
            region: "eu-west-1".into(),
            status: 403,
            code: Some("AccessDeniedException".into()),
            message: one_line("not\nallowed  here"),
        };
        assert_eq!(
            error.to_string(),
            "ListInferenceProfiles in eu-west-1 failed: HTTP 403 AccessDeniedException: not allowed here"
        );
        let bearer = DiscoveryError::BearerKey { region: "us-east-1".into() };
        assert_eq!(bearer.to_string(), "Bedrock API keys cannot list models in us-east-1; using the curated list");
    }
}
