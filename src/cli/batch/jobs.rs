//! A stored batch job read back (its target, batch service and detail), its state saved as it
//! changes, and the context its calls need.

use crate::batch::{BatchContext, JobDetail, JobStatus, Provider};
use crate::cli::compare::spec;
use crate::config::paths::Paths;
use crate::routes::Target;
use crate::routes::spec::BatchApi;
use crate::store::{BatchJobId, BatchJobRow, Command, MatrixId, Store, now_ms};

/// A job as stored, understood.
#[derive(Debug, Clone)]
pub struct StoredJob {
    pub row: BatchJobRow,
    pub target: Target,
    pub api: BatchApi,
    pub detail: JobDetail,
}

/// The history, opened for a batch command.
pub fn open_store() -> Result<Store, String> {
    Store::open(Store::file(&Paths::discover())).map_err(|error| error.to_string())
}

/// The job `id` names (routeplay's id, the provider's, or a unique tail of it).
pub fn find(store: &Store, id: &str) -> Result<StoredJob, String> {
    let row = store
        .batch_job(id)
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("no batch job {id:?}: `routeplay batch list` shows the stored jobs and their ids"))?;
    understand(row)
}

/// A row read into its target, service and detail; an error names the job.
pub fn understand(row: BatchJobRow) -> Result<StoredJob, String> {
    let unreadable = |why: String| format!("batch job {} ({}): {why}", row.id, row.remote_id);
    let target = spec::parse(&row.target).map_err(&unreadable)?;
    let api = target
        .route
        .spec()
        .batch
        .ok_or_else(|| unreadable(format!("route {} has no batch service in this routeplay", target.route)))?;
    let detail: JobDetail =
        serde_json::from_str(&row.detail).map_err(|error| unreadable(format!("its stored detail: {error}")))?;
    Ok(StoredJob { row, target, api, detail })
}

impl StoredJob {
    /// A job just accepted by its provider, as stored.
    pub fn accepted(matrix: MatrixId, target: &Target, api: BatchApi, remote_id: String, detail: JobDetail) -> Self {
        let now = now_ms();
        let row = BatchJobRow {
            id: BatchJobId::fresh(),
            matrix: Some(matrix),
            provider: Provider::of(api).as_str().to_owned(),
            target: target.spec(),
            remote_id,
            state: detail.status.raw_state.clone(),
            ended: detail.status.state.is_end(),
            fetched: false,
            detail: String::new(),
            created_ms: now,
            updated_ms: now,
        };
        Self { row, target: target.clone(), api, detail }
    }

    /// The store's write for the job as it stands.
    pub fn command(&self) -> Command {
        let mut row = self.row.clone();
        row.detail = serde_json::to_string(&self.detail).unwrap_or_default();
        Command::SaveBatchJob(Box::new(row))
    }

    /// Take a status just read from the provider.
    pub fn seen(&mut self, status: JobStatus) {
        self.row.state.clone_from(&status.raw_state);
        self.row.ended = status.state.is_end();
        self.row.updated_ms = now_ms();
        self.detail.status = status;
    }

    /// One line: ids, target, state and counts.
    pub fn line(&self) -> String {
        let counts = &self.detail.status.counts;
        let fetched = if self.row.fetched { ", fetched" } else { "" };
        format!(
            "{}  {}  {}  {}  {}  {} of {} succeeded, {} failed, {} cancelled, {} expired, {} processing{fetched}",
            self.row.id,
            self.row.provider,
            self.row.remote_id,
            self.row.target,
            self.row.state,
            counts.succeeded,
            counts.total,
            counts.failed,
            counts.cancelled,
            counts.expired,
            counts.processing,
        )
    }

    /// The job as JSON for `--json`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.row.id.0,
            "matrix": self.row.matrix.map(|id| id.0),
            "provider": self.row.provider,
            "remote_id": self.row.remote_id,
            "target": self.row.target,
            "state": self.row.state,
            "ended": self.row.ended,
            "fetched": self.row.fetched,
            "status": self.detail.status,
            "records": self.detail.records.len(),
            "created_ms": self.row.created_ms,
            "updated_ms": self.row.updated_ms,
        })
    }
}

/// The context of a batch command run outside a compare: the real endpoints, no built-in
/// emulator (a job sent to the built-in emulator ended with the process that sent it).
pub fn context() -> BatchContext {
    let config = crate::cli::load_config(&Paths::discover());
    BatchContext {
        client: crate::client::Client::new(&config.network),
        config: std::sync::Arc::new(config),
        emulator_url: None,
        google_tokens: crate::auth::google::GoogleTokens::default(),
        demo: false,
    }
}
