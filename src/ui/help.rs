//! The help overlay: every binding with its description, built from the keymap file.

use super::markdown;
use super::theme::{Role, Theme};
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The widest the key column gets; longer key lists wrap under it.
const MAX_KEY_COLUMN: usize = 28;

/// Returns how far it can scroll, so the state can be kept within it.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, scroll: u16) -> u16 {
    let popup = centered(area, 100, 44);
    let block = super::pane::block("Keys (Esc closes, ↑↓ scroll)", true, theme);
    let inner_width = popup.width.saturating_sub(2);
    let lines = help_lines(app, theme, inner_width);
    let max_scroll = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_sub(popup.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll.min(max_scroll), 0)), popup);
    max_scroll
}

/// Sections of `keys  description` rows, descriptions wrapped beside the key column.
fn help_lines(app: &App, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let sections = app.keymap.help();
    let key_column = sections
        .iter()
        .flat_map(|section| &section.entries)
        .map(|entry| entry.keys.width() + 4)
        .max()
        .unwrap_or(0)
        .min(MAX_KEY_COLUMN);
    let description_width = u16::try_from(usize::from(width).saturating_sub(key_column)).unwrap_or(1).max(10);
    let mut lines = Vec::new();
    for section in sections {
        lines.push(Line::from(Span::styled(section.title, theme.get(Role::Heading))));
        for entry in &section.entries {
            let keys = format!("  {}", entry.keys);
            let description = markdown::plain(&entry.description, description_width, theme.get(Role::HelpDesc), "");
            if keys.width() + 2 > key_column {
                lines.push(Line::from(Span::styled(keys, theme.get(Role::HelpKey))));
                lines.extend(description.into_iter().map(|line| beside(" ".repeat(key_column), line, theme)));
                continue;
            }
            for (index, line) in description.into_iter().enumerate() {
                let left = if index == 0 { format!("{keys:<key_column$}") } else { " ".repeat(key_column) };
                lines.push(beside(left, line, theme));
            }
        }
        lines.push(Line::default());
    }
    lines
}

fn beside(left: String, mut line: Line<'static>, theme: &Theme) -> Line<'static> {
    line.spans.insert(0, Span::styled(left, theme.get(Role::HelpKey)));
    line
}

/// A rectangle at most `width`×`height`, centred in `area`.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}
