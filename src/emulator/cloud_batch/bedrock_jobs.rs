//! Bedrock's `model-invocation-job` operations (BCC `CreateModelInvocationJob`,
//! `GetModelInvocationJob`, `ListModelInvocationJobs`, `StopModelInvocationJob`), with their
//! records read from and written to the S3 stand-in: output at
//! `{outputUri}/{jobId}/{input file}.out` plus `manifest.json.out`.

use super::bedrock_input::{self, S3Uri};
use super::jobs::{Done, Job, Phase, Provider, Record, tick};
use super::worker::{Place, Surface};
use crate::emulator::bedrock::AWS_DEMO_ACCOUNT;
use crate::emulator::bedrock::auth::Caller;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Submitted, Validating, Scheduled.
const QUEUED_STEPS: u32 = 3;

/// One Bedrock job: what it was created with, and where its output goes.
pub struct BedrockJob {
    pub arn: String,
    pub id: String,
    /// The create request's fields, echoed by Get and List.
    pub request: Value,
    pub input: S3Uri,
    pub output: S3Uri,
}

/// An AWS JSON error: the status, `x-amzn-ErrorType` and `{"message"}`.
pub fn aws_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    let mut response = (status, Json(json!({ "message": message }))).into_response();
    response.headers_mut().insert(HeaderName::from_static("x-amzn-errortype"), HeaderValue::from_static(code));
    response
}

fn validation(message: &str) -> Response {
    aws_error(StatusCode::BAD_REQUEST, "ValidationException", message)
}

/// `POST /model-invocation-job`.
pub async fn create(
    State(state): State<Arc<EmulatorState>>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Response {
    let request = match bedrock_input::check_create(&body) {
        Ok(request) => request,
        Err(message) => return validation(&message),
    };
    let token = request.get("clientRequestToken").and_then(Value::as_str);
    for job in state.cloud_batch.bedrock.all() {
        let job = job.lock().await;
        if token.is_some() && job.provider.request.get("clientRequestToken").and_then(Value::as_str) == token {
            return Json(json!({ "jobArn": job.provider.arn })).into_response();
        }
    }
    let region = caller.region.unwrap_or_else(|| crate::routes::bedrock::SHOWN_REGION.to_owned());
    let id = job_id(state.next_serial(), state.salt);
    let arn = format!("arn:aws:bedrock:{region}:{AWS_DEMO_ACCOUNT}:model-invocation-job/{id}");
    let (Some(input), Some(output)) = (
        request.pointer("/inputDataConfig/s3InputDataConfig/s3Uri").and_then(Value::as_str).and_then(S3Uri::parse),
        request.pointer("/outputDataConfig/s3OutputDataConfig/s3Uri").and_then(Value::as_str).and_then(S3Uri::parse),
    ) else {
        return validation("The provided S3 URI is not valid.");
    };
    let surface = match request.get("modelInvocationType").and_then(Value::as_str) {
        Some("Converse") => Surface::Converse,
        _ => Surface::Invoke,
    };
    let model = request.get("modelId").and_then(Value::as_str).unwrap_or_default().to_owned();
    let place = Place { model, project: String::new(), location: String::new() };
    let provider = BedrockJob { arn: arn.clone(), id: id.clone(), request, input, output };
    let step = state.options.batch_step;
    let Some(job) = state.cloud_batch.bedrock.insert(&id, Job::new(provider, surface, place, step, QUEUED_STEPS))
    else {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "ServiceQuotaExceededException",
            &format!("The emulator keeps at most {} batch jobs; restart it to clear them.", super::MAX_JOBS),
        );
    };
    tick(&state, job, step);
    Json(json!({ "jobArn": arn })).into_response()
}

/// 12 lowercase letters and digits.
fn job_id(serial: u64, salt: u64) -> String {
    let mut value = ids::mix(serial ^ salt ^ ids::fnv1a(&["model-invocation-job"]));
    (0..12)
        .map(|_| {
            let digit = u32::try_from(value % 36).unwrap_or(0);
            value /= 36;
            char::from_digit(digit, 36).unwrap_or('0')
        })
        .collect()
}

/// The job named by an ARN or its id.
fn find(state: &EmulatorState, identifier: &str) -> Option<Arc<tokio::sync::Mutex<Job<BedrockJob>>>> {
    state.cloud_batch.bedrock.find(identifier.rsplit('/').next().unwrap_or(identifier))
}

fn not_found(identifier: &str) -> Response {
    aws_error(StatusCode::NOT_FOUND, "ResourceNotFoundException", &format!("Job {identifier} was not found."))
}

/// `GET /model-invocation-job/{jobIdentifier}`.
pub async fn get(State(state): State<Arc<EmulatorState>>, Path(identifier): Path<String>) -> Response {
    let Some(job) = find(&state, &identifier) else { return not_found(&identifier) };
    let mut job = job.lock().await;
    job.advance(&state, Instant::now()).await;
    Json(describe(&job)).into_response()
}

