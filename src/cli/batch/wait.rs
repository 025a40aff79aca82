//! Waiting for jobs to end: each job not ended is asked its state every `[batch] poll_secs`
//! (default 30, at least 0.2), each change stored and, on a terminal, shown on standard error.
//! A signal stops the waiting, not the jobs: they go on at the provider and are fetched later.

use super::jobs::StoredJob;
use crate::batch::{BatchContext, service};
use crate::cli::live::Signals;
use crate::cli::terminal_text::for_stderr;
use crate::store::Store;
use std::io::IsTerminal;
use std::time::Duration;

/// Seconds between polls without `[batch] poll_secs`.
const DEFAULT_POLL_SECS: f64 = 30.0;
/// The shortest poll interval taken.
const MIN_POLL_SECS: f64 = 0.2;
/// Status calls in a row that may fail before waiting on that job is given up.
const MAX_FAILED_POLLS: u32 = 5;

/// The interval `[batch] poll_secs` asks for.
pub fn poll_interval(context: &BatchContext) -> Duration {
    let secs = context.config.batch.poll_secs.filter(|secs| secs.is_finite()).unwrap_or(DEFAULT_POLL_SECS);
    Duration::from_secs_f64(secs.max(MIN_POLL_SECS))
}

/// Poll until every job has ended; `Ok(Some(code))` when a signal stopped the waiting first.
/// Each change is stored in the history at `store`.
pub async fn until_ended(
    context: &BatchContext,
    store: &std::path::Path,
    jobs: &mut [StoredJob],
) -> Result<Option<i32>, String> {
    let mut signals = Signals::listen().map_err(|error| format!("cannot listen for signals: {error}"))?;
    let interval = poll_interval(context);
    let terminal = std::io::stderr().is_terminal();
    let mut failures = vec![0_u32; jobs.len()];
    loop {
        for (job, failed) in jobs.iter_mut().zip(&mut failures) {
            if job.row.ended {
                continue;
            }
            match service::status(context, job.api, &job.target, &job.row.remote_id).await {
                Ok(status) => {
                    *failed = 0;
                    let changed = status != job.detail.status;
                    job.seen(status);
                    if changed {
                        save(store, job)?;
                        if terminal {
                            eprintln!("routeplay: {}", for_stderr(&job.line()));
                        }
                    }
                }
                Err(error) if *failed + 1 < MAX_FAILED_POLLS => {
                    *failed += 1;
                    eprintln!("routeplay: warning: {}", for_stderr(&error));
                }
                Err(error) => return Err(format!("{error} ({MAX_FAILED_POLLS} polls in a row failed)")),
            }
        }
        if jobs.iter().all(|job| job.row.ended) {
            return Ok(None);
        }
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            code = signals.next() => return Ok(Some(code)),
        }
    }
}

/// Store the job as it stands.
pub fn save(store: &std::path::Path, job: &StoredJob) -> Result<(), String> {
    Store::open(store).and_then(|store| store.apply(job.command())).map_err(|error| error.to_string())
}
