//! Prompt-set files: JSONL, one object per line with `prompt` and optional `id`, `system`,
//! `attachments` (paths, relative to the file's folder) and `vars` (values for `{{name}}`
//! placeholders); or plain text, one prompt per non-empty line.
//!
//! A file is JSONL when its name ends in `.jsonl` or its first non-blank line starts with `{`;
//! anything else is plain text, taken literally (no placeholders are filled: a plain-text line
//! has no `vars`). Blank lines are skipped, a UTF-8 byte-order mark and a line's trailing `\r`
//! are dropped, and every error names the file and the line.
//!
//! Placeholders are `{{name}}` (spaces inside the braces allowed), `name` made of letters,
//! digits, `_`, `-` and `.`; anything else between double braces (`{{"a": 1}}`) is plain text.
//! In a JSONL item a placeholder without a value in its `vars` is an error naming the line, so
//! a mistyped name is caught before anything is sent. To keep a literal `{{name}}`, give it
//! itself as its value (`"vars": {"name": "{{name}}"}`): a value is never filled again.

use super::Vars;
use super::placeholders::{fill, placeholders};
use crate::files::read::{Cap, read_with};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The largest prompt-set file read: 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most prompts (rows) in one set.
pub const MAX_PROMPTS: usize = 100_000;

/// The keys a JSONL item may have.
const KEYS: [&str; 5] = ["prompt", "id", "system", "attachments", "vars"];

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
    /// The prompt with its `{{name}}` placeholders filled from `vars`; a placeholder without
    /// a value stays as written.
    #[must_use]
    pub fn rendered_prompt(&self) -> String {
        fill(&self.prompt, &self.vars)
    }

    /// The item's system prompt, filled the same way.
    #[must_use]
    pub fn rendered_system(&self) -> Option<String> {
        self.system.as_deref().map(|system| fill(system, &self.vars))
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

/// Read and parse a prompt-set file (at most [`MAX_FILE_BYTES`], UTF-8).
pub fn read(path: &Path) -> Result<PromptSet, String> {
    let cap = Cap { bytes: MAX_FILE_BYTES, what: "a prompt-set file (split it into several)" };
    let text = read_with(path, cap).map_err(|error| error.to_string())?;
    parse(&text, &path.display().to_string(), &folder_of(path))
}

/// The folder `path` is in; `.` for a bare file name.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Parse a prompt set's text; `source` names it in errors ("prompts.jsonl line 7: …").
pub fn parse(text: &str, source: &str, folder: &Path) -> Result<PromptSet, String> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{source}: larger than {} MiB, the most routeplay reads from a prompt-set file; split it into several",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line));
    let lines = (1..).zip(lines).filter(|(_, line)| !line.trim().is_empty());
    let by_name = Path::new(source).extension().is_some_and(|ext| ext.eq_ignore_ascii_case("jsonl"));
    let jsonl =
        by_name || text.lines().find(|line| !line.trim().is_empty()).is_some_and(|l| l.trim_start().starts_with('{'));
    let mut items = Vec::new();
    let mut lines_of_ids: HashMap<String, usize> = HashMap::new();
    for (number, line) in lines {
        if items.len() == MAX_PROMPTS {
            return Err(format!(
                "{source} line {number}: more than {MAX_PROMPTS} prompts, the most one set may hold; split the file"
            ));
        }
        let at = |message: String| format!("{source} line {number}: {message}");
        let item = if jsonl {
            parse_item(line, number).map_err(at)?
        } else {
            PromptItem { id: default_id(number), prompt: line.to_owned(), ..empty_item() }
        };
        if let Some(first) = lines_of_ids.insert(item.id.clone(), number) {
            return Err(at(format!("id {:?} is already used on line {first}; ids must be unique", item.id)));
        }
        items.push(item);
    }
    if items.is_empty() {
        return Err(format!("{source}: no prompts (the file is empty or every line is blank)"));
    }
    Ok(PromptSet { source: source.to_owned(), folder: folder.to_path_buf(), items })
}

fn default_id(line: usize) -> String {
    format!("line-{line}")
}

fn empty_item() -> PromptItem {
    PromptItem { id: String::new(), prompt: String::new(), system: None, attachments: Vec::new(), vars: Vars::new() }
}

