//! Submit, status, fetch and cancel, dispatched on the route's batch service.

use super::job::{BatchRecord, JobDetail, JobStatus, RecordResult};
use super::{BatchContext, anthropic, bedrock, vertex};
use crate::routes::Target;
use crate::routes::spec::BatchApi;

/// A job the provider accepted: its id there, and what fetching it will need.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    pub remote_id: String,
    pub detail: JobDetail,
}

/// Send `records` to `target` as one job named `name`.
pub async fn submit(
    context: &BatchContext,
    api: BatchApi,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    match api {
        BatchApi::AnthropicMessageBatches => anthropic::submit(context, target, name, records).await,
        BatchApi::BedrockInvocationJob { invocation } => {
            bedrock::submit(context, invocation, target, name, records).await
        }
        BatchApi::VertexBatchPrediction { records: kind } => vertex::submit(context, kind, target, name, records).await,
    }
}

/// The job's state now.
pub async fn status(
    context: &BatchContext,
    api: BatchApi,
    target: &Target,
    remote_id: &str,
) -> Result<JobStatus, String> {
    match api {
        BatchApi::AnthropicMessageBatches => anthropic::status(context, target, remote_id).await,
        BatchApi::BedrockInvocationJob { .. } => bedrock::status(context, target, remote_id).await,
        BatchApi::VertexBatchPrediction { .. } => vertex::status(context, target, remote_id).await,
    }
}

/// Every record's result of an ended job.
pub async fn fetch(
    context: &BatchContext,
    api: BatchApi,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    match api {
        BatchApi::AnthropicMessageBatches => anthropic::fetch(context, target, remote_id, detail).await,
        BatchApi::BedrockInvocationJob { .. } => bedrock::fetch(context, target, remote_id, detail).await,
        BatchApi::VertexBatchPrediction { records } => vertex::fetch(context, records, target, remote_id, detail).await,
    }
}

/// Ask the provider to stop the job; returns its state after asking.
pub async fn cancel(
    context: &BatchContext,
    api: BatchApi,
    target: &Target,
    remote_id: &str,
) -> Result<JobStatus, String> {
    match api {
        BatchApi::AnthropicMessageBatches => anthropic::cancel(context, target, remote_id).await,
        BatchApi::BedrockInvocationJob { .. } => bedrock::cancel(context, target, remote_id).await,
        BatchApi::VertexBatchPrediction { .. } => vertex::cancel(context, target, remote_id).await,
    }
}
