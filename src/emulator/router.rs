//! The one axum router: every surface's routes, plus the request log when asked for. A new
//! surface is one more `merge`; paths tell the surfaces apart.

use super::log;
use super::state::EmulatorState;
use super::{anthropic, batches, bedrock, cloud_batch, google, openai};
use axum::Router;
use axum::middleware;
use std::sync::Arc;

/// The whole emulator app.
pub fn build(state: Arc<EmulatorState>) -> Router {
    let log_requests = state.options.log_requests;
    let router = Router::new()
        .merge(anthropic::routes(&state))
        .merge(bedrock::routes(&state))
        .merge(google::routes(&state))
        .merge(openai::routes(&state))
        .merge(batches::routes(&state))
        .merge(cloud_batch::routes(&state))
        .with_state(state);
    if log_requests { router.layer(middleware::from_fn(log::log_request)) } else { router }
}
