//! The one error AWS credential resolution ends with: what failed, for which profile and region,
//! and how to fix it, on one line.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::error::ErrorMetadata;
use std::error::Error;
use std::time::SystemTime;

/// What went wrong, so callers can tell "nothing configured" from "configured but broken".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsErrorKind {
    /// No credentials anywhere.
    Missing,
    /// No region in settings, environment, profile or instance metadata.
    NoRegion,
    /// A profile named by the user is in neither `~/.aws/config` nor `~/.aws/credentials`.
    UnknownProfile,
    /// Credentials were found but have expired.
    Expired,
    /// A configured source failed or AWS rejected it (bad profile, SSO, STS, process, ECS, IMDS).
    Failed,
}

/// `Display` is one line: the problem, the profile and region, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (profile {profile}, region {}); fix: {hint}", .region.as_deref().unwrap_or("not set"))]
pub struct AwsCredentialError {
    pub kind: AwsErrorKind,
    pub problem: String,
    pub profile: String,
    pub region: Option<String>,
    pub hint: String,
}

impl AwsCredentialError {
    pub(super) fn new(
        kind: AwsErrorKind,
        problem: impl Into<String>,
        hint: impl Into<String>,
        profile: &str,
        region: Option<&str>,
    ) -> Self {
        Self {
            kind,
            problem: problem.into(),
            profile: profile.to_owned(),
            region: region.map(str::to_owned),
            hint: hint.into(),
        }
    }
}

/// The SDK's words for a layer that only wraps the next one.
const WRAPPERS: [&str; 4] = [
    "an error occurred while loading credentials",
    "unexpected credentials error",
    "service error",
    "dispatch failure",
];

/// An error and its sources on one line, without the repetition SDK errors tend to have
/// (`service error: service error: ExpiredToken`) and without their layers that only wrap the
/// next (`service error`, `unhandled error (AccessDenied)`). An AWS error answer is named by its
/// code and message: the SDK's `Display` of one is a `Debug`-style struct dump.
pub(super) fn one_line(error: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        next = error.source();
        let text = match error.downcast_ref::<ErrorMetadata>() {
            Some(answer) => answer_text(answer),
            None => error.to_string(),
        };
        // A failed credential_process's stderr is cut to a masked excerpt: it may hold a token.
        let text = super::scrub::scrub_process_stderr(&text).replace('\n', " ");
        let wrapper = WRAPPERS.contains(&text.as_str()) || text.starts_with("unhandled error");
        if text.is_empty() || (wrapper && next.is_some()) || parts.iter().any(|part| part.contains(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// `Code: message (request id …)` of an AWS error answer.
fn answer_text(answer: &ErrorMetadata) -> String {
    let text = match (answer.code(), answer.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(only), None) | (None, Some(only)) => only.to_owned(),
        (None, None) => "an error without code or message".to_owned(),
    };
    match answer.extra("aws_request_id") {
        Some(id) => format!("{text} (request id {id})"),
        None => text,
    }
}

/// An RFC 3339 timestamp for messages.
pub(super) fn timestamp(time: SystemTime) -> String {
    DateTime::from(time).fmt(Format::DateTime).unwrap_or_else(|_| "an unrepresentable time".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn display_names_profile_region_and_fix() {
        let error =
            AwsCredentialError::new(AwsErrorKind::Missing, "no AWS credentials", "run `aws configure`", "dev", None);
        assert_eq!(error.to_string(), "no AWS credentials (profile dev, region not set); fix: run `aws configure`");
    }

    #[test]
    fn an_aws_error_answer_is_named_by_code_and_message_not_dumped() {
        #[derive(Debug, thiserror::Error)]
        #[error("service error")]
        struct Service(#[source] ErrorMetadata);
        let answer = ErrorMetadata::builder()
            .code("AccessDenied")
            .message("User: arn:aws:iam::1:user/base is not authorized to perform: sts:AssumeRole")
            .custom("aws_request_id", "r-1")
            .build();
        assert_eq!(
            one_line(&Service(answer)),
            "AccessDenied: User: arn:aws:iam::1:user/base is not authorized to perform: sts:AssumeRole (request id r-1)"
        );
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(timestamp(UNIX_EPOCH + Duration::from_hours(24)), "1970-01-02T00:00:00Z");
    }
}
