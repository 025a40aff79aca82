//! `compare --prompts FILE --batch [--wait]`: the matrix's cells grouped into one job per
//! target on that target's batch service; targets without one (or groups below the service's
//! minimum) go on-demand, and the user is told.
//!
//! Each job is stored the moment its provider accepts it, and its cells marked running, so a
//! job outlives this process: `routeplay batch fetch ID` folds it in later. With `--wait` the
//! jobs are polled until they end, then fetched here. Jobs on the built-in emulator (`--demo`,
//! or the `emulator` route) end with this process, so they need `--wait`.

use super::driver::Driver;
use super::progress::ProgressLine;
use crate::batch::{BatchContext, BatchRecord, bedrock, service};
use crate::cli::batch::jobs::{self, StoredJob};
use crate::cli::batch::{fold_in, wait};
use crate::cli::live::{Signals, recording};
use crate::cli::output::outln;
use crate::cli::terminal_text::for_stderr;
use crate::config::paths::Paths;
use crate::matrix::{CellKey, CellOutcome, CellStatus, Matrix, record, request};
use crate::routes::spec::BatchApi;
use crate::runtime::RunContext;
use crate::store::{Command, Store};
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

/// Send `matrix`'s cells to send as batch jobs; with `wait`, poll until every job has ended
/// and fold the results in. Returns the exit code.
pub async fn run(matrix: &mut Matrix, context: &BatchContext, wait: bool) -> Result<i32, String> {
    refuse_without_wait(matrix, wait)?;
    let path = Store::file(&Paths::discover());
    let waiting = cells_in_pending_jobs(&path, matrix)?;
    let mut groups: BTreeMap<u32, Vec<CellKey>> = BTreeMap::new();
    for key in matrix.to_send().filter(|key| !waiting.contains(key)) {
        groups.entry(key.target).or_default().push(key);
    }
    if !waiting.is_empty() {
        eprintln!(
            "routeplay: {} already in batch jobs not yet fetched; `routeplay batch list --pending` shows them",
            crate::app::counted(waiting.len(), "cell")
        );
    }
    let (mut jobs, mut on_demand) = (Vec::new(), Vec::new());
    for (target, cells) in groups {
        let spec = matrix.plan.targets[target as usize].spec();
        match batch_service(matrix, target, cells.len(), context) {
            Err(why) => {
                eprintln!("routeplay: {spec}: {why}; its {} cells go on-demand", cells.len());
                on_demand.extend(cells);
            }
            Ok(api) => match submit(matrix, context, &path, target, api, &cells).await {
                Ok(job) => jobs.push(job),
                Err(error) => {
                    eprintln!("routeplay: {}", for_stderr(&error));
                    fail(matrix, &path, &cells, &error)?;
                }
            },
        }
    }
    if !on_demand.is_empty()
        && let Some(code) = send_on_demand(matrix, context, on_demand).await?
    {
        return Ok(code);
    }
    if jobs.is_empty() {
        return Ok(super::exit_code(matrix));
    }
    if !wait {
        for job in &jobs {
            outln!("{}", job.line());
        }
        eprintln!(
            "routeplay: {} sent; fetch the results once they end with `routeplay batch fetch ID` (add --wait to \
             wait); `routeplay batch list --pending` lists them",
            crate::app::counted(jobs.len(), "batch job")
        );
        return Ok(0);
    }
    if let Some(code) = wait::until_ended(context, &path, &mut jobs).await? {
        eprintln!("routeplay: stopped waiting; the jobs go on: `routeplay batch fetch ID --wait` folds each in");
        return Ok(code);
    }
    for job in &mut jobs {
        if let Err(error) = fold_in::fetch_into(context, &path, job, matrix).await {
            eprintln!("routeplay: {}; `routeplay batch fetch {}` tries again", for_stderr(&error), job.row.id);
        }
    }
    Ok(super::exit_code(matrix))
}

/// The cells of `matrix` that stored jobs not fetched yet will answer (a resumed matrix does
/// not send them again).
fn cells_in_pending_jobs(path: &Path, matrix: &Matrix) -> Result<HashSet<CellKey>, String> {
    let store = Store::open(path).map_err(|error| error.to_string())?;
    let rows = store.batch_jobs(true).map_err(|error| error.to_string())?;
    let mut cells = HashSet::new();
    for row in rows.into_iter().filter(|row| row.matrix == Some(matrix.plan.id)) {
        cells.extend(jobs::understand(row)?.detail.records.into_iter().map(|(_, cell)| cell));
    }
    Ok(cells)
}

/// A batch matrix on the built-in emulator without `--wait` is refused, before anything is
/// stored or sent.
pub(super) fn refuse_without_wait(matrix: &Matrix, wait: bool) -> Result<(), String> {
    match needs_wait(matrix) {
        Some(why) if !wait => Err(why),
        _ => Ok(()),
    }
}

