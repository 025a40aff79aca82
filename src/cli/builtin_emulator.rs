//! The built-in emulator that `compare` (one prompt or a matrix) starts for its own run, when a
//! target needs it: in demo mode, or on a route the emulator serves (the spec's
//! `Host::Emulator`). It stops when the command ends.

use crate::config::file::Config;
use crate::emulator::{self, EmulatorHandle, EmulatorOptions};
use crate::routes::Target;
use crate::routes::spec::Host;

/// Whether `targets` need the built-in emulator.
pub(super) fn needed(targets: &[Target], demo: bool) -> bool {
    demo || targets.iter().any(|target| matches!(target.route.spec().host, Host::Emulator))
}

/// Start it when `targets` need it, pacing its answers at `tokens_per_second` (0: unpaced),
/// with the config's answer length, guardrail words and batch job clock.
pub(super) async fn start_if_needed(
    targets: &[Target],
    demo: bool,
    tokens_per_second: Option<f64>,
    config: &Config,
) -> Result<Option<EmulatorHandle>, String> {
    if !needed(targets, demo) {
        return Ok(None);
    }
    let options = EmulatorOptions {
        tokens_per_second: tokens_per_second.unwrap_or(0.0),
        answer_tokens: config.emulator.answer_tokens,
        blocked_words: config.emulator.blocked_words.clone(),
        batch_step: std::time::Duration::from_millis(config.emulator.batch_step_ms),
        ..EmulatorOptions::default()
    };
    let handle = emulator::start(options).await.map_err(|e| format!("cannot start the built-in emulator: {e}"))?;
    Ok(Some(handle))
}

/// Stop it, warning on standard error when it does not stop cleanly.
pub(super) async fn stop(emulator: Option<EmulatorHandle>) {
    if let Some(emulator) = emulator
        && let Err(error) = emulator.shutdown().await
    {
        eprintln!("routeplay: warning: the built-in emulator did not stop cleanly: {error}");
    }
}
