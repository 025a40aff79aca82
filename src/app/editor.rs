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
    /// The Vertex AI location of the Vertex routes.
    Location,
    /// The Google Cloud project of the Vertex routes.
    Project,
    /// The name a compare set is saved under.
    CompareName,
    /// The focused compare column's own parameters.
    ColumnParams,
    /// A saved compare set to open, by name.
    CompareOpen,
    /// The path of a file to attach to the next prompt.
    AttachPath,
    /// The path of a prompt-set file to load into a matrix.
    PromptSetPath,
}

impl EditorKind {
    /// Whether the dialog holds several lines: Enter starts a new one, and the keys that send
    /// a prompt apply it.
    #[must_use]
    pub fn is_multiline(self) -> bool {
        self == EditorKind::SystemPrompt
    }

    /// The dialog's title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            EditorKind::SystemPrompt => "System prompt",
            EditorKind::Params => "Parameters: max_tokens=N temperature=T top_p=P stop=A|B",
            EditorKind::CustomModel => "Model id (any id the route accepts)",
            EditorKind::Region => "AWS region for the Bedrock routes (empty: from the environment)",
            EditorKind::Profile => "AWS profile for the Bedrock routes (empty: from the environment)",
            EditorKind::Location => "Vertex AI location: global, us, eu or a region (empty: from the environment)",
            EditorKind::Project => "Google Cloud project for the Vertex routes (empty: from the environment)",
            EditorKind::CompareName => "Save the compare set as (a name: letters, digits, - and _)",
            EditorKind::ColumnParams => {
                "This column's parameters (empty: the prompt's): max_tokens=N temperature=T top_p=P stop=A|B"
            }
            EditorKind::CompareOpen => "Open a saved compare set (its name)",
            EditorKind::AttachPath => "Attach a file (PNG, JPEG, GIF, WebP, PDF or text): its path",
            EditorKind::PromptSetPath => "Load a prompt set (JSONL, or one prompt a line): its path",
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

    /// Replace the text with the choice after (or before) the current one in `choices`.
    pub fn cycle(&mut self, choices: &[String], delta: isize) {
        if choices.is_empty() {
            return;
        }
        let current = self.value();
        let next = match choices.iter().position(|choice| *choice == current) {
            Some(index) => (index + choices.len()).saturating_add_signed(delta) % choices.len(),
            None if delta < 0 => choices.len() - 1,
            None => 0,
        };
        self.input = TextArea::from([choices[next].clone()]);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
        self.error = None;
    }

    /// The text as edited.
    #[must_use]
    pub fn value(&self) -> String {
        self.input.lines().join("\n")
    }
}
