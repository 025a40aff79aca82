//! Where a key is pressed: the sections of a keymap file.

/// A set of bindings that applies in one situation. The caller passes the contexts that apply,
/// most specific first: an open overlay or dialog, then the focused pane, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Anywhere, unless a more specific context binds the key.
    Global,
    /// The prompt editor has focus; unbound keys go to the editor.
    Prompt,
    /// The targets pane (routes and models) has focus.
    Targets,
    /// The output pane (the transcript) has focus.
    Output,
    /// The credentials sidebar has focus.
    Sidebar,
    /// The model list's filter is open in the targets pane; unbound keys go to the filter.
    ModelFilter,
    /// The help overlay is open.
    Help,
    /// A one-line field editor or small dialog is open.
    Editor,
    /// The history overlay is open; unbound keys go to its search field.
    History,
    /// The route explainer is open.
    Explain,
    /// The inspector is open.
    Inspector,
    /// The matrix view (compare at scale) is shown.
    Matrix,
}

impl Context {
    pub const ALL: [Context; 12] = [
        Context::Global,
        Context::Prompt,
        Context::Targets,
        Context::Output,
        Context::Sidebar,
        Context::ModelFilter,
        Context::Help,
        Context::Editor,
        Context::History,
        Context::Explain,
        Context::Inspector,
        Context::Matrix,
    ];

    /// The section name in keymap files.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Prompt => "prompt",
            Context::Targets => "targets",
            Context::Output => "output",
            Context::Sidebar => "sidebar",
            Context::ModelFilter => "model_filter",
            Context::Help => "help",
            Context::Editor => "editor",
            Context::History => "history",
            Context::Explain => "explain",
            Context::Inspector => "inspector",
            Context::Matrix => "matrix",
        }
    }

    /// The heading shown in the help overlay.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Prompt => "Prompt",
            Context::Targets => "Targets",
            Context::Output => "Output",
            Context::Sidebar => "Credentials sidebar",
            Context::ModelFilter => "Model filter",
            Context::Help => "Help",
            Context::Editor => "Field editor",
            Context::History => "History",
            Context::Explain => "Route explainer",
            Context::Inspector => "Inspector",
            Context::Matrix => "Matrix (compare at scale)",
        }
    }

    #[must_use]
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|context| context.name() == name)
    }
}
