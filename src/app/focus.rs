//! Which pane has the keyboard.

/// The panes that can take focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Prompt,
    Output,
    Targets,
    /// The credentials sidebar, to scroll it.
    Sidebar,
}

impl Focus {
    const ORDER: [Focus; 4] = [Focus::Prompt, Focus::Output, Focus::Targets, Focus::Sidebar];

    #[must_use]
    pub fn next(self) -> Self {
        let index = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        Self::ORDER[(index + 1) % Self::ORDER.len()]
    }

    #[must_use]
    pub fn prev(self) -> Self {
        let index = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        Self::ORDER[(index + Self::ORDER.len() - 1) % Self::ORDER.len()]
    }
}
