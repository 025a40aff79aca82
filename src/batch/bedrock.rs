//! Bedrock batch inference: `CreateModelInvocationJob` with records in S3 (PROTOCOLS-WAVE2 §1b).

use super::BatchContext;
use super::job::{BatchRecord, JobDetail, JobStatus, RecordResult};
use super::service::Submitted;
use crate::routes::Target;
use crate::routes::spec::BedrockInvocation;

pub async fn submit(
    context: &BatchContext,
    invocation: BedrockInvocation,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    let _ = (context.demo, invocation, target, name, records);
    todo!()
}

pub async fn status(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let _ = (context.demo, target, remote_id);
    todo!()
}

pub async fn fetch(
    context: &BatchContext,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    let _ = (context.demo, target, remote_id, detail);
    todo!()
}

pub async fn cancel(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let _ = (context.demo, target, remote_id);
    todo!()
}

/// The fewest records a job on this target may hold (the model's Service Quota; default 100,
/// `[batch.bedrock] min_records`): below it, the cells go on-demand and the user is told.
#[must_use]
pub fn minimum_records(context: &BatchContext) -> usize {
    let _ = context.demo;
    todo!()
}