/// One JSONL line as an item; the error leaves the file and line to the caller.
fn parse_item(line: &str, number: usize) -> Result<PromptItem, String> {
    let object: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err("not a JSON object; each line of a JSONL prompt set is one object".into()),
        Err(error) => return Err(json_error(&error)),
    };
    if let Some(unknown) = object.keys().find(|key| !KEYS.contains(&key.as_str())) {
        let hint = KEYS.iter().find(|known| close(unknown, known)).map(|k| format!(" (did you mean {k:?}?)"));
        return Err(format!("unknown key {unknown:?}{}; the keys are {}", hint.unwrap_or_default(), KEYS.join(", ")));
    }
    let prompt = match object.get("prompt") {
        Some(Value::String(prompt)) if !prompt.trim().is_empty() => prompt.clone(),
        Some(Value::String(_)) => return Err("\"prompt\" is empty".into()),
        Some(other) => return Err(format!("\"prompt\" must be a string, not {}", kind(other))),
        None => return Err("no \"prompt\"; each object needs one, e.g. {\"prompt\": \"Say hello\"}".into()),
    };
    let id = match object.get("id") {
        None | Some(Value::Null) => default_id(number),
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        Some(Value::String(_)) => return Err("\"id\" is empty".into()),
        Some(Value::Number(id)) => id.to_string(),
        Some(other) => return Err(format!("\"id\" must be a string or a number, not {}", kind(other))),
    };
    let system = match object.get("system") {
        None | Some(Value::Null) => None,
        Some(Value::String(system)) => Some(system.clone()),
        Some(other) => return Err(format!("\"system\" must be a string, not {}", kind(other))),
    };
    let item = PromptItem {
        id,
        prompt,
        system,
        attachments: attachments(object.get("attachments"))?,
        vars: vars(object.get("vars"))?,
    };
    for text in std::iter::once(&item.prompt).chain(&item.system) {
        if let Some(name) = placeholders(text).find(|name| !item.vars.contains_key(*name)) {
            return Err(format!(
                "placeholder {{{{{name}}}}} has no value: add \"vars\": {{\"{name}\": …}} (its own \
                 text \"{{{{{name}}}}}\" keeps it as written)"
            ));
        }
    }
    Ok(item)
}

fn attachments(value: Option<&Value>) -> Result<Vec<PathBuf>, String> {
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(format!("\"attachments\" must be a list of file paths, not {}", kind(other))),
    };
    list.iter()
        .enumerate()
        .map(|(index, path)| match path {
            Value::String(path) if !path.trim().is_empty() => Ok(PathBuf::from(path)),
            other => Err(format!("\"attachments\" item {} must be a file path, not {}", index + 1, kind(other))),
        })
        .collect()
}

fn vars(value: Option<&Value>) -> Result<Vars, String> {
    let object = match value {
        None | Some(Value::Null) => return Ok(Vars::new()),
        Some(Value::Object(object)) => object,
        Some(other) => return Err(format!("\"vars\" must be an object of names and values, not {}", kind(other))),
    };
    object
        .iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                other => {
                    return Err(format!("var {name:?} must be a string, number or true/false, not {}", kind(other)));
                }
            };
            Ok((name.clone(), text))
        })
        .collect()
}

/// `serde_json`'s message without its "at line 1 column 7" (the caller names the line).
fn json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message.rfind(" at line ").map_or(message.as_str(), |end| &message[..end]);
    format!(
        "not valid JSON at column {}: {message} (each line of a JSONL prompt set is one whole object; a file is \
         JSONL when its name ends in .jsonl or its first line starts with `{{`)",
        error.column()
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether `typed` is one edit (a letter missing, extra, changed or two swapped) from `known`.
fn close(typed: &str, known: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typed.to_lowercase().chars().collect(), known.chars().collect());
    if a == b {
        return true;
    }
    let same_prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[same_prefix..], &b[same_prefix..]);
    match (ra.len(), rb.len()) {
        (x, y) if x == y => ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        (x, y) if x + 1 == y => ra == &rb[1..],
        (x, y) if x == y + 1 => &ra[1..] == rb,
        _ => false,
    }
}

#[cfg(test)]
#[path = "prompt_set_tests.rs"]
mod tests;
