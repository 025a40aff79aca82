//! The writes a [`super::StoreWriter`] carries to its thread, one variant per store write.

use super::batch_job::BatchJobRow;
use super::ids::{ConversationId, RunKey};
use super::matrix::{CellRow, MatrixRow};
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
    /// Store a new matrix's plan.
    NewMatrix(Box<MatrixRow>),
    /// Store a cell's outcome, replacing what the cell held.
    SaveCell(Box<CellRow>),
    /// Store a batch job, or its new state, replacing what the job held.
    SaveBatchJob(Box<BatchJobRow>),
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
            Self::NewMatrix(row) => format!("create matrix {}", row.id),
            Self::SaveCell(row) => {
                format!("save cell {}/{}/{} of matrix {}", row.prompt, row.target, row.sample, row.matrix)
            }
            Self::SaveBatchJob(row) => format!("save batch job {}", row.id),
        }
    }
}
