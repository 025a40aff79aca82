//! Themes: named styles that views look up by [`Role`]. Built-in themes live in `themes/*.toml`
//! and are embedded in the binary; users can add their own in a directory (see [`Themes::load`]).

mod parse;
mod role;
mod set;

pub use role::Role;
pub use set::Themes;

use ratatui::style::Style;

/// A loaded theme: one style per [`Role`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    /// Indexed by [`Role::index`]; always `Role::ALL.len()` long.
    styles: Vec<Style>,
}

impl Theme {
    /// The style for a role.
    #[must_use]
    pub fn get(&self, role: Role) -> Style {
        self.styles[role.index()]
    }

    /// This theme with every colour removed, for `NO_COLOR`. Modifiers stay, so focus (bold),
    /// selection (reversed) and thinking (dim) remain visible.
    #[must_use]
    pub fn without_color(&self) -> Theme {
        let strip = |style: &Style| Style { fg: None, bg: None, underline_color: None, ..*style };
        Theme { name: self.name.clone(), styles: self.styles.iter().map(strip).collect() }
    }
}

/// The built-in default theme (`themes/dark.toml`).
impl Default for Theme {
    fn default() -> Self {
        set::built_in_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{Role, Theme};
    use ratatui::style::{Color, Modifier};

    #[test]
    fn without_color_keeps_modifiers_and_drops_colours() {
        let theme = Theme::default();
        let plain = theme.without_color();
        for role in Role::ALL {
            let (before, after) = (theme.get(*role), plain.get(*role));
            assert_eq!(after.fg, None);
            assert_eq!(after.bg, None);
            assert_eq!(after.add_modifier, before.add_modifier);
        }
        assert!(plain.get(Role::Selection).add_modifier.contains(Modifier::REVERSED));
        assert!(plain.get(Role::BorderFocused).add_modifier.contains(Modifier::BOLD));
        assert_ne!(theme.get(Role::Error).fg, Some(Color::Reset));
    }
}
