//! Anthropic's Message Batches (PROTOCOLS-WAVE2 §1a) on the emulator: create, retrieve, list,
//! cancel, delete and results, on a clock of `batch_step` per state.

use super::state::EmulatorState;
use axum::Router;
use std::sync::Arc;

/// The batches sent to this server.
#[derive(Debug, Default)]
pub struct MessageBatches {}

pub fn routes(state: &Arc<EmulatorState>) -> Router<Arc<EmulatorState>> {
    let _ = state;
    Router::new()
}
