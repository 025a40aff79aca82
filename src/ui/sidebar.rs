//! The credential/status sidebar: per route, ready or missing and where the credential came
//! from (never the credential), a hint for missing ones, and problems in the user's files.

use super::pane;
use super::targets::credential_mark;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::auth::{AwsSummary, CredentialStatus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, now: std::time::Instant) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block = pane::block("Credentials", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // One line per route: mark, name, and where its credential came from (or how to add it);
    // then the selected route's line in full, wrapped.
    let mut lines = Vec::new();
    for choice in app.targets.routes() {
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
    let selected = app.targets.current().route;
    let (detail, detail_role) = detail(app.sidebar.status(selected));
    lines.push(Line::from(vec![
        Span::styled(format!("{selected}: "), theme.get(Role::Title)),
        Span::styled(detail.to_owned(), theme.get(detail_role)),
    ]));
    if let Some((aws, checked)) = &app.sidebar.aws {
        let left = aws.expires_in.map(|left| left.saturating_sub(now.saturating_duration_since(*checked)));
        lines.extend(aws_lines(aws, left, theme));
    }
    match &app.sidebar.aws_models {
        Some(Ok(note)) => lines.push(Line::from(Span::styled(format!("  models {note}"), theme.get(Role::Dim)))),
        Some(Err(why)) => lines.push(Line::from(Span::styled(format!("  models: {why}"), theme.get(Role::Warn)))),
        None => {}
    }
    for problem in &app.sidebar.problems {
        lines.push(Line::from(Span::styled(format!("⚠ {problem}"), theme.get(Role::Error))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
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

/// The AWS identity behind the Bedrock routes: source, region, account and principal, expiry.
fn aws_lines(aws: &AwsSummary, left: Option<std::time::Duration>, theme: &Theme) -> Vec<Line<'static>> {
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
