//! The history overlay: a search field, the active filters stated plainly, then the stored
//! conversations (or the runs matching the search, with the matching words highlighted), each
//! marked when it was a compare or can be replayed, the chosen one marked.

use super::help::centered;
use super::pane;
use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::history::{HistoryRow, HistoryView};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Draw the history over `area`; replays play at `replay_speed` times their recorded pace.
/// The popup hides the status bar, so the last notice (an export's files) shows in it.
pub fn draw(frame: &mut Frame, area: Rect, view: &HistoryView, app: &App, theme: &Theme) {
    let replay_speed = app.replay_speed;
    let popup = centered(area, 120, 40);
    frame.render_widget(Clear, popup);
    let speed = if (replay_speed - 0.5).abs() < f64::EPSILON { "½".to_owned() } else { replay_speed.to_string() };
    let keys = format!(" ctrl+p replay at {speed}× (ctrl+f) · ctrl+r re-run · F6 compare · F8 delete · Esc ");
    let block = pane::block("History (type to search · Enter opens · ctrl+e exports)", true, theme)
        .title_bottom(Span::styled(keys, theme.get(Role::Dim)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let mut field = view.query.clone();
    field.set_style(theme.get(Role::Text));
    field.set_cursor_style(theme.get(Role::Selection));
    field.set_placeholder_text("search prompts and answers… filters: route:NAME model:ID status:failed since:7d");
    field.set_placeholder_style(theme.get(Role::Dim));
    frame.render_widget(&field, Rect::new(inner.x, inner.y, inner.width, 1));
    let status = Rect::new(inner.x, inner.y + 1, inner.width, 1);
    let filter = view.filter_line().unwrap_or_default();
    let room = usize::from(inner.width).saturating_sub(filter.chars().count() + 2);
    let (right, role) = match &app.notice {
        Some(notice) => {
            let role = if notice.is_error { Role::Error } else { Role::Accent };
            (super::targets::cut_middle(&notice.text, room), role)
        }
        // The legend gives way to a filter too long to share the line with it.
        None if MARK_LEGEND.chars().count() <= room => (MARK_LEGEND.to_owned(), Role::Dim),
        None => (String::new(), Role::Dim),
    };
    frame.render_widget(Paragraph::new(right).style(theme.get(role)).right_aligned(), status);
    frame.render_widget(Paragraph::new(Span::styled(filter, theme.get(Role::Accent))), status);
    let list_area = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    frame.render_widget(Paragraph::new(list_lines(view, theme, usize::from(list_area.height))), list_area);
}

/// What the marks before a row's title mean.
const MARK_LEGEND: &str = "C compare · R replayable";

/// A row's marks, a fixed-width column: `C` for a compare, `R` when it can be replayed.
fn marks(row: &HistoryRow) -> String {
    format!("{}{} ", if row.compare { 'C' } else { ' ' }, if row.replayable { 'R' } else { ' ' })
}

/// Each row as a title line, a detail line and, for search hits, the snippet; scrolled so the
/// chosen row is in view.
fn list_lines(view: &HistoryView, theme: &Theme, height: usize) -> Vec<Line<'static>> {
    if let Some(id) = view.confirm_delete {
        let title = view.rows.iter().find(|row| row.conversation == id).map_or("", |row| row.title.as_str());
        let question = format!("Delete “{title}” and all its runs? y deletes, any other key keeps it.");
        return vec![Line::from(Span::styled(question, theme.get(Role::Warn)))];
    }
    if let Some(error) = &view.error {
        return vec![Line::from(Span::styled(error.clone(), theme.get(Role::Error)))];
    }
    if view.rows.is_empty() {
        let empty = if view.query_text().trim().is_empty() { "Nothing stored yet." } else { "No match." };
        return vec![Line::from(Span::styled(empty, theme.get(Role::Dim)))];
    }
    let per_row = if view.rows.iter().any(|row| !row.snippet.is_empty()) { 3 } else { 2 };
    let fits = (height / per_row).max(1);
    let first = view.selected.saturating_sub(fits - 1);
    let mut lines = Vec::new();
    for (index, row) in view.rows.iter().enumerate().skip(first).take(fits) {
        let chosen = index == view.selected;
        let title_role = if chosen { Role::Selection } else { Role::Text };
        lines.push(Line::from(vec![
            Span::styled(if chosen { "▸ " } else { "  " }, theme.get(Role::Accent)),
            Span::styled(marks(row), theme.get(Role::Accent)),
            Span::styled(row.title.clone(), theme.get(title_role)),
        ]));
        lines.push(Line::from(Span::styled(format!("     {}", row.detail), theme.get(Role::Dim))));
        if per_row == 3 {
            let mut snippet = vec![Span::raw("     ")];
            snippet.extend(row.snippet.iter().map(|(text, matched)| {
                Span::styled(text.clone(), theme.get(if *matched { Role::Accent } else { Role::Dim }))
            }));
            lines.push(Line::from(snippet));
        }
    }
    lines
}
