//! The providers' batch services: a matrix's cells on one target sent as one job, at half the
//! on-demand price, and folded back into the history and the matrix when the job ends.
//!
//! - [`job`]: the neutral picture of a job (state, counts, what fetching needs).
//! - [`service`]: submit, status, fetch and cancel, dispatched on the route's
//!   [`crate::routes::spec::BatchApi`].
//! - [`anthropic`]: Message Batches (`/v1/messages/batches`).
//! - [`bedrock`]: `CreateModelInvocationJob`, records in S3.
//! - [`vertex`]: `batchPredictionJobs`, records in Cloud Storage.
//! - [`storage`]: the S3 and Cloud Storage halves through `object_store`, with routeplay's own
//!   AWS and Google credentials (no second credential chain).
//! - [`fold`]: a fetched result as a stored run and a matrix cell, priced at the batch rate.
//!
//! Jobs outlive the process: each is stored (`store::BatchJobRow`) the moment the provider
//! accepts it, and `routeplay batch status|fetch|cancel` pick it up later.

pub mod anthropic;
pub mod bedrock;
mod bedrock_output;
pub mod cloud_config;
mod cloud_http;
pub mod cloud_records;
pub mod cloud_setup;
pub mod fold;
pub mod job;
pub mod service;
pub mod storage;
mod storage_credentials;
pub mod vertex;
mod vertex_output;

use crate::auth::ProcessEnv;
use crate::auth::google::GoogleTokens;
use crate::client::Client;
use crate::client::setup::{self, RouteSetup, Surroundings};
use crate::config::file::Config;
use crate::routes::error::RunError;
use crate::routes::{Places, Target};
use std::sync::Arc;

pub use job::{BatchAnswer, BatchRecord, JobCounts, JobDetail, JobState, JobStatus, Provider, RecordResult};

/// What every batch call shares: the HTTP client, the config, the built-in emulator's URL (in
/// demo mode the control planes and the object stores are the emulator's) and the Google
/// token cache.
#[derive(Clone)]
pub struct BatchContext {
    pub client: Client,
    pub config: Arc<Config>,
    pub emulator_url: Option<String>,
    pub google_tokens: GoogleTokens,
    pub demo: bool,
}

impl BatchContext {
    /// `target`'s route setup (host, version, credential), resolved exactly as a run's is, so
    /// the batch calls use no second credential chain.
    pub async fn route_setup(&self, target: &Target) -> Result<RouteSetup, RunError> {
        let places = Places::default();
        let around = Surroundings {
            config: &self.config,
            env: &ProcessEnv,
            emulator_url: self.emulator_url.as_deref(),
            demo: self.demo,
            google_tokens: &self.google_tokens,
            places: &places,
        };
        setup::resolve(target, &around).await
    }
}
