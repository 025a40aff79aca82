//! Vertex AI batch prediction: `batchPredictionJobs` with records in Cloud Storage
//! (PROTOCOLS-WAVE2 §1c), for Gemini and Claude.
//!
//! Input: `gs://{bucket}/{prefix}{job-name}/input.jsonl`; Gemini lines `{"request": …}`,
//! Claude lines `{"custom_id", "request": …}`. Output: Vertex writes a
//! `prediction-model-{timestamp}/` folder under `{prefix}{job-name}/output/` and names it in
//! `outputInfo.gcsOutputDirectory`.

use super::BatchContext;
use super::cloud_config;
use super::cloud_http::{self, CallError};
use super::cloud_records::record_body;
use super::cloud_setup::{self, GoogleBatch};
use super::job::{BatchRecord, JobCounts, JobDetail, JobState, JobStatus, RecordResult};
use super::service::Submitted;
use super::storage::{self, Bucket};
use super::vertex_output::{job_status, read_output};
use crate::routes::Target;
use crate::routes::spec::VertexRecords;
use serde_json::{Value, json};

/// Vertex's display names are at most this long.
const MAX_DISPLAY_NAME: usize = 128;

pub async fn submit(
    context: &BatchContext,
    kind: VertexRecords,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    let place = cloud_config::vertex(&context.config.batch.vertex)?;
    let google = cloud_setup::google(context, target).await?;
    let folder = format!("{}{}/", place.prefix, cloud_config::job_name(name));
    let bucket = gcs(context, &google, &place.bucket)?;
    let input_key = format!("{folder}input.jsonl");
    bucket.put(&input_key, input_lines(kind, target, records)).await.map_err(|error| fail(target, "", &error))?;
    let output_prefix = bucket.uri(&format!("{folder}output"));
    let publisher = match kind {
        VertexRecords::Gemini => "google",
        VertexRecords::Claude => "anthropic",
    };
    let body = json!({
        "displayName": name.chars().take(MAX_DISPLAY_NAME).collect::<String>(),
        "model": format!("publishers/{publisher}/models/{}", target.model),
        "inputConfig": { "instancesFormat": "jsonl", "gcsSource": { "uris": [bucket.uri(&input_key)] } },
        "outputConfig": { "predictionsFormat": "jsonl", "gcsDestination": { "outputUriPrefix": output_prefix } },
    });
    let url =
        format!("{}/v1/projects/{}/locations/{}/batchPredictionJobs", google.base_url, google.project, google.location);
    let created = cloud_http::google_json(context, &google, "POST", &url, Some(&body))
        .await
        .map_err(|error| call_failed(target, "", &error))?;
    let remote_id = created
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| fail(target, "", "batchPredictionJobs.create answered without a job name"))?
        .to_owned();
    let total = records.len() as u64;
    let detail = JobDetail {
        records: records.iter().map(|record| (record.custom_id.clone(), record.cell)).collect(),
        input: Some(bucket.uri(&input_key)),
        status: JobStatus {
            state: JobState::Queued,
            raw_state: created.get("state").and_then(Value::as_str).unwrap_or("JOB_STATE_PENDING").to_owned(),
            counts: JobCounts { total, processing: total, ..JobCounts::default() },
            message: None,
            output: Some(output_prefix),
        },
    };
    Ok(Submitted { remote_id, detail })
}

/// One record per line, in order (Gemini's are joined back by their echoed request).
fn input_lines(kind: VertexRecords, target: &Target, records: &[BatchRecord]) -> Vec<u8> {
    let mut lines = Vec::new();
    for record in records {
        let request = record_body(target, &record.request);
        let line = match kind {
            VertexRecords::Gemini => json!({ "request": request }),
            VertexRecords::Claude => json!({ "custom_id": record.custom_id, "request": request }),
        };
        lines.extend(line.to_string().into_bytes());
        lines.push(b'\n');
    }
    lines
}

fn gcs(context: &BatchContext, google: &GoogleBatch, name: &str) -> Result<Bucket, String> {
    storage::gcs(google, &context.google_tokens, &context.config.network, name)
}

/// `{host}/v1/{job name}` plus `suffix`.
fn job_url(google: &GoogleBatch, remote_id: &str, suffix: &str) -> String {
    format!("{}/v1/{}{suffix}", google.base_url, remote_id.trim_start_matches('/'))
}

async fn get_job(context: &BatchContext, google: &GoogleBatch, remote_id: &str) -> Result<Value, CallError> {
    cloud_http::google_json(context, google, "GET", &job_url(google, remote_id, ""), None).await
}

pub async fn status(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let google = cloud_setup::google(context, target).await?;
    let job = get_job(context, &google, remote_id).await.map_err(|error| call_failed(target, remote_id, &error))?;
    Ok(job_status(&job))
}

pub async fn fetch(
    context: &BatchContext,
    kind: VertexRecords,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    let google = cloud_setup::google(context, target).await?;
    let job = get_job(context, &google, remote_id).await.map_err(|error| call_failed(target, remote_id, &error))?;
    let status = job_status(&job);
    let (output, bucket_name) =
        storage::output_of(&status, detail, "gs://").map_err(|problem| fail(target, remote_id, &problem))?;
    let bucket = gcs(context, &google, &bucket_name)?;
    let prefix = bucket.key_of(&output).unwrap_or("").to_owned();
    // Gemini lines are joined to the requests as sent, read back from the input object.
    let input = match (kind, detail.input.as_deref().and_then(|uri| uri.strip_prefix("gs://"))) {
        (VertexRecords::Gemini, Some(path)) => {
            let (name, key) = path.split_once('/').unwrap_or((path, ""));
            let input_bucket = gcs(context, &google, name)?;
            Some(input_bucket.get(key).await.map_err(|error| fail(target, remote_id, &error))?)
        }
        _ => None,
    };
    read_output(&bucket, &prefix, kind, input.as_deref(), detail, &status)
        .await
        .map_err(|error| fail(target, remote_id, &error))
}

pub async fn cancel(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let google = cloud_setup::google(context, target).await?;
    cloud_http::google_json(context, &google, "POST", &job_url(&google, remote_id, ":cancel"), Some(&json!({})))
        .await
        .map_err(|error| call_failed(target, remote_id, &error))?;
    status(context, target, remote_id).await
}

fn fail(target: &Target, job: &str, problem: &str) -> String {
    let job = if job.is_empty() { String::new() } else { format!(" · job {job}") };
    format!("vertex · {}{job}: {problem}", target.model)
}

fn call_failed(target: &Target, job: &str, error: &CallError) -> String {
    let hint = match error.status {
        Some(403) => "; check the credentials hold aiplatform.batchPredictionJobs.* and storage access in the project",
        Some(404) => "; the job is not in this project and location",
        Some(429) => "; Vertex allows few concurrent batch jobs per project (4 for Claude): wait for one to end",
        _ => "",
    };
    fail(target, job, &format!("{error}{hint}"))
}
