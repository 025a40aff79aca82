//! A matrix written out: CSV (one line per sample), JSONL (one object per sample, with its
//! answer) and a Markdown report (per-column figures with distributions as text bars, the
//! matrix, the findings). The format comes from the file's extension.
//!
//! Text from prompt files and servers has its control characters (but newline and tab)
//! written out as `\x1b` in CSV and Markdown, so a file shown on a terminal cannot drive it;
//! JSON escapes them itself. Nothing secret is in a matrix, so nothing secret is written.

mod csv;
mod jsonl;
mod markdown;

use super::{CellOutcome, Matrix};
use crate::store::RunKey;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Markdown,
}

impl Format {
    /// The format `path`'s extension names (`.csv`, `.jsonl`, `.md` or `.markdown`, in any
    /// case), or an error naming the ones known.
    pub fn of_path(path: &Path) -> Result<Self, String> {
        let extension = path.extension().map(|ext| ext.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("csv") => Ok(Self::Csv),
            Some("jsonl") => Ok(Self::Jsonl),
            Some("md" | "markdown") => Ok(Self::Markdown),
            Some(other) => Err(format!(
                "{}: cannot export to .{other}; the formats are .csv, .jsonl and .md (or .markdown)",
                path.display()
            )),
            None => Err(format!(
                "{}: no extension to tell the format by; end the name in .csv, .jsonl or .md (or .markdown)",
                path.display()
            )),
        }
    }
}

/// The answer text of a stored run, where the caller has it.
pub type Answers<'a> = &'a dyn Fn(RunKey) -> Option<String>;

/// `matrix` in `format`.
#[must_use]
pub fn render(matrix: &Matrix, format: Format, answers: Answers<'_>) -> String {
    match format {
        Format::Csv => csv::render(matrix),
        Format::Jsonl => jsonl::render(matrix, answers),
        Format::Markdown => markdown::render(matrix),
    }
}

/// The fields of one sample, in the order CSV and JSONL write them.
const HEADER: [&str; 14] = [
    "prompt_id",
    "target",
    "sample",
    "status",
    "ttft_ms",
    "total_ms",
    "input_tokens",
    "output_tokens",
    "tokens_per_second",
    "cost_usd",
    "error",
    "run_id",
    "retries",
    "batch",
];

/// A sample's prompt id and target as written (empty when the cell is outside the plan).
fn labels<'a>(matrix: &'a Matrix, cell: &CellOutcome) -> (&'a str, String) {
    let plan = &matrix.plan;
    let id = plan.prompts.get(cell.key.prompt as usize).map_or("", |item| item.id.as_str());
    let target = plan.targets.get(cell.key.target as usize).map(crate::routes::Target::spec).unwrap_or_default();
    (id, target)
}

/// `text` with every control character but newline and tab written out as `\x1b`.
fn safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A finite figure as Rust writes it shortest (`53.25`); none for NaN and infinities.
fn figure(value: Option<f64>) -> Option<f64> {
    value.filter(|value| value.is_finite())
}

#[cfg(test)]
mod tests;
