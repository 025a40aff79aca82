//! Vertex AI's `batchPredictionJobs` (create, get, list, `:cancel`) under `/v1`, in Google's
//! error shapes, with records in the Cloud Storage stand-in.

use super::jobs::{Done, Job, Phase, Provider, Record, tick};
use super::vertex_input::{self, GcsUri};
use super::worker::{Place, Surface};
use crate::emulator::google::error::GoogleError;
use crate::emulator::google::place::check_location;
use crate::emulator::ids;
use crate::emulator::state::EmulatorState;
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

/// QUEUED, PENDING.
const QUEUED_STEPS: u32 = 2;
/// A list page holds at most this many jobs.
const MAX_PAGE: usize = 100;

/// One Vertex job: its resource name, the create request, and where its output went.
pub struct VertexJob {
    pub name: String,
    pub request: Value,
    inputs: Vec<GcsUri>,
    output: GcsUri,
    /// Which surface answers its records (Gemini or Claude, by the model's publisher).
    surface: Surface,
    /// The `prediction-model-{timestamp}` folder (a key), once the job started writing.
    directory: Option<String>,
}

fn time(at: SystemTime) -> String {
    DateTime::from(at).fmt(Format::DateTime).unwrap_or_default()
}

/// `POST /v1/projects/{p}/locations/{l}/batchPredictionJobs`.
pub async fn create(
    State(state): State<Arc<EmulatorState>>,
    Path((project, location)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(error) = check_location(&location) {
        return error.into_response();
    }
    let (request, surface, model) = match vertex_input::check_create(&body) {
        Ok(checked) => checked,
        Err(message) => return GoogleError::invalid(message).into_response(),
    };
    let serial = state.next_serial();
    let id =
        (ids::mix(serial ^ state.salt ^ ids::fnv1a(&["batchPredictionJobs"])) % 10_000_000_000_000_000_000).to_string();
    let name = format!("projects/{project}/locations/{location}/batchPredictionJobs/{id}");
    let uris = request.pointer("/inputConfig/gcsSource/uris").and_then(Value::as_array);
    let inputs = uris.into_iter().flatten().filter_map(|uri| uri.as_str().and_then(GcsUri::parse)).collect();
    let prefix = request.pointer("/outputConfig/gcsDestination/outputUriPrefix").and_then(Value::as_str);
    let Some(output) = prefix.and_then(GcsUri::parse) else {
        return GoogleError::invalid("outputUriPrefix is not a gs:// URI.").into_response();
    };
    let provider = VertexJob { name, request, inputs, output, surface, directory: None };
    let place = Place { model, project, location };
    let step = state.options.batch_step;
    let Some(job) = state.cloud_batch.vertex.insert(&id, Job::new(provider, surface, place, step, QUEUED_STEPS)) else {
        return GoogleError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "RESOURCE_EXHAUSTED",
            format!("The emulator keeps at most {} batch prediction jobs; restart it to clear them.", super::MAX_JOBS),
        )
        .into_response();
    };
    let answer = describe(&*job.lock().await);
    tick(&state, job, step);
    Json(answer).into_response()
}

fn not_found(id: &str) -> Response {
    GoogleError::not_found(format!("The BatchPredictionJob does not exist: {id}")).into_response()
}

