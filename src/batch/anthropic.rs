//! Anthropic's Message Batches (PROTOCOLS-WAVE2 §1a).

use super::BatchContext;
use super::job::{BatchRecord, JobDetail, JobStatus, RecordResult};
use super::service::Submitted;
use crate::routes::Target;

pub async fn submit(
    context: &BatchContext,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    let _ = (context.demo, target, name, records);
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
