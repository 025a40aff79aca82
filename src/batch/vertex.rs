//! Vertex AI batch prediction: `batchPredictionJobs` with records in Cloud Storage
//! (PROTOCOLS-WAVE2 §1c), for Gemini and Claude.

use super::BatchContext;
use super::job::{BatchRecord, JobDetail, JobStatus, RecordResult};
use super::service::Submitted;
use crate::routes::Target;
use crate::routes::spec::VertexRecords;

pub async fn submit(
    context: &BatchContext,
    kind: VertexRecords,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    let _ = (context.demo, kind, target, name, records);
    todo!()
}

pub async fn status(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let _ = (context.demo, target, remote_id);
    todo!()
}

pub async fn fetch(
    context: &BatchContext,
    kind: VertexRecords,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    let _ = (context.demo, kind, target, remote_id, detail);
    todo!()
}

pub async fn cancel(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let _ = (context.demo, target, remote_id);
    todo!()
}
