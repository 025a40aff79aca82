//! A small dialog that edits one setting: the system prompt, the parameters, or a custom
//! model id. Enter applies, Esc discards.

use ratatui_textarea::TextArea;

/// What the dialog edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKind {
    SystemPrompt,
    Params,
    CustomModel,
    Region,
    Profile,
}

impl EditorKind {
    /// The dialog's title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            EditorKind::SystemPrompt => "System prompt",
            EditorKind::Params => "Parameters: max_tokens=N temperature=T top_p=P stop=A|B",
            EditorKind::CustomModel => "Model id (any id the route accepts)",
            EditorKind::Region => "AWS region for the Bedrock routes (empty: from the environment)",
            EditorKind::Profile => "AWS profile for the Bedrock routes (empty: from the environment)",
        }
    }
}

/// The open dialog.
#[derive(Debug, Clone)]
pub struct FieldEditor {
    pub kind: EditorKind,
    pub input: TextArea<'static>,
    /// Why the last attempt to apply was refused.
    pub error: Option<String>,
    /// Choices worth knowing, shown under the field (the AWS profiles found, common regions).
    pub hint: Option<String>,
}

impl FieldEditor {
    #[must_use]
    pub fn new(kind: EditorKind, value: &str) -> Self {
        let mut input = TextArea::from(value.split('\n').map(str::to_owned).collect::<Vec<_>>());
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Self { kind, input, error: None, hint: None }
    }

    /// The text as edited.
    #[must_use]
    pub fn value(&self) -> String {
        self.input.lines().join("\n")
    }
}
