//! The doctor overlay: one line per check with its outcome (✓ ok, ✗ failed, ? unconfirmed,
//! – skipped), its detail, and the fix under a failed one; a verdict at the end.

use super::help::centered;
use super::markdown;
use super::theme::{Role, Theme};
use crate::app::doctor::DoctorView;
use crate::client::doctor::{Check, Status};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// The check names' column.
const NAME_COLUMN: usize = 14;

/// Returns how far it can scroll, so the state can be kept within it.
pub fn draw(frame: &mut Frame, area: Rect, view: &DoctorView, theme: &Theme) -> u16 {
    let popup = centered(area, 100, 30);
    let title = format!("Doctor · {} · {} (Esc closes)", view.target.route, view.target.model);
    let block = super::pane::block(&title, true, theme);
    let lines = lines(view, popup.width.saturating_sub(2), theme);
    let max_scroll = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_sub(popup.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((view.scroll.min(max_scroll), 0)), popup);
    max_scroll
}

fn lines(view: &DoctorView, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let Some(checks) = &view.checks else {
        return vec![Line::from(Span::styled(
            "checking: the credential, the endpoint and the model…",
            theme.get(Role::Dim),
        ))];
    };
    let detail_width = u16::try_from(usize::from(width).saturating_sub(NAME_COLUMN + 2)).unwrap_or(10).max(10);
    let mut lines = Vec::new();
    for check in checks {
        lines.extend(check_lines(check, detail_width, theme));
    }
    lines.push(Line::default());
    let ready = checks.iter().all(|check| check.status != Status::Failed);
    let (verdict, role) = if ready {
        ("ready: nothing found in the way (the model itself was not called)", Role::Ok)
    } else {
        ("not ready: fix the failed checks above", Role::Error)
    };
    lines.push(Line::from(Span::styled(verdict, theme.get(role))));
    lines
}

/// `✓ name     detail`, the detail wrapped beside the name, and `fix: …` under a failure.
fn check_lines(check: &Check, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let (mark, role) = match check.status {
        Status::Ok => ("✓", Role::Ok),
        Status::Failed => ("✗", Role::Error),
        Status::Unconfirmed => ("?", Role::Warn),
        Status::Skipped => ("–", Role::Dim),
    };
    let mut lines = Vec::new();
    for (index, line) in markdown::plain(&check.detail, width, theme.get(Role::Text), "").into_iter().enumerate() {
        let left =
            if index == 0 { format!("{mark} {:<NAME_COLUMN$}", check.check) } else { " ".repeat(NAME_COLUMN + 2) };
        let mut line = line;
        line.spans.insert(0, Span::styled(left, theme.get(role)));
        lines.push(line);
    }
    if let Some(fix) = &check.fix {
        let fix = markdown::plain(&format!("fix: {fix}"), width, theme.get(Role::Accent), "");
        for mut line in fix {
            line.spans.insert(0, Span::raw(" ".repeat(NAME_COLUMN + 2)));
            lines.push(line);
        }
    }
    lines
}
