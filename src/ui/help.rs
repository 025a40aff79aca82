//! The help overlay: every binding with its description, built from the keymap file.

use super::theme::{Role, Theme};
use crate::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, scroll: u16) {
    let popup = centered(area, 90, 40);
    let block = super::pane::block("Keys (Esc closes, ↑↓ scroll)", true, theme);
    let mut lines = Vec::new();
    for section in app.keymap.help() {
        lines.push(Line::from(Span::styled(section.title, theme.get(Role::Heading))));
        for entry in &section.entries {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<24}", entry.keys), theme.get(Role::HelpKey)),
                Span::styled(entry.description.clone(), theme.get(Role::HelpDesc)),
            ]));
        }
        lines.push(Line::default());
    }
    let max_scroll = (lines.len() as u16).saturating_sub(popup.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll.min(max_scroll), 0)), popup);
}

/// A rectangle at most `width`×`height`, centred in `area`.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}