/// `GET …/batchPredictionJobs/{id}`.
pub async fn get(
    State(state): State<Arc<EmulatorState>>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Response {
    let Some(job) = state.cloud_batch.vertex.find(&id) else { return not_found(&id) };
    let mut job = job.lock().await;
    job.advance(&state, Instant::now()).await;
    Json(describe(&job)).into_response()
}

/// `POST …/batchPredictionJobs/{id}:cancel`.
pub async fn cancel(
    State(state): State<Arc<EmulatorState>>,
    Path((_, _, segment)): Path<(String, String, String)>,
) -> Response {
    let Some(id) = segment.strip_suffix(":cancel") else {
        return GoogleError::not_found(format!("No such method on a BatchPredictionJob: {segment}")).into_response();
    };
    let Some(job) = state.cloud_batch.vertex.find(id) else { return not_found(id) };
    let mut job = job.lock().await;
    match job.stop(&state).await {
        Ok(()) => Json(json!({})).into_response(),
        Err(()) => GoogleError::new(
            StatusCode::BAD_REQUEST,
            "FAILED_PRECONDITION",
            format!("BatchPredictionJob {} is already in terminal state: {}.", job.provider.name, state_word(&job)),
        )
        .into_response(),
    }
}

/// `GET …/batchPredictionJobs?pageSize=&pageToken=`.
pub async fn list(
    State(state): State<Arc<EmulatorState>>,
    Path((project, location)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let size = value("pageSize")
        .and_then(|size| size.parse::<usize>().ok())
        .filter(|size| *size > 0)
        .unwrap_or(MAX_PAGE)
        .min(MAX_PAGE);
    let skip = value("pageToken").and_then(|token| token.parse::<usize>().ok()).unwrap_or(0);
    let parent = format!("projects/{project}/locations/{location}/");
    let mut jobs = Vec::new();
    for job in state.cloud_batch.vertex.all() {
        let mut job = job.lock().await;
        if job.provider.name.starts_with(&parent) {
            job.advance(&state, Instant::now()).await;
            jobs.push(describe(&job));
        }
    }
    let total = jobs.len();
    let mut answer = json!({ "batchPredictionJobs": jobs.into_iter().skip(skip).take(size).collect::<Vec<_>>() });
    if skip + size < total {
        answer["nextPageToken"] = Value::from((skip + size).to_string());
    }
    Json(answer).into_response()
}

fn state_word(job: &Job<VertexJob>) -> &'static str {
    let (processed, failed) = job.counts();
    match &job.phase {
        Phase::Queued(0) => "JOB_STATE_QUEUED",
        Phase::Queued(_) => "JOB_STATE_PENDING",
        Phase::Running => "JOB_STATE_RUNNING",
        Phase::Stopping => "JOB_STATE_CANCELLING",
        Phase::Stopped => "JOB_STATE_CANCELLED",
        Phase::Failed(_) => "JOB_STATE_FAILED",
        Phase::Finished if failed > 0 && failed == processed => "JOB_STATE_FAILED",
        Phase::Finished if failed > 0 => "JOB_STATE_PARTIALLY_SUCCEEDED",
        Phase::Finished => "JOB_STATE_SUCCEEDED",
    }
}

/// The job resource as Vertex returns it (64-bit counts as strings, as proto3 JSON has them).
fn describe(job: &Job<VertexJob>) -> Value {
    let request = &job.provider.request;
    let mut answer = json!({
        "name": job.provider.name,
        "displayName": request.get("displayName"),
        "model": request.get("model"),
        "inputConfig": request.get("inputConfig"),
        "outputConfig": request.get("outputConfig"),
        "state": state_word(job),
        "createTime": time(job.created),
        "updateTime": time(job.updated),
    });
    if !matches!(job.phase, Phase::Queued(_)) {
        let (processed, failed) = job.counts();
        answer["startTime"] = Value::from(time(job.created));
        answer["completionStats"] = json!({
            "successfulCount": (processed - failed).to_string(),
            "failedCount": failed.to_string(),
            "incompleteCount": job.records.len().saturating_sub(processed).to_string(),
        });
    }
    if let Some(directory) = &job.provider.directory {
        answer["outputInfo"] = json!({ "gcsOutputDirectory": job.provider.output.show(directory) });
    }
    if let Some(ended) = job.ended {
        answer["endTime"] = Value::from(time(ended));
    }
    let (processed, failed) = job.counts();
    match &job.phase {
        Phase::Failed(reason) => answer["error"] = json!({ "code": 3, "message": reason }),
        Phase::Finished if failed > 0 && failed == processed => {
            answer["error"] = json!({ "code": 3, "message": "Every record failed; see each line's status." });
        }
        _ => {}
    }
    answer
}

impl Provider for VertexJob {
    fn read_input(&self, state: &EmulatorState) -> Result<Vec<Record>, String> {
        vertex_input::read(&state.cloud_batch.objects, &self.inputs, self.surface)
    }

    fn write_output(&mut self, state: &EmulatorState, done: &[Done], _ended: bool) -> Result<(), String> {
        let stamp = time(SystemTime::now());
        let directory = self.directory.get_or_insert_with(|| {
            let prefix = self.output.key.trim_end_matches('/');
            let folder = format!("prediction-model-{stamp}");
            if prefix.is_empty() { folder } else { format!("{prefix}/{folder}") }
        });
        vertex_input::write(&state.cloud_batch.objects, &self.output.bucket, directory, &stamp, done)
    }
}
