//! The spec's word for a route's batch service: which provider job API runs a matrix's
//! cells at the batch price, and the shape of its records. Read by `batch/service.rs`.

/// A provider's batch service: jobs of many non-streaming requests at half the price, read by
/// `batch/`. Shapes, limits and states: PROTOCOLS-WAVE2.md section 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchApi {
    /// Anthropic's Message Batches, `{base}/v1/messages/batches`: records `{custom_id, params}`
    /// with the Messages body (no `stream`), results as JSONL from `results_url`.
    AnthropicMessageBatches,
    /// Bedrock's `CreateModelInvocationJob` on the control plane (`bedrock.{region}`), records
    /// `{recordId, modelInput}` as JSONL in S3, read and written by a service role.
    BedrockInvocationJob { invocation: BedrockInvocation },
    /// Vertex AI's `batchPredictionJobs`, records as JSONL in Cloud Storage.
    VertexBatchPrediction { records: VertexRecords },
}

/// Which runtime API a Bedrock batch job's records are bodies of (`modelInvocationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BedrockInvocation {
    /// The InvokeModel body of the model's provider (for Claude, the Bedrock Messages body).
    InvokeModel,
    /// The Converse request body.
    Converse,
}

/// The record shape of a Vertex batch prediction job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VertexRecords {
    /// `{"request": GenerateContentRequest}`; no id field, joined by the echoed request.
    Gemini,
    /// `{"custom_id", "request": Messages body with anthropic_version vertex-2023-10-16}`.
    Claude,
}
