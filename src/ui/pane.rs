//! The bordered block every pane sits in, styled by focus.

use super::theme::{Role, Theme};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};

/// A pane's block with `title`, highlighted when `focused`.
#[must_use]
pub fn block(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    let (border, title_role) =
        if focused { (Role::BorderFocused, Role::TitleFocused) } else { (Role::Border, Role::Title) };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(theme.get(border))
        .title(Span::styled(format!(" {title} "), theme.get(title_role)))
}
