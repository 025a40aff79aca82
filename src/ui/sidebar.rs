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

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block = pane::block("Credentials", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    for choice in app.targets.routes() {
        let status = app.sidebar.status(choice.route);
        let (mark, role) = credential_mark(status);
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), theme.get(role)),
            Span::styled(choice.route.name().to_owned(), theme.get(Role::Text)),
        ]));
        let detail = match status {
            Some(CredentialStatus::Ready { source }) => Span::styled(source.clone(), theme.get(Role::Dim)),
            Some(CredentialStatus::Missing { hint }) => Span::styled(hint.clone(), theme.get(Role::Warn)),
            Some(CredentialStatus::Error { message }) => Span::styled(message.clone(), theme.get(Role::Error)),
            None => Span::styled("checking…", theme.get(Role::Dim)),
        };
        lines.push(Line::from(vec![Span::raw("  "), detail]));
    }
    if let Some(aws) = &app.sidebar.aws {
        lines.extend(aws_lines(aws, theme));
    }
    for problem in &app.sidebar.problems {
        lines.push(Line::from(Span::styled(format!("⚠ {problem}"), theme.get(Role::Error))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The AWS identity behind the Bedrock routes: source, region, account and principal, expiry.
fn aws_lines(aws: &AwsSummary, theme: &Theme) -> Vec<Line<'static>> {
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
    if let Some(expires) = &aws.expires {
        lines.push(row("expires", expires.clone(), Role::Warn));
    }
    lines
}
