//! Markdown to wrapped, styled lines. CONTRACT (to be implemented).

use super::theme::Theme;
use ratatui::text::Line;

/// Render `text` as Markdown wrapped to `width` columns.
#[must_use]
pub fn render(text: &str, _width: u16, _theme: &Theme) -> Vec<Line<'static>> {
    text.lines().map(|l| Line::raw(l.to_owned())).collect()
}
