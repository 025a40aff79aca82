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
    /// What the routes with a listing of their own (`RouteSpec::listing`) listed, or why not.
    pub listed_models: Option<Result<String, String>>,
    /// Lines scrolled off the top.
    pub scroll: u16,
}

impl Sidebar {
    /// Scroll by `delta` lines (positive: down, towards the end).
    pub fn scroll_by(&mut self, delta: isize) {
        let delta = i16::try_from(delta.clamp(isize::from(i16::MIN), isize::from(i16::MAX))).unwrap_or_default();
        self.scroll = self.scroll.saturating_add_signed(delta);
    }

    /// Keep the scroll within `max` (what the last frame could show), so a key up after End
    /// moves at once.
    pub fn keep_scroll_within(&mut self, max: u16) {
        self.scroll = self.scroll.min(max);
    }

    /// The status of `route`, once known.
    #[must_use]
    pub fn status(&self, route: RouteId) -> Option<&CredentialStatus> {
        self.statuses.as_ref()?.iter().find(|(r, _)| *r == route).map(|(_, status)| status)
    }
}