/// `POST /model-invocation-job/{jobIdentifier}/stop`.
pub async fn stop(State(state): State<Arc<EmulatorState>>, Path(identifier): Path<String>) -> Response {
    let Some(job) = find(&state, &identifier) else { return not_found(&identifier) };
    let mut job = job.lock().await;
    match job.stop(&state).await {
        Ok(()) => Json(json!({})).into_response(),
        Err(()) => aws_error(
            StatusCode::BAD_REQUEST,
            "ConflictException",
            &format!("Job {} is in status {} and cannot be stopped.", job.provider.arn, status_word(&job)),
        ),
    }
}

/// `GET /model-invocation-jobs?statusEquals=&nameContains=&maxResults=&nextToken=&sortOrder=`.
pub async fn list(State(state): State<Arc<EmulatorState>>, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let max = match value("maxResults").map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(max)) if (1..=1000).contains(&max) => max,
        Some(_) => {
            return validation(
                "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000",
            );
        }
    };
    let skip = value("nextToken").and_then(|token| token.parse::<usize>().ok()).unwrap_or(0);
    let mut summaries = Vec::new();
    for job in state.cloud_batch.bedrock.all() {
        let mut job = job.lock().await;
        job.advance(&state, Instant::now()).await;
        let summary = describe(&job);
        let name = summary.get("jobName").and_then(Value::as_str).unwrap_or_default();
        if value("statusEquals").is_some_and(|status| status != status_word(&job))
            || value("nameContains").is_some_and(|part| !name.contains(part))
        {
            continue;
        }
        summaries.push(summary);
    }
    if value("sortOrder") != Some("Ascending") {
        summaries.reverse();
    }
    let total = summaries.len();
    let page: Vec<Value> = summaries.into_iter().skip(skip).take(max).collect();
    let mut answer = json!({ "invocationJobSummaries": page });
    if skip + max < total {
        answer["nextToken"] = Value::from((skip + max).to_string());
    }
    Json(answer).into_response()
}

/// Bedrock's word for where `job` stands.
fn status_word(job: &Job<BedrockJob>) -> &'static str {
    let (processed, failed) = job.counts();
    match &job.phase {
        Phase::Queued(0) => "Submitted",
        Phase::Queued(1) => "Validating",
        Phase::Queued(_) => "Scheduled",
        Phase::Running => "InProgress",
        Phase::Stopping => "Stopping",
        Phase::Stopped => "Stopped",
        Phase::Failed(_) => "Failed",
        Phase::Finished if failed > 0 && failed == processed => "Failed",
        Phase::Finished if failed > 0 => "PartiallyCompleted",
        Phase::Finished => "Completed",
    }
}

fn time(at: SystemTime) -> Value {
    Value::from(DateTime::from(at).fmt(Format::DateTime).unwrap_or_default())
}

/// The Get answer (List's summaries are the same fields).
fn describe(job: &Job<BedrockJob>) -> Value {
    let mut answer = job.provider.request.clone();
    let (processed, failed) = job.counts();
    let hours = job.provider.request.get("timeoutDurationInHours").and_then(Value::as_u64).unwrap_or(24);
    let fields = [
        ("jobArn", Value::from(job.provider.arn.as_str())),
        ("status", Value::from(status_word(job))),
        ("submitTime", time(job.created)),
        ("lastModifiedTime", time(job.updated)),
        ("timeoutDurationInHours", Value::from(hours)),
        ("jobExpirationTime", time(job.created + Duration::from_secs(hours * 3600))),
    ];
    for (name, value) in fields {
        answer[name] = value;
    }
    if !matches!(job.phase, Phase::Queued(_)) {
        answer["totalRecordCount"] = Value::from(job.records.len());
        answer["processedRecordCount"] = Value::from(processed);
        answer["successRecordCount"] = Value::from(processed - failed);
        answer["errorRecordCount"] = Value::from(failed);
    }
    if let Some(ended) = job.ended {
        answer["endTime"] = time(ended);
    }
    match &job.phase {
        Phase::Failed(reason) => answer["message"] = Value::from(reason.as_str()),
        Phase::Finished if failed > 0 && failed == processed => {
            answer["message"] = Value::from("Every record failed; see the output for each record's error.");
        }
        _ => {}
    }
    answer
}

impl Provider for BedrockJob {
    fn read_input(&self, state: &EmulatorState) -> Result<Vec<Record>, String> {
        bedrock_input::read(&state.cloud_batch.objects, &self.input)
    }

    fn write_output(&mut self, state: &EmulatorState, done: &[Done], ended: bool) -> Result<(), String> {
        bedrock_input::write(&state.cloud_batch.objects, &self.output, &self.id, done, ended)
    }
}
