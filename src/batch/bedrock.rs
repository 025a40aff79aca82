//! Bedrock batch inference: `CreateModelInvocationJob` with records in S3 (PROTOCOLS-WAVE2 §1b).
//!
//! Input: `s3://{bucket}/{prefix}{job-name}/input.jsonl`, one `{recordId, modelInput}` per
//! line. Output: Bedrock writes under `{prefix}{job-name}/output/`; the `{jobId}/` folder and
//! the `.jsonl.out` names are not confirmed, so fetching lists `{output}/{jobId}/`, else the whole
//! output prefix, and reads every `.jsonl.out` there, matching lines by `recordId`.

use super::BatchContext;
use super::bedrock_output::{read_output, state_of};
use super::cloud_config::{self, BedrockPlace};
use super::cloud_http::{self, CallError};
use super::cloud_records::{count, record_body};
use super::cloud_setup::{self, AwsBatch};
use super::job::{BatchRecord, JobCounts, JobDetail, JobStatus, RecordResult};
use super::service::Submitted;
use super::storage;
use crate::auth::aws::sigv4::encode_path_segment;
use crate::routes::Target;
use crate::routes::spec::BedrockInvocation;
use serde_json::{Value, json};

/// Bedrock's default per-model minimum records per job (a Service Quota).
pub const DEFAULT_MIN_RECORDS: usize = 100;

pub async fn submit(
    context: &BatchContext,
    invocation: BedrockInvocation,
    target: &Target,
    name: &str,
    records: &[BatchRecord],
) -> Result<Submitted, String> {
    let place = cloud_config::bedrock(&context.config.batch.bedrock)?;
    let minimum = minimum_records(context);
    if records.len() < minimum {
        return Err(format!(
            "bedrock · {}: a Bedrock batch job takes at least {minimum} records, this one has {}: send these \
             cells on-demand, or lower [batch.bedrock] min_records if your quota for the model is lower",
            target.model,
            records.len()
        ));
    }
    let aws = cloud_setup::aws(context, target).await?;
    let job_name = cloud_config::job_name(name);
    let folder = format!("{}{job_name}/", place.prefix);
    let bucket = storage::s3(&aws, &context.config.network, &place.bucket)?;
    let input_key = format!("{folder}input.jsonl");
    bucket.put(&input_key, input_lines(target, records)).await.map_err(|error| fail(target, "", &error))?;
    let body = create_body(
        &place,
        invocation,
        target,
        &job_name,
        &bucket.uri(&input_key),
        &bucket.uri(&format!("{folder}output/")),
    );
    let url = format!("{}/model-invocation-job", aws.control_url);
    let created = cloud_http::aws_json(context, &aws, "POST", &url, Some(&body))
        .await
        .map_err(|error| call_failed(target, "", &error))?;
    let remote_id = created
        .get("jobArn")
        .and_then(Value::as_str)
        .ok_or_else(|| fail(target, "", "CreateModelInvocationJob answered without a jobArn"))?
        .to_owned();
    let status = JobStatus {
        state: super::JobState::Queued,
        raw_state: "Submitted".into(),
        counts: JobCounts { total: records.len() as u64, processing: records.len() as u64, ..JobCounts::default() },
        message: None,
        output: body.pointer("/outputDataConfig/s3OutputDataConfig/s3Uri").and_then(Value::as_str).map(str::to_owned),
    };
    let detail = JobDetail {
        records: records.iter().map(|record| (record.custom_id.clone(), record.cell)).collect(),
        input: Some(bucket.uri(&input_key)),
        status,
    };
    Ok(Submitted { remote_id, detail })
}

/// One `{recordId, modelInput}` line per record.
fn input_lines(target: &Target, records: &[BatchRecord]) -> Vec<u8> {
    let mut lines = Vec::new();
    for record in records {
        let line = json!({ "recordId": record.custom_id, "modelInput": record_body(target, &record.request) });
        lines.extend(line.to_string().into_bytes());
        lines.push(b'\n');
    }
    lines
}

/// The `CreateModelInvocationJob` body.
fn create_body(
    place: &BedrockPlace,
    invocation: BedrockInvocation,
    target: &Target,
    job_name: &str,
    input_uri: &str,
    output_uri: &str,
) -> Value {
    let invocation_type = match invocation {
        BedrockInvocation::InvokeModel => "InvokeModel",
        BedrockInvocation::Converse => "Converse",
    };
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_nanos());
    json!({
        "jobName": job_name,
        "roleArn": place.role_arn,
        "modelId": target.model,
        "inputDataConfig": { "s3InputDataConfig": { "s3Uri": input_uri, "s3InputFormat": "JSONL" } },
        "outputDataConfig": { "s3OutputDataConfig": { "s3Uri": output_uri } },
        "modelInvocationType": invocation_type,
        "timeoutDurationInHours": place.timeout_hours,
        "clientRequestToken": format!("routeplay-{job_name}-{nanos}"),
    })
}

