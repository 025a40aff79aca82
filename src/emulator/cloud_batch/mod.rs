//! Bedrock's batch inference control plane, Vertex AI's batch prediction jobs, and the S3 and
//! Cloud Storage object APIs their records live in (PROTOCOLS-WAVE2 §1b, §1c), on a clock of
//! `batch_step` per state.
//!
//! | surface | paths | credentials |
//! | --- | --- | --- |
//! | S3 (path-style) | `PUT`/`GET /s3/{bucket}/{key}`, `GET /s3/{bucket}?list-type=2` | SigV4 for `s3` |
//! | Cloud Storage (XML API) | `PUT`/`GET /storage/{bucket}/{object}`, `GET /storage/{bucket}?list-type=2` | bearer token, as Vertex |
//! | Bedrock control plane | `POST /model-invocation-job`, `GET /model-invocation-job/{id}`, `GET /model-invocation-jobs`, `POST /model-invocation-job/{id}/stop` | SigV4 for `bedrock`, or the Bedrock API key |
//! | Vertex | `POST`/`GET /v1/projects/{p}/locations/{l}/batchPredictionJobs`, `GET …/batchPredictionJobs/{id}`, `POST …/batchPredictionJobs/{id}:cancel` | bearer token |
//!
//! So a client finds them: S3 at `{emulator}/s3` (`AWS_ENDPOINT_URL_S3`), Cloud Storage at
//! `{emulator}/storage` (`STORAGE_EMULATOR_HOST`), the control planes at the emulator's root.
//!
//! Jobs move through their real states, one `batch_step` each ([`jobs`]): Bedrock
//! `Submitted`, `Validating`, `Scheduled`, then `InProgress` for two steps, then `Completed`
//! (`PartiallyCompleted` when some records failed, `Failed` when all did or the input was
//! refused: not found, a line that is not `{recordId?, modelInput}`, fewer than
//! [`bedrock_input::MIN_RECORDS`] records); Vertex `JOB_STATE_QUEUED`, `JOB_STATE_PENDING`, then
//! `JOB_STATE_RUNNING` for two steps, then `JOB_STATE_SUCCEEDED` (`…_PARTIALLY_SUCCEEDED`,
//! `…_FAILED`). A stop or cancel is `Stopping`/`JOB_STATE_CANCELLING` for one step, keeping what
//! was answered. Records are answered as the on-demand surfaces answer them ([`worker`]); a
//! record holding `routeplay-fault:NAME` fails alone. Output lines are written in an order of
//! the emulator's own, not the input's, as both providers warn.
//!
//! Bounds: [`objects`] caps what is stored, [`MAX_JOBS`] the jobs, [`jobs::MAX_RECORDS`] the
//! records of one job and [`MAX_HELD_RECORDS`] those of all jobs; a job past a bound fails
//! with a message naming it.

mod bedrock_input;
mod bedrock_jobs;
mod gcs;
pub(crate) mod jobs;
mod listing;
mod objects;
mod s3;
mod vertex_input;
mod vertex_jobs;
pub(crate) mod worker;

use super::state::EmulatorState;
use super::{bedrock, google, ids, tag};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use jobs::Job;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The most jobs of each provider one server keeps.
pub const MAX_JOBS: usize = 1000;
/// The most records all jobs together hold (with their answers, in memory).
pub const MAX_HELD_RECORDS: usize = 100_000;

/// One job, shared by its handlers and its ticker.
type Shared<P> = Arc<tokio::sync::Mutex<Job<P>>>;

/// Jobs of one provider, in the order they were created.
pub struct Registry<P> {
    jobs: Mutex<Vec<(String, Shared<P>)>>,
}

impl<P> Default for Registry<P> {
    fn default() -> Self {
        Self { jobs: Mutex::new(Vec::new()) }
    }
}

impl<P> std::fmt::Debug for Registry<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.jobs.lock().unwrap_or_else(PoisonError::into_inner).len();
        write!(f, "Registry({count} jobs)")
    }
}

impl<P> Registry<P> {
    /// Keep `job` under `id`; `None` when [`MAX_JOBS`] are kept already.
    pub fn insert(&self, id: &str, job: Job<P>) -> Option<Shared<P>> {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        if jobs.len() >= MAX_JOBS {
            return None;
        }
        let job = Arc::new(tokio::sync::Mutex::new(job));
        jobs.push((id.to_owned(), Arc::clone(&job)));
        Some(job)
    }

