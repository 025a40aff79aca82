//! The status bar: the next target, what is running, the last notice, and the help key.

use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::focus::Focus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::time::Instant;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, now: Instant) {
    let bar = theme.get(Role::StatusBar);
    let mut spans = Vec::new();
    if let Some(notice) = &app.notice {
        let role = if notice.is_error { Role::Error } else { Role::Accent };
        spans.push(Span::styled(format!(" {} ", notice.text), theme.get(role)));
    } else if let Some(run) = app.runs.live().last() {
        let elapsed = run.timings.started.map_or(0.0, |s| now.saturating_duration_since(s).as_secs_f64());
        let stall = super::stall::note(run, now).map(|note| format!(" · {note}")).unwrap_or_default();
        spans.push(Span::styled(
            format!(
                " {} · {} · {} {elapsed:.1} s{stall} · Esc cancels ",
                run.target.route,
                run.target.model,
                run.phase.label()
            ),
            theme.get(Role::Accent),
        ));
    } else {
        let target = app.targets.target();
        spans.push(Span::styled(format!(" {} · {} ", target.route, target.model), bar));
    }
    let help = match (app.focus, app.overlay.is_none()) {
        (_, true) if app.matrix_shown() => " s start · Enter row · Esc stop/close · F1 help ",
        (Focus::Targets, true) if app.model_filter.is_some() => " type filters · Enter uses · Esc clears ",
        (Focus::Targets, true) => " / filter · m model id · F1 help · q quit ",
        (Focus::Output | Focus::Sidebar, true) => " F1 help · Tab panes · q quit ",
        _ => " F1 help · Tab panes · ctrl+q quit ",
    };
    if !app.mouse_capture {
        spans.push(Span::styled(" mouse off (alt+m) ", theme.get(Role::Warn)));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let gap = usize::from(area.width).saturating_sub(used + help.chars().count());
    spans.push(Span::styled(" ".repeat(gap), bar));
    spans.push(Span::styled(help, theme.get(Role::StatusKey)));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(bar), area);
}
