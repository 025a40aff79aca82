//! The writes a [`super::StoreWriter`] carries to its thread, one variant per store write.

use super::ids::{ConversationId, RunKey};
use super::run::{NewRun, RunEnd};

/// One write to the history. Ids are made by the sender ([`ConversationId::fresh`],
/// [`RunKey::fresh`]) so later commands can name what an earlier one creates.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Create a conversation, timestamped when the writer stores it.
    NewConversation { id: ConversationId, title: String },
    /// Store a run as `running`.
    StartRun { key: RunKey, run: Box<NewRun> },
    /// Replace a running run's text with everything received so far.
    AppendPartial { key: RunKey, answer: String, thinking: String },
    /// Store how a run ended.
    FinishRun { key: RunKey, end: Box<RunEnd> },
    /// Delete a conversation and its runs.
    DeleteConversation(ConversationId),
}

impl Command {
    /// What the command was meant to do, for a report of its failure.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::NewConversation { id, .. } => format!("create conversation {id}"),
            Self::StartRun { key, .. } => format!("start run {key}"),
            Self::AppendPartial { key, .. } => format!("save the partial text of run {key}"),
            Self::FinishRun { key, .. } => format!("finish run {key}"),
            Self::DeleteConversation(id) => format!("delete conversation {id}"),
        }
    }
}
