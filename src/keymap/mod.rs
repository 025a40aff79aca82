//! Keys to [`Action`]s, from `assets/keymap.default.toml` plus an optional user file in the same
//! format. See that file for the format and the order in which contexts are checked.

pub mod action;
mod context;
mod help;
mod key;
mod parse;

pub use context::Context;
pub use help::{HelpEntry, HelpSection};

use crate::config::problem::Problem;
use crate::keymap::action::Action;
use crossterm::event::{KeyEvent, KeyEventKind};
use key::KeyChord;
use parse::Entry;
use std::collections::HashMap;
use std::path::Path;

const DEFAULT_FILE: &str = "assets/keymap.default.toml";
const DEFAULT: &str = include_str!("../../assets/keymap.default.toml");

/// One binding: some keys in one context doing one action.
#[derive(Debug, Clone)]
struct Binding {
    context: Context,
    keys: Vec<KeyChord>,
    action: Action,
    description: String,
}

/// All key bindings, in file order (which is the help overlay's order).
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    index: HashMap<(Context, KeyChord), Action>,
}

impl Keymap {
    /// The built-in bindings. The embedded file is checked by a test, so this cannot fail.
    #[must_use]
    pub fn default_keymap() -> Keymap {
        let entries = match parse::parse(Path::new(DEFAULT_FILE), DEFAULT) {
            Ok((entries, problems)) => {
                debug_assert!(problems.is_empty(), "default keymap problems: {problems:?}");
                entries
            }
            Err(problem) => unreachable!("default keymap does not parse: {problem}"),
        };
        Keymap::from_entries(entries)
    }

    /// The defaults, overridden by `user_file` if given and present. A user binding replaces
    /// the default binding of the same key in the same context; `action = "none"` unbinds.
    /// Each bad entry is a problem naming its line and the rest still applies; a file that is
    /// not valid TOML (or cannot be read) is one problem, and the defaults apply alone.
    #[must_use]
    pub fn load(user_file: Option<&Path>) -> (Keymap, Vec<Problem>) {
        let mut keymap = Keymap::default_keymap();
        let Some(file) = user_file else { return (keymap, Vec::new()) };
        let source = match crate::files::read::read_capped(file) {
            Ok(source) => source,
            Err(error) if error.is_not_found() => return (keymap, Vec::new()),
            Err(error) => {
                let problem = Problem { file: file.to_path_buf(), line: None, message: error.detail() };
                return (keymap, vec![problem]);
            }
        };
        match parse::parse(file, &source) {
            Ok((entries, problems)) => {
                for entry in entries {
                    keymap.apply(entry);
                }
                keymap.reindex();
                (keymap, problems)
            }
            Err(problem) => (keymap, vec![problem]),
        }
    }

    /// The action for `key`, trying `contexts` in order (most specific first). Key releases
    /// are ignored; presses and repeats count.
    #[must_use]
    pub fn lookup(&self, contexts: &[Context], key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let chord = KeyChord::from_event(key);
        contexts.iter().find_map(|context| self.index.get(&(*context, chord)).copied())
    }

    /// Bindings grouped by context, in file order, for the help overlay and the README.
    #[must_use]
    pub fn help(&self) -> Vec<HelpSection> {
        let mut sections: Vec<HelpSection> = Vec::new();
        for binding in &self.bindings {
            let entry = HelpEntry {
                keys: binding.keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" / "),
                action: binding.action,
                description: binding.description.clone(),
            };
            match sections.iter_mut().find(|section| section.context == binding.context) {
                Some(section) => section.entries.push(entry),
                None => sections.push(HelpSection {
                    context: binding.context,
                    title: binding.context.title(),
                    entries: vec![entry],
                }),
            }
        }
        sections
    }

    fn from_entries(entries: Vec<Entry>) -> Keymap {
        let mut keymap = Keymap { bindings: Vec::new(), index: HashMap::new() };
        for entry in entries {
            keymap.apply(entry);
        }
        keymap.reindex();
        keymap
    }

    /// Take the entry's keys away from every binding in its context, then bind them.
    fn apply(&mut self, entry: Entry) {
        for binding in self.bindings.iter_mut().filter(|binding| binding.context == entry.context) {
            binding.keys.retain(|key| !entry.keys.contains(key));
        }
        self.bindings.retain(|binding| !binding.keys.is_empty());
        if let Some(action) = entry.action {
            self.bindings.push(Binding {
                context: entry.context,
                keys: entry.keys,
                action,
                description: entry.description,
            });
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .bindings
            .iter()
            .flat_map(|binding| binding.keys.iter().map(|key| ((binding.context, *key), binding.action)))
            .collect();
    }
}

#[cfg(test)]
mod tests;
