//! A batch job in routeplay's own words, whichever provider runs it.

use crate::matrix::CellKey;
use crate::routes::event::{StopReason, Usage};
use crate::routes::request::ChatRequest;
use crate::routes::spec::BatchApi;
use serde::{Deserialize, Serialize};

/// Who runs the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Anthropic,
    Bedrock,
    Vertex,
}

impl Provider {
    #[must_use]
    pub fn of(api: BatchApi) -> Self {
        match api {
            BatchApi::AnthropicMessageBatches => Self::Anthropic,
            BatchApi::BedrockInvocationJob { .. } => Self::Bedrock,
            BatchApi::VertexBatchPrediction { .. } => Self::Vertex,
        }
    }

    /// The word the store keeps.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anthropic => "anthropic",
            Self::Bedrock => "bedrock",
            Self::Vertex => "vertex",
        }
    }
}

/// A job's state, mapped from the provider's own word (kept beside it in [`JobStatus`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Accepted, waiting to be checked or to start.
    Queued,
    /// Its input is being checked (Bedrock's `Validating`).
    Validating,
    Running,
    Cancelling,
    Succeeded,
    /// Ended with some records not processed (Bedrock's `PartiallyCompleted`, Vertex's
    /// `JOB_STATE_PARTIALLY_SUCCEEDED`).
    PartiallySucceeded,
    Failed,
    Cancelled,
    Expired,
}

impl JobState {
    /// No further change will come: its results, if any, can be fetched.
    #[must_use]
    pub fn is_end(self) -> bool {
        matches!(self, Self::Succeeded | Self::PartiallySucceeded | Self::Failed | Self::Cancelled | Self::Expired)
    }
}

/// How many records stand where. Providers count differently: Anthropic only splits its
/// counts when the batch ends, Bedrock counts as it goes, Vertex on its own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JobCounts {
    pub total: u64,
    pub processing: u64,
    pub succeeded: u64,
    pub failed: u64,
    pub cancelled: u64,
    pub expired: u64,
}

/// A job as its provider last described it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobStatus {
    pub state: JobState,
    /// The provider's own word (`in_progress`, `PartiallyCompleted`, `JOB_STATE_RUNNING`).
    pub raw_state: String,
    pub counts: JobCounts,
    /// Why it failed, when the provider says.
    pub message: Option<String>,
    /// Where the results are: Anthropic's `results_url`, the S3 or Cloud Storage output prefix.
    pub output: Option<String>,
}

/// One record of a job: the cell it answers, its id in the job, and its request.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRecord {
    /// The record's id in the job: Anthropic's `custom_id`, Bedrock's `recordId`, Vertex
    /// Claude's `custom_id` (Vertex Gemini has none: its records join by position).
    pub custom_id: String,
    pub cell: CellKey,
    pub request: ChatRequest,
}

/// What a stored job keeps for fetching it later: which record answers which cell, where
/// the input went, and the status last seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    /// Record ids with their cells, in the order they were sent.
    pub records: Vec<(String, CellKey)>,
    /// Where the input records were written (S3 or Cloud Storage URI), where they were.
    pub input: Option<String>,
    pub status: JobStatus,
}

/// One record's result.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordResult {
    pub custom_id: String,
    /// The answer, or why the record failed (the provider's error, one line), or that it was
    /// cancelled or expired.
    pub outcome: Result<BatchAnswer, String>,
}

/// A non-streamed answer, as a batch returns it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchAnswer {
    pub text: String,
    pub thinking: String,
    pub usage: Usage,
    pub stop_reason: Option<StopReason>,
    /// The model the provider says answered, when it says.
    pub model_version: Option<String>,
    pub message_id: Option<String>,
}
