//! A problem found in a user file: which file, which line, what was wrong. The app reports it
//! and carries on with defaults.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One thing wrong in a config, theme or keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line, where the parser could tell.
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    /// A TOML parse error, with its line worked out from the span.
    #[must_use]
    pub fn from_toml(file: PathBuf, source: &str, error: &toml::de::Error) -> Self {
        let line = error.span().map(|span| line_of(source, span.start));
        Self { file, line, message: error.message().trim().to_owned() }
    }
}

/// Collects the problems of one file, turning byte spans into line numbers.
#[derive(Debug)]
pub struct Report<'a> {
    pub file: &'a Path,
    pub source: &'a str,
    pub problems: Vec<Problem>,
}

impl<'a> Report<'a> {
    #[must_use]
    pub fn new(file: &'a Path, source: &'a str) -> Self {
        Self { file, source, problems: Vec::new() }
    }

    /// A problem at the line where `span` starts.
    pub fn add(&mut self, span: &Range<usize>, message: String) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: Some(line_of(self.source, span.start)),
            message,
        });
    }
}

/// 1-based line number of a byte offset.
#[must_use]
pub fn line_of(source: &str, offset: usize) -> usize {
    // Lines are what the newlines before the offset separate.
    source.as_bytes()[..offset.min(source.len())].split(|&byte| byte == b'\n').count()
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}
