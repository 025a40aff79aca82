//! Bedrock's batch inference control plane, Vertex AI's batch prediction jobs, and the S3 and
//! Cloud Storage object APIs their records live in (PROTOCOLS-WAVE2 §1b, §1c), on a clock of
//! `batch_step` per state.

use super::state::EmulatorState;
use axum::Router;
use std::sync::Arc;

/// The jobs and objects this server holds.
#[derive(Debug, Default)]
pub struct CloudBatch {}

pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let _ = state;
    Router::new()
}