/// `GetModelInvocationJob`, as it answered.
async fn get_job(context: &BatchContext, aws: &AwsBatch, remote_id: &str) -> Result<Value, CallError> {
    let url = format!("{}/model-invocation-job/{}", aws.control_url, encode_path_segment(remote_id));
    cloud_http::aws_json(context, aws, "GET", &url, None).await
}

pub async fn status(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let aws = cloud_setup::aws(context, target).await?;
    let job = get_job(context, &aws, remote_id).await.map_err(|error| call_failed(target, remote_id, &error))?;
    Ok(job_status(&job))
}

/// A `GetModelInvocationJob` answer in routeplay's words.
#[must_use]
pub fn job_status(job: &Value) -> JobStatus {
    let raw_state = job.get("status").and_then(Value::as_str).unwrap_or("").to_owned();
    let number = |name: &str| count(job.get(name)).unwrap_or(0);
    let (total, processed) = (number("totalRecordCount"), number("processedRecordCount"));
    let state = state_of(&raw_state);
    let counts = JobCounts {
        total,
        processing: if state.is_end() { 0 } else { total.saturating_sub(processed) },
        succeeded: number("successRecordCount"),
        failed: number("errorRecordCount"),
        cancelled: if matches!(raw_state.as_str(), "Stopped") { total.saturating_sub(processed) } else { 0 },
        expired: if matches!(raw_state.as_str(), "Expired" | "PartiallyCompleted") {
            total.saturating_sub(processed)
        } else {
            0
        },
    };
    JobStatus {
        state,
        raw_state,
        counts,
        message: job.get("message").and_then(Value::as_str).filter(|m| !m.is_empty()).map(str::to_owned),
        output: job.pointer("/outputDataConfig/s3OutputDataConfig/s3Uri").and_then(Value::as_str).map(str::to_owned),
    }
}

pub async fn fetch(
    context: &BatchContext,
    target: &Target,
    remote_id: &str,
    detail: &JobDetail,
) -> Result<Vec<RecordResult>, String> {
    let aws = cloud_setup::aws(context, target).await?;
    let job = get_job(context, &aws, remote_id).await.map_err(|error| call_failed(target, remote_id, &error))?;
    let status = job_status(&job);
    let (output, bucket_name) =
        storage::output_of(&status, detail, "s3://").map_err(|problem| fail(target, remote_id, &problem))?;
    let bucket = storage::s3(&aws, &context.config.network, &bucket_name)?;
    let prefix = bucket.key_of(&output).unwrap_or("").trim_end_matches('/').to_owned();
    // The job's own folder first, so an earlier job of the same name under the same prefix is
    // not read; the whole prefix when that folder holds nothing (its layout is unconfirmed).
    let job_id = remote_id.rsplit('/').next().unwrap_or(remote_id);
    let folder = if prefix.is_empty() { job_id.to_owned() } else { format!("{prefix}/{job_id}") };
    let converse = job.get("modelInvocationType").and_then(Value::as_str) == Some("Converse");
    read_output(&bucket, &[&folder, &prefix], converse, detail, &status)
        .await
        .map_err(|error| fail(target, remote_id, &error))
}

pub async fn cancel(context: &BatchContext, target: &Target, remote_id: &str) -> Result<JobStatus, String> {
    let aws = cloud_setup::aws(context, target).await?;
    let url = format!("{}/model-invocation-job/{}/stop", aws.control_url, encode_path_segment(remote_id));
    cloud_http::aws_json(context, &aws, "POST", &url, None)
        .await
        .map_err(|error| call_failed(target, remote_id, &error))?;
    status(context, target, remote_id).await
}

/// The fewest records a job on this target may hold (the model's Service Quota; default 100,
/// `[batch.bedrock] min_records`): below it, the cells go on-demand and the user is told.
#[must_use]
pub fn minimum_records(context: &BatchContext) -> usize {
    context.config.batch.bedrock.min_records.unwrap_or(DEFAULT_MIN_RECORDS)
}

/// One line: provider, model, job, what failed.
fn fail(target: &Target, job: &str, problem: &str) -> String {
    let job = if job.is_empty() { String::new() } else { format!(" · job {job}") };
    format!("bedrock · {}{job}: {problem}", target.model)
}

fn call_failed(target: &Target, job: &str, error: &CallError) -> String {
    let hint = match error.status {
        Some(403) => "; check the credentials can call bedrock:*ModelInvocationJob* in this region",
        Some(404) => "; the job is not in this region or account",
        _ => "",
    };
    fail(target, job, &format!("{error}{hint}"))
}