/// Why this matrix's jobs must be waited for, if they must.
fn needs_wait(matrix: &Matrix) -> Option<String> {
    super::super::builtin_emulator::needed(&matrix.plan.targets, matrix.plan.demo).then(|| {
        "--batch on the built-in emulator (--demo, or an emulator: target) needs --wait: the emulator's batch \
         services stop when this command ends. Add --wait, or start `routeplay emulator` and point the anthropic \
         route at it (ANTHROPIC_BASE_URL) to send jobs that outlive the command"
            .to_owned()
    })
}

/// The batch service that takes `target`'s `cells` cells, or why they go on-demand.
fn batch_service(matrix: &Matrix, target: u32, cells: usize, context: &BatchContext) -> Result<BatchApi, String> {
    let route = matrix.plan.targets[target as usize].route;
    let api = route.spec().batch.ok_or_else(|| format!("route {route} has no batch service routeplay drives"))?;
    if matches!(api, BatchApi::BedrockInvocationJob { .. }) {
        let minimum = bedrock::minimum_records(context);
        if cells < minimum {
            return Err(format!(
                "{cells} cells are fewer than the {minimum} records a Bedrock batch job needs \
                 ([batch.bedrock] min_records)"
            ));
        }
    }
    Ok(api)
}

/// Send `cells` of column `target` as one job, store it and mark its cells running.
async fn submit(
    matrix: &mut Matrix,
    context: &BatchContext,
    path: &Path,
    target: u32,
    api: BatchApi,
    cells: &[CellKey],
) -> Result<StoredJob, String> {
    let mut records = Vec::with_capacity(cells.len());
    for &cell in cells {
        let request = request::cell_request(&matrix.plan, cell.prompt)?;
        let custom_id = format!("p{}t{}s{}", cell.prompt, cell.target, cell.sample);
        records.push(BatchRecord { custom_id, cell, request });
    }
    let spec = &matrix.plan.targets[target as usize];
    let name = format!("routeplay-matrix-{}-t{target}", matrix.plan.id);
    let submitted = service::submit(context, api, spec, &name, &records).await?;
    let job = StoredJob::accepted(matrix.plan.id, spec, api, submitted.remote_id, submitted.detail);
    let mut commands = vec![job.command()];
    for &key in cells {
        let cell = CellOutcome { batch: true, ..CellOutcome::empty(key, CellStatus::Running) };
        commands.push(Command::SaveCell(Box::new(record::cell_row(&matrix.plan, &cell))));
        matrix.set(cell);
    }
    apply(path, commands)?;
    Ok(job)
}

/// Mark `cells` failed with `error` (a resumed matrix sends them again).
fn fail(matrix: &mut Matrix, path: &Path, cells: &[CellKey], error: &str) -> Result<(), String> {
    let mut commands = Vec::with_capacity(cells.len());
    for &key in cells {
        let cell =
            CellOutcome { error: Some(error.to_owned()), batch: true, ..CellOutcome::empty(key, CellStatus::Failed) };
        commands.push(Command::SaveCell(Box::new(record::cell_row(&matrix.plan, &cell))));
        matrix.set(cell);
    }
    apply(path, commands)
}

fn apply(path: &Path, commands: Vec<Command>) -> Result<(), String> {
    let store = Store::open(path).map_err(|error| error.to_string())?;
    commands.into_iter().try_for_each(|command| store.apply(command)).map_err(|error| error.to_string())
}

/// Send `cells` on demand with the matrix's own runner; `Some(code)` when a signal cut it short.
async fn send_on_demand(
    matrix: &mut Matrix,
    context: &BatchContext,
    cells: Vec<CellKey>,
) -> Result<Option<i32>, String> {
    let run_context = RunContext {
        client: context.client.clone(),
        config: Arc::clone(&context.config),
        emulator_url: context.emulator_url.clone(),
        google_tokens: context.google_tokens.clone(),
    };
    let limits = super::plan::limits(None, &context.config.compare)?;
    let history = &context.config.history;
    let keep_response = history.kept_response_bytes();
    let mut recording = recording(keep_response).map(|r| r.keeping_attachment_bytes(history.keep_attachments));
    let mut signals = Signals::listen().map_err(|error| format!("cannot listen for signals: {error}"))?;
    let mut progress = ProgressLine::new(std::io::stderr().is_terminal());
    let driver = Driver::new(matrix, &run_context, recording.as_mut(), keep_response);
    let signal = driver.run(cells, limits, signals.next(), |tick| progress.update(tick)).await;
    progress.finish(matrix);
    if let Some(recording) = recording {
        // Joining the writer thread blocks; keep it off the runtime's threads.
        let _ = tokio::task::spawn_blocking(move || recording.close()).await;
    }
    Ok(signal)
}
