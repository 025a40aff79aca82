//! The credential/status sidebar: per route, ready or missing and where the credential came
//! from (never the credential), a hint for missing ones, and problems in the user's files.

use super::pane;
use super::targets::credential_mark;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::auth::{AwsSummary, CredentialStatus, GoogleSummary};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, now: std::time::Instant) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block = pane::block("Credentials", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The selected route's line in full, its cloud identity and any problems; above them, when
    // they leave room, one line per route: mark, name, and where its credential came from (or
    // how to add it). When short, the route pane's marks stand in for that list.
    let details = selected_lines(app, theme, now);
    let width = usize::from(inner.width.max(1));
    let detail_rows: usize = details.iter().map(|line| line.width().div_ceil(width).max(1)).sum();
    let routes = app.targets.routes();
    let room_for_list = usize::from(inner.height) >= routes.len() + detail_rows;
    let mut lines = Vec::new();
    for choice in routes.iter().filter(|_| room_for_list) {
        let status = app.sidebar.status(choice.route);
        let (mark, role) = credential_mark(status);
        let (detail, detail_role) = detail(status);
        let name = choice.route.name();
        let room = usize::from(inner.width).saturating_sub(name.width() + 3);
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.get(role)),
            Span::styled(name.to_owned(), theme.get(Role::Text)),
            Span::styled(format!(" {}", clip(detail, room)), theme.get(detail_role)),
        ]));
    }
    lines.extend(details);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The selected route's credential line, the identity behind it, the model listing note, and
/// problems in the user's files.
fn selected_lines(app: &App, theme: &Theme, now: std::time::Instant) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let selected = app.targets.current().route;
    let status = app.sidebar.status(selected);
    // A ready route whose identity block follows would only say its source twice.
    let block_follows =
        (selected.is_aws() && app.sidebar.aws.is_some()) || (selected.is_vertex() && app.sidebar.google.is_some());
    if !(block_follows && matches!(status, Some(CredentialStatus::Ready { .. }))) {
        let (detail, detail_role) = detail(status);
        lines.push(Line::from(vec![
            Span::styled(format!("{selected}: "), theme.get(Role::Title)),
            Span::styled(detail.to_owned(), theme.get(detail_role)),
        ]));
    }
    // The cloud identity behind the selected route: the AWS block on Bedrock routes, the
    // Google one on Vertex routes.
    if let Some((aws, checked)) = app.sidebar.aws.as_ref().filter(|_| !selected.is_google()) {
        let left = aws.expires_in.map(|left| left.saturating_sub(now.saturating_duration_since(*checked)));
        lines.extend(aws_lines(aws, left, theme));
        match &app.sidebar.aws_models {
            Some(Ok(note)) => lines.push(Line::from(Span::styled(format!("  models {note}"), theme.get(Role::Dim)))),
            Some(Err(why)) => lines.push(Line::from(Span::styled(format!("  models: {why}"), theme.get(Role::Warn)))),
            None => {}
        }
    }
    if let Some((google, checked)) = app.sidebar.google.as_ref().filter(|_| selected.is_vertex()) {
        let left = google
            .expires_in_secs
            .map(|secs| Duration::from_secs(secs).saturating_sub(now.saturating_duration_since(*checked)));
        // The location and project chosen in the playground win over the environment's.
        let mut google = google.clone();
        if let Some(location) = &app.targets.location {
            google.location.clone_from(location);
        }
        if let Some(project) = &app.targets.project {
            google.project = Some(project.clone());
        }
        lines.extend(google_lines(&google, left, theme));
    }
    if selected.is_google() {
        match &app.sidebar.google_models {
            Some(Ok(note)) => lines.push(Line::from(Span::styled(format!("  models {note}"), theme.get(Role::Dim)))),
            Some(Err(why)) => lines.push(Line::from(Span::styled(format!("  models: {why}"), theme.get(Role::Warn)))),
            None => {}
        }
    }
    for problem in &app.sidebar.problems {
        lines.push(Line::from(Span::styled(format!("⚠ {problem}"), theme.get(Role::Error))));
    }
    lines
}

/// What to say about a route's credential, and in which role.
fn detail(status: Option<&CredentialStatus>) -> (&str, Role) {
    match status {
        Some(CredentialStatus::Ready { source }) => (source, Role::Dim),
        Some(CredentialStatus::Missing { hint }) => (hint, Role::Warn),
        Some(CredentialStatus::Error { message }) => (message, Role::Error),
        None => ("checking…", Role::Dim),
    }
}

/// `text` cut to `width` columns, with an ellipsis when cut.
fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut clipped = String::new();
    for ch in text.chars() {
        if clipped.width() + ch.width().unwrap_or(0) + 1 > width {
            break;
        }
        clipped.push(ch);
    }
    clipped.push('…');
    clipped
}

/// The Google credentials behind the Vertex routes: kind and source, principal, project and
/// location, and the token's countdown (or why no token could be had).
fn google_lines(google: &GoogleSummary, left: Option<Duration>, theme: &Theme) -> Vec<Line<'static>> {
    let row = |name: &str, value: String, role: Role| {
        Line::from(vec![Span::styled(format!("  {name} "), theme.get(Role::Dim)), Span::styled(value, theme.get(role))])
    };
    let unknown = || "unknown".to_owned();
    // The long source goes last, so a short pane still shows who, where and until when.
    let mut lines = vec![
        Line::from(Span::styled("Google (Vertex routes)", theme.get(Role::Title))),
        row("as", google.principal.clone().unwrap_or_else(unknown), Role::Metric),
        row("project", google.project.clone().unwrap_or_else(|| "none: set GOOGLE_CLOUD_PROJECT".into()), Role::Metric),
        row("location", google.location.clone(), Role::Metric),
    ];
    match (&google.error, left) {
        (Some(error), _) => lines.push(row("token", error.clone(), Role::Error)),
        (None, Some(left)) if left.is_zero() => {
            lines.push(row("token", "expired: check again with c".into(), Role::Error));
        }
        (None, Some(left)) => {
            lines.push(row("token", format!("expires in {} min", left.as_secs().div_ceil(60)), Role::Warn));
        }
        (None, None) => {}
    }
    lines.push(row("from", google.source.clone(), Role::Metric));
    lines
}

/// The AWS identity behind the Bedrock routes: source, region, account and principal, expiry.
fn aws_lines(aws: &AwsSummary, left: Option<Duration>, theme: &Theme) -> Vec<Line<'static>> {
    let row = |name: &str, value: String, role: Role| {
        Line::from(vec![Span::styled(format!("  {name} "), theme.get(Role::Dim)), Span::styled(value, theme.get(role))])
    };
    let mut lines = vec![
        Line::from(Span::styled("AWS (Bedrock routes)", theme.get(Role::Title))),
        row("from", aws.source.clone(), Role::Metric),
        row("region", aws.region.clone(), Role::Metric),
    ];
    match &aws.identity {
        Ok((account, arn)) => {
            lines.push(row("account", account.clone(), Role::Metric));
            lines.push(row("as", arn.clone(), Role::Metric));
        }
        Err(why) => lines.push(row("identity", why.clone(), Role::Warn)),
    }
    match (left, &aws.expires) {
        (Some(left), _) if left.is_zero() => lines.push(row("expired", "check again with c".into(), Role::Error)),
        (Some(left), Some(at)) => {
            lines.push(row("expires", format!("in {} min ({at})", left.as_secs() / 60), Role::Warn));
        }
        _ => {}
    }
    lines
}
