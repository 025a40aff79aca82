//! Prompt-set files: JSONL, one object per line with `prompt` and optional `id`, `system`,
//! `attachments` (paths, relative to the file's folder) and `vars` (values for `{{name}}`
//! placeholders); or plain text, one prompt per non-empty line.

use super::Vars;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One prompt of a set: a row of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptItem {
    /// The item's own `id`, else its line number (`line-7`); unique within the set.
    pub id: String,
    pub prompt: String,
    pub system: Option<String>,
    pub attachments: Vec<PathBuf>,
    pub vars: Vars,
}

impl PromptItem {
    /// The prompt with its `{{name}}` placeholders filled from `vars`.
    #[must_use]
    pub fn rendered_prompt(&self) -> String {
        todo!()
    }

    /// The item's system prompt, filled the same way.
    #[must_use]
    pub fn rendered_system(&self) -> Option<String> {
        todo!()
    }
}

/// A parsed prompt-set file.
#[derive(Debug, Clone, PartialEq)]
pub struct PromptSet {
    /// The file as the user named it.
    pub source: String,
    /// The folder its relative attachment paths are read from.
    pub folder: PathBuf,
    pub items: Vec<PromptItem>,
}

/// Read and parse a prompt-set file.
pub fn read(path: &Path) -> Result<PromptSet, String> {
    todo!("{}", path.display())
}

/// Parse a prompt set's text; `source` names it in errors ("prompts.jsonl line 7: …").
pub fn parse(text: &str, source: &str, folder: &Path) -> Result<PromptSet, String> {
    todo!("{text}{source}{}", folder.display())
}
