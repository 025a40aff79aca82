//! What the help overlay (and the README's key table) shows.

use super::context::Context;
use crate::keymap::action::Action;

/// The bindings of one context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub context: Context,
    /// Heading for the section, e.g. "Everywhere".
    pub title: &'static str,
    pub entries: Vec<HelpEntry>,
}

/// One binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpEntry {
    /// The keys, joined like `ctrl+s / alt+enter`.
    pub keys: String,
    pub action: Action,
    pub description: String,
}
