//! Reading a keymap file into bindings, reporting each bad entry with its line.

use super::context::Context;
use super::key::KeyChord;
use crate::config::problem::{Problem, Report};
use crate::keymap::action::Action;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One `[[context]]` entry of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub context: Context,
    pub keys: Vec<KeyChord>,
    /// `None` for `action = "none"`: the keys are unbound.
    pub action: Option<Action>,
    pub description: String,
}

/// Parse a keymap file. Entries with problems are reported and skipped (or, for a missing
/// description, kept with the action's name); a file that is not valid TOML is one `Err`.
pub(super) fn parse(file: &Path, source: &str) -> Result<(Vec<Entry>, Vec<Problem>), Problem> {
    let doc = DeTable::parse(source).map_err(|error| Problem::from_toml(file.to_path_buf(), source, &error))?;
    let mut report = Report::new(file, source);
    // Tables are ordered by key unless toml's `preserve_order` is on; the file's order counts.
    let mut sections: Vec<_> = doc.get_ref().iter().collect();
    sections.sort_by_key(|(key, _)| key.span().start);
    let mut entries = Vec::new();
    for (key, value) in sections {
        let name = key.get_ref().as_ref();
        let Some(context) = Context::from_name(name) else {
            let known: Vec<_> = Context::ALL.iter().map(|context| context.name()).collect();
            report.add(&key.span(), format!("unknown context `{name}`; expected one of {}", known.join(", ")));
            continue;
        };
        let DeValue::Array(tables) = value.get_ref() else {
            report.add(&key.span(), format!("write bindings as `[[{name}]]` entries"));
            continue;
        };
        for table in tables {
            match table.get_ref() {
                DeValue::Table(fields) => entries.extend(entry(context, &table.span(), fields, &mut report)),
                _ => report.add(&table.span(), format!("each `{name}` binding must be a table")),
            }
        }
    }
    let mut problems = report.problems;
    problems.sort_by_key(|problem| problem.line);
    Ok((entries, problems))
}

fn entry(context: Context, span: &Range<usize>, fields: &DeTable<'_>, report: &mut Report<'_>) -> Option<Entry> {
    let (mut keys, mut action, mut description) = (None, None, None);
    for (key, value) in fields {
        match key.get_ref().as_ref() {
            "keys" => keys = Some(value),
            "action" => action = Some(value),
            "description" => match value.get_ref() {
                DeValue::String(text) => description = Some(text.to_string()),
                _ => report.add(&value.span(), "`description` must be a string".to_owned()),
            },
            other => report
                .add(&key.span(), format!("unknown field `{other}`; a binding has `keys`, `action` and `description`")),
        }
    }
    let (Some(keys), Some(action)) = (keys, action) else {
        report.add(span, "a binding needs `keys` and `action`".to_owned());
        return None;
    };
    let keys = read_keys(keys, report);
    // Bad keys and unknown actions are reported as they are read; without them the entry
    // means nothing.
    let action = read_action(action, report)?;
    if keys.is_empty() {
        return None;
    }
    let (action, description) = match (action, description) {
        (Target::Unbind, _) => (None, String::new()),
        (Target::Bind(action), Some(description)) => (Some(action), description),
        (Target::Bind(action), None) => {
            let name = action_name(action);
            report.add(span, format!("binding for `{name}` without `description`"));
            (Some(action), name.replace('_', " "))
        }
    };
    Some(Entry { context, keys, action, description })
}

/// What an `action` field asks for.
enum Target {
    Bind(Action),
    /// `action = "none"`.
    Unbind,
}

/// The keys that parse; each one that does not is a problem.
fn read_keys(value: &Spanned<DeValue<'_>>, report: &mut Report<'_>) -> Vec<KeyChord> {
    let DeValue::Array(array) = value.get_ref() else {
        report.add(&value.span(), "`keys` must be a list of strings such as [\"ctrl+s\"]".to_owned());
        return Vec::new();
    };
    let mut keys = Vec::new();
    for item in array {
        match item.get_ref().as_str().map(str::parse::<KeyChord>) {
            Some(Ok(chord)) => keys.push(chord),
            Some(Err(message)) => report.add(&item.span(), message),
            None => report.add(&item.span(), "a key must be a string such as \"ctrl+s\"".to_owned()),
        }
    }
    keys
}

/// `None` (reported) for an unknown action.
fn read_action(value: &Spanned<DeValue<'_>>, report: &mut Report<'_>) -> Option<Target> {
    let Some(name) = value.get_ref().as_str() else {
        report.add(&value.span(), "`action` must be a string".to_owned());
        return None;
    };
    if name == "none" {
        return Some(Target::Unbind);
    }
    let parsed: Result<Action, serde::de::value::Error> = Action::deserialize(name.into_deserializer());
    if let Ok(action) = parsed {
        return Some(Target::Bind(action));
    }
    report.add(&value.span(), format!("unknown action `{name}`"));
    None
}

/// The `snake_case` name of an action, as written in keymap files.
pub(super) fn action_name(action: Action) -> String {
    match toml::Value::try_from(action) {
        Ok(toml::Value::String(name)) => name,
        _ => format!("{action:?}"),
    }
}