    pub fn find(&self, id: &str) -> Option<Shared<P>> {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.iter().find(|(known, _)| known == id).map(|(_, job)| Arc::clone(job))
    }

    pub fn all(&self) -> Vec<Shared<P>> {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.iter().map(|(_, job)| Arc::clone(job)).collect()
    }
}

/// The jobs and objects this server holds.
#[derive(Debug, Default)]
pub struct CloudBatch {
    objects: objects::Objects,
    bedrock: Registry<bedrock_jobs::BedrockJob>,
    vertex: Registry<vertex_jobs::VertexJob>,
    /// Records held by every job so far (jobs are kept until the server stops).
    held: AtomicUsize,
}

impl CloudBatch {
    /// Count `records` more against [`MAX_HELD_RECORDS`]; refused, naming the bound, past it.
    fn hold(&self, records: usize) -> Result<(), String> {
        let held = self.held.fetch_add(records, Ordering::Relaxed) + records;
        if held > MAX_HELD_RECORDS {
            self.held.fetch_sub(records, Ordering::Relaxed);
            return Err(format!(
                "The emulator holds at most {MAX_HELD_RECORDS} batch records across its jobs; restart it to clear them."
            ));
        }
        Ok(())
    }
}

pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let bedrock_gate = bedrock::auth::Gate {
        state: Arc::clone(state),
        policy: bedrock::auth::Policy { service: "bedrock", bearer: true, dialect: bedrock::auth::Dialect::Json },
    };
    let vertex_gate = || google::auth::Gate { state: Arc::clone(state), surface: google::auth::Surface::Vertex };
    let control = Router::new()
        .route("/model-invocation-job", post(bedrock_jobs::create))
        .route("/model-invocation-job/{id}", get(bedrock_jobs::get))
        .route("/model-invocation-job/{id}/stop", post(bedrock_jobs::stop))
        .route("/model-invocation-jobs", get(bedrock_jobs::list))
        .route_layer(middleware::from_fn_with_state(bedrock_gate, bedrock::auth::guard))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), aws_tag));
    let s3 = Router::new()
        .route("/s3/{bucket}", get(s3::list))
        .route("/s3/{bucket}/{*key}", get(s3::get).put(s3::put))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), s3::guard))
        .route_layer(middleware::from_fn_with_state(Arc::clone(state), s3_tag));
    let jobs_path = "/v1/projects/{project}/locations/{location}/batchPredictionJobs";
    let vertex = Router::new()
        .route(jobs_path, get(vertex_jobs::list).post(vertex_jobs::create))
        .route(&format!("{jobs_path}/{{job}}"), get(vertex_jobs::get).post(vertex_jobs::cancel))
        .route_layer(middleware::from_fn_with_state(vertex_gate(), google::auth::guard));
    let storage = Router::new()
        .route("/storage/{bucket}", get(gcs::list))
        .route("/storage/{bucket}/{*object}", get(gcs::get).put(gcs::put))
        .route_layer(middleware::from_fn_with_state(vertex_gate(), google::auth::guard));
    control.merge(s3).merge(vertex).merge(storage).layer(DefaultBodyLimit::max(objects::MAX_OBJECT_BYTES))
}

/// `x-amzn-RequestId`, as the Bedrock control plane sends it.
async fn aws_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::aws_request_id, &["x-amzn-requestid"], request, next).await
}

/// `x-amz-request-id`, as S3 sends it.
async fn s3_tag(State(state): State<Arc<EmulatorState>>, request: Request, next: Next) -> Response {
    tag::stamp(&state, ids::aws_request_id, &["x-amz-request-id"], request, next).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_past_the_bound_are_refused_naming_it_and_not_counted() {
        let batch = CloudBatch::default();
        assert!(batch.hold(MAX_HELD_RECORDS - 1).is_ok());
        let refused = batch.hold(2).expect_err("past the bound");
        assert!(refused.contains(&MAX_HELD_RECORDS.to_string()) && refused.contains("restart"), "{refused}");
        assert!(batch.hold(1).is_ok(), "the refused records were not counted");
    }
}
