//! A live run that has heard nothing for a few seconds says so, so a silent stream is told
//! apart from a slow one: `no data for 12 s`, and in the transcript with the idle timeout that
//! will end it. Silence counts from the last byte, or from the request while no byte came.

use crate::app::runs::Run;
use std::time::{Duration, Instant};

/// Shorter silences are ordinary pauses between tokens.
pub const SHOWN_AFTER: Duration = Duration::from_secs(3);

/// `no data for 12 s` for `run` at `now`, when it has been silent for [`SHOWN_AFTER`] or more.
#[must_use]
pub fn note(run: &Run, now: Instant) -> Option<String> {
    let silent = run.silent_for(now).filter(|silent| *silent >= SHOWN_AFTER)?;
    Some(format!("no data for {} s", silent.as_secs()))
}

/// The note with the idle timeout that will end the run, where there is room for it.
#[must_use]
pub fn note_with_timeout(run: &Run, now: Instant, idle_timeout: Duration) -> Option<String> {
    Some(format!("{} (idle timeout {} s)", note(run, now)?, idle_timeout.as_secs_f64()))
}
