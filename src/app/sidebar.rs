//! The credential/status sidebar's state: each route's credential status, and problems
//! found in the user's files at start-up.

use crate::auth::{AwsSummary, CredentialStatus};
use crate::routes::RouteId;

/// What the sidebar shows.
#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    /// `None` until the off-UI credential check reports.
    pub statuses: Option<Vec<(RouteId, CredentialStatus)>>,
    /// Problems in config, keymap or theme files, one line each (`file:line: message`).
    pub problems: Vec<String>,
    /// The AWS identity behind the Bedrock routes, once checked, and when.
    pub aws: Option<(AwsSummary, std::time::Instant)>,
    /// The Google credentials behind the Vertex routes, once checked, and when.
    pub google: Option<(crate::auth::GoogleSummary, std::time::Instant)>,
    /// What the Google model listings found, or why they failed.
    pub google_models: Option<Result<String, String>>,
    /// Profile names in the AWS config and credentials files.
    pub aws_profiles: Vec<String>,
    /// Where the Bedrock model lists came from, or why discovery failed.
    pub aws_models: Option<Result<String, String>>,
}

impl Sidebar {
    /// The status of `route`, once known.
    #[must_use]
    pub fn status(&self, route: RouteId) -> Option<&CredentialStatus> {
        self.statuses.as_ref()?.iter().find(|(r, _)| *r == route).map(|(_, status)| status)
    }
}
