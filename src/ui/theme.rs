//! Themes: named styles that views look up by role. CONTRACT (to be implemented).

use ratatui::style::Style;

/// A loaded theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub name: String,
}

impl Theme {
    /// The style for a role such as `border.focused` or `thinking`.
    #[must_use]
    pub fn style(&self, _role: &str) -> Style {
        Style::default()
    }
}
