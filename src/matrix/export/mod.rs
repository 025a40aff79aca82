//! A matrix written out: CSV (one line per sample), JSONL (one object per sample, with its
//! answer) and a Markdown report (per-column figures with distributions as text bars, the
//! matrix, the findings). The format comes from the file's extension.

use super::Matrix;
use crate::store::RunKey;
use std::path::Path;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Markdown,
}

impl Format {
    /// The format `path`'s extension names (`.csv`, `.jsonl`, `.md`), or an error naming the
    /// ones known.
    pub fn of_path(path: &Path) -> Result<Self, String> {
        todo!("{}", path.display())
    }
}

/// The answer text of a stored run, where the caller has it.
pub type Answers<'a> = &'a dyn Fn(RunKey) -> Option<String>;

/// `matrix` in `format`.
#[must_use]
pub fn render(matrix: &Matrix, format: Format, answers: Answers<'_>) -> String {
    let _ = (matrix, format, answers);
    todo!()
}
