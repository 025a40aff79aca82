//! The credential/status sidebar: per route, ready or missing and where the credential came
//! from (never the credential), a hint for missing ones, and problems in the user's files.

use super::pane;
use super::targets::credential_mark;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::focus::Focus;
use crate::auth::{AwsSummary, CredentialStatus, GoogleSummary};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::time::Duration;

/// Returns how far it can scroll, so the state can be kept within it.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, now: std::time::Instant) -> u16 {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let focused = app.focus == Focus::Sidebar && app.overlay.is_none();
    let block = pane::block("Credentials", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The selected route's line in full, its cloud identity and any problems; and one entry per
    // route: mark, name, and where its credential came from (or how to add it), wrapped.
    let details = selected_lines(app, theme, now);
    let width = usize::from(inner.width.max(1));
    let rows = |lines: &[Line]| -> usize { lines.iter().map(|line| line.width().div_ceil(width).max(1)).sum() };
    // Each route's line wraps under its name, so a fix is read whole.
    let mut list: Vec<Line<'static>> = app
        .targets
        .routes()
        .iter()
        .flat_map(|choice| {
            let status = app.sidebar.status(choice.route);
            let (mark, role) = credential_mark(status);
            let (detail, detail_role) = detail(status);
            let pieces = [
                (format!("{mark} "), theme.get(role)),
                (format!("{} ", choice.route.name()), theme.get(Role::Text)),
                (detail.to_owned(), theme.get(detail_role)),
            ];
            super::markdown::styled(&pieces, inner.width, "  ")
        })
        .collect();
    list.extend(super::batch_jobs::lines(app, theme, inner.width));
    // When all of it fits, the list comes first; else the selected route's lines do, and the
    // list follows, a scroll away.
    let lines: Vec<Line<'static>> = if usize::from(inner.height) >= rows(&list) + rows(&details) {
        list.into_iter().chain(details).collect()
    } else {
        details.into_iter().chain(std::iter::once(Line::default())).chain(list).collect()
    };
    let max_scroll = u16::try_from(rows(&lines).saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX);
    let scroll = app.sidebar.scroll.min(max_scroll);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), inner);
    if max_scroll > 0 {
        let note = match (scroll, scroll < max_scroll) {
            (0, _) => " ↓ more ".to_owned(),
            (_, true) => " ↑↓ more ".to_owned(),
            (_, false) => " ↑ more ".to_owned(),
        };
        let at = Rect::new(area.x + 1, area.bottom() - 1, area.width.saturating_sub(2), 1);
        frame.render_widget(Paragraph::new(Span::styled(note, theme.get(Role::Dim))).alignment(Alignment::Right), at);
    }
    max_scroll
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
    if selected.spec().listing.is_some() {
        match &app.sidebar.listed_models {
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
