//! The history overlay's state: what the user searches for, what the store found, which row is
//! chosen. The store itself is reached through effects; this is pure state.

use crate::routes::Target;
use crate::routes::error::RunError;
use ratatui_textarea::TextArea;

/// One line of the list: a conversation, or a run that matched the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryRow {
    pub conversation: i64,
    pub title: String,
    /// `route · model · status · when`.
    pub detail: String,
    /// For search hits: the matching stretch, as (text, matched) pieces.
    pub snippet: Vec<(String, bool)>,
    /// It was (a column of) a compare: opening it brings back every column.
    pub compare: bool,
    /// Its stream events were kept: ctrl+p replays it with its pacing.
    pub replayable: bool,
}

/// The filter keys the history search understands (`route:NAME` and so on).
pub const FILTER_KEYS: [&str; 4] = ["route", "model", "status", "since"];

/// `query` taken apart into its filters, as `(key, value)` in the order typed, and the words
/// left to search for. A word is a filter when a known key is followed by `:` and a value;
/// other colons (`claude-3-haiku-v1:0`, a URL) are search words.
#[must_use]
pub fn filter_words(query: &str) -> (Vec<(&str, &str)>, Vec<&str>) {
    let mut filters = Vec::new();
    let mut words = Vec::new();
    for word in query.split_whitespace() {
        match word.split_once(':').filter(|(key, value)| FILTER_KEYS.contains(key) && !value.is_empty()) {
            Some(filter) => filters.push(filter),
            None => words.push(word),
        }
    }
    (filters, words)
}

/// The open history overlay.
#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    pub query: TextArea<'static>,
    pub rows: Vec<HistoryRow>,
    pub selected: usize,
    /// Why the last query failed, if it did.
    pub error: Option<String>,
    /// A conversation waiting for `y` to be deleted.
    pub confirm_delete: Option<i64>,
}

/// A demo script being presented: stored conversations replayed one step at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub name: String,
    pub steps: Vec<i64>,
    /// The step the next key plays.
    pub next: usize,
    /// The title of the step on screen (its first prompt's first line), once it has loaded.
    pub title: Option<String>,
    /// A step asked for and not loaded yet: its conversation, when it comes, gives the title.
    pub loading: bool,
}

impl Script {
    /// Script `name` of `steps`, none played yet.
    #[must_use]
    pub fn new(name: String, steps: Vec<i64>) -> Self {
        Self { name, steps, next: 0, title: None, loading: false }
    }
}

/// What opening a stored conversation is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AfterLoad {
    /// Read it; the next prompt continues it.
    #[default]
    Continue,
    /// Its earlier turns stay as context and its last prompt goes back into the editor, to be
    /// sent again on a target of the user's choosing.
    Rerun,
    /// As `Rerun`, but into the compare view: every column starts from its earlier turns.
    Compare,
    /// Play its answers again from their recorded events, with their pacing, labelled so.
    Replay,
    /// A matrix row's stored answers: read as `Continue`, the compare with the word diff on.
    MatrixRow,
}

impl AfterLoad {
    /// Whether a compare's other columns come along: to read or replay the whole compare, but
    /// not to send one conversation's prompt again.
    #[must_use]
    pub fn whole_compare(self) -> bool {
        matches!(self, AfterLoad::Continue | AfterLoad::Replay | AfterLoad::MatrixRow)
    }
}

impl HistoryView {
    /// What is typed in the search field.
    #[must_use]
    pub fn query_text(&self) -> String {
        self.query.lines().join(" ")
    }

    /// The active filters as the overlay states them: "filter: route bedrock-converse · since
    /// 2026-12-01", or `None` without any.
    #[must_use]
    pub fn filter_line(&self) -> Option<String> {
        let query = self.query_text();
        let (filters, _) = filter_words(&query);
        if filters.is_empty() {
            return None;
        }
        let parts: Vec<String> = filters.iter().map(|(key, value)| format!("{key} {value}")).collect();
        Some(format!("filter: {}", parts.join(" · ")))
    }

    /// Move the selection by `delta`, staying in the list.
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }
}

/// A stored turn, loaded back to be read and continued.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedTurn {
    /// The stored conversation it belongs to.
    pub conversation: i64,
    pub target: Target,
    pub prompt: String,
    /// The files sent with the prompt; their bytes only where the history kept them
    /// (`[history] keep_attachments`), so resending one without them is refused by `attach::check`.
    pub attachments: Vec<crate::routes::attachment::Attachment>,
    /// What came back, as the history keeps it.
    pub ended: crate::store::Ended,
    /// `Ok(true)` done, `Ok(false)` cancelled or interrupted, `Err` failed with this error.
    pub outcome: Result<bool, RunError>,
    pub credential_source: Option<String>,
    /// The turn's index in its conversation.
    pub position: u32,
    /// The stored compare group, when the turn was one column of a compare.
    pub compare_group: Option<i64>,
    /// The stream's recorded events with their timing, for a replay.
    pub events: Vec<crate::store::TimedEvent>,
    /// What was sent and received, for the inspector (absent for runs stored before routeplay
    /// kept it, and for runs that sent nothing).
    pub exchange: Option<Box<crate::routes::capture::Exchange>>,
}
