//! The output pane: the visible slice of the transcript, following the tail unless the user
//! scrolled up.

use super::pane;
use super::theme::{Role, Theme};
use super::transcript::TranscriptCache;
use crate::app::App;
use crate::app::focus::Focus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use std::time::Instant;

/// What the output pane measured while drawing, fed back to the app for scrolling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputMetrics {
    pub total_lines: usize,
    pub height: usize,
    /// How far the open scrolling overlay (help, inspector) can scroll.
    pub overlay_max_scroll: Option<u16>,
    /// How far the credentials sidebar can scroll.
    pub sidebar_max_scroll: u16,
}

/// Draw the output pane into `area`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: &Theme,
    cache: &mut TranscriptCache,
    now: Instant,
) -> OutputMetrics {
    let focused = app.focus == Focus::Output && app.overlay.is_none();
    let mut title = "Output".to_owned();
    if !app.output.follows_tail() {
        title = format!("{title} · scrolled ↑{} (End follows)", app.output.offset_from_bottom);
    }
    let block = pane::block(&title, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return OutputMetrics::default();
    }
    let total = cache.layout(app, inner.width.saturating_sub(1), theme, now);
    let height = usize::from(inner.height);
    if total == 0 {
        frame.render_widget(Paragraph::new(welcome(theme)).wrap(ratatui::widgets::Wrap { trim: true }), inner);
        return OutputMetrics { total_lines: 0, height, ..OutputMetrics::default() };
    }
    let offset = app.output.offset_from_bottom.min(total.saturating_sub(height));
    let top = total.saturating_sub(height + offset);
    let visible = cache.slice(app, top, height);
    frame.render_widget(Paragraph::new(visible).style(theme.get(Role::Text)), inner);
    if total > height {
        let mut state = ScrollbarState::new(total.saturating_sub(height)).position(top);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight).style(theme.get(Role::Dim));
        frame.render_stateful_widget(bar, inner, &mut state);
    }
    OutputMetrics { total_lines: total, height, ..OutputMetrics::default() }
}

fn welcome(theme: &Theme) -> Vec<Line<'static>> {
    let dim = theme.get(Role::Dim);
    vec![
        Line::from(Span::styled("Nothing sent yet.", theme.get(Role::Title))),
        Line::from(Span::styled("Type a prompt below and press ctrl+s (or alt+enter) to send it.", dim)),
        Line::from(Span::styled("Tab moves between panes; F1 lists every key.", dim)),
    ]
}
