//! Provider batch jobs, kept so that a job outlives the process that sent it.

use super::Store;
use super::error::StoreError;
use super::ids::{BatchJobId, MatrixId};

/// A batch job as stored. `detail` is `batch::JobDetail` as JSON (the store does not read it).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchJobRow {
    pub id: BatchJobId,
    pub matrix: Option<MatrixId>,
    /// `anthropic`, `bedrock` or `vertex`.
    pub provider: String,
    /// The target spec, `ROUTE[@REGION]:MODEL`.
    pub target: String,
    /// The provider's id for the job (batch id, job ARN, job resource name).
    pub remote_id: String,
    /// The provider's own state word, as last seen.
    pub state: String,
    /// The job has reached an end state.
    pub ended: bool,
    /// Its results were fetched into the history.
    pub fetched: bool,
    pub detail: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

impl Store {
    /// Store a job, or replace what is stored of it.
    pub fn save_batch_job(&self, row: &BatchJobRow) -> Result<(), StoreError> {
        todo!("{row:?}")
    }

    /// Jobs, newest first; with `unfetched_only`, only those whose results are not in yet.
    pub fn batch_jobs(&self, unfetched_only: bool) -> Result<Vec<BatchJobRow>, StoreError> {
        todo!("{unfetched_only}")
    }

    /// One job by routeplay's id, or by the provider's id (or a unique suffix of it, as
    /// users copy the tail of an ARN); `None` when none matches.
    pub fn batch_job(&self, id: &str) -> Result<Option<BatchJobRow>, StoreError> {
        todo!("{id}")
    }
}
