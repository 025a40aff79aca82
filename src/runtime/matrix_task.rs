//! The matrix's I/O for the playground: reading a prompt set (and each row's attachments) off
//! the UI task, storing the matrix and its cells through the history's writer (behind the
//! cells' runs), reading stored matrices back and the pending batch jobs, and the `[compare]`
//! limits.

use super::history_read::ask_history;
use crate::app::effect::Effect;
use crate::app::matrix::{LoadedSet, StoredMatrix, default_limits};
use crate::app::msg::Msg;
use crate::config::file::CompareSettings;
use crate::matrix::schedule::Limits;
use crate::matrix::{MatrixPlan, prompt_set, record, request};
use crate::recorder::Recording;
use crate::routes::Target;
use crate::routes::request::ChatRequest;
use crate::store::{Command, MatrixId, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Cells in flight per route and the spacing of samples, from `[compare]`; a route name the
/// config does not know was refused when the config was checked, so it is skipped here.
#[must_use]
pub fn limits(config: &CompareSettings) -> Limits {
    let defaults = default_limits();
    Limits {
        default_per_route: config.concurrency.unwrap_or(defaults.default_per_route).max(1),
        per_route: config
            .concurrency_per_route
            .iter()
            .filter_map(|(route, n)| Some((route.parse().ok()?, (*n).max(1))))
            .collect(),
        repeat_spacing: config.repeat_spacing_ms.map_or(defaults.repeat_spacing, Duration::from_millis),
    }
}

/// Carry out one of the matrix's reads (a prompt set, a stored matrix or the list of them, the
/// pending batch jobs), or stamp a plan the app made; each answers with its message.
pub fn read(effect: Effect, reader: Option<Arc<Mutex<Store>>>, tx: &UnboundedSender<Msg>) {
    match effect {
        Effect::ReadPromptSet { path, base, targets, demo } => read_prompt_set(tx, path, *base, targets, demo),
        Effect::ReadBatchJobs => read_batch_jobs(reader, tx),
        Effect::ListMatrices => list_matrices(reader, tx),
        Effect::ReadStoredMatrix { id } => read_stored_matrix(reader, id, tx),
        Effect::StampPlan(mut loaded) => {
            (loaded.plan.id, loaded.plan.created_ms) = (MatrixId::fresh(), crate::store::now_ms());
            let _ = tx.send(Msg::PromptSetLoaded(Ok(loaded)));
        }
        _ => {}
    }
}

/// Read the prompt set at `path` on a blocking thread and answer with `Msg::PromptSetLoaded`.
fn read_prompt_set(tx: &UnboundedSender<Msg>, path: PathBuf, base: ChatRequest, targets: Vec<Target>, demo: bool) {
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let loaded = load(&path, base, targets, demo).map(Box::new);
        let _ = tx.send(Msg::PromptSetLoaded(loaded));
    });
}

/// The prompt set at `path` as a plan over `targets`, with every row's request.
fn load(path: &std::path::Path, base: ChatRequest, targets: Vec<Target>, demo: bool) -> Result<LoadedSet, String> {
    let set = prompt_set::read(path)?;
    if set.items.is_empty() {
        return Err(format!("{}: no prompts in it", set.source));
    }
    let plan = MatrixPlan {
        id: MatrixId::fresh(),
        source: set.source,
        folder: set.folder,
        prompts: set.items,
        targets,
        repeat: 1,
        base,
        demo,
        batch: false,
        created_ms: crate::store::now_ms(),
    };
    plan.check_size()?;
    let rows = u32::try_from(plan.prompts.len()).unwrap_or(u32::MAX);
    let requests = (0..rows).map(|row| request::cell_request(&plan, row)).collect::<Result<Vec<_>, _>>()?;
    Ok(LoadedSet { plan, requests })
}

/// Read the stored matrices off the UI task; answers with `Msg::StoredMatrices`.
fn list_matrices(reader: Option<Arc<Mutex<Store>>>, tx: &UnboundedSender<Msg>) {
    ask_history(
        reader,
        tx,
        |why| Msg::StoredMatrices(Err(why)),
        |store| Msg::StoredMatrices(store.matrices(crate::app::matrix_list::LISTED).map_err(|error| error.to_string())),
    );
}

/// Read stored matrix `id` with its cells, and each row's request (attachments read again from
/// where the set was), off the UI task; answers with `Msg::StoredMatrixLoaded`.
pub fn read_stored_matrix(reader: Option<Arc<Mutex<Store>>>, id: MatrixId, tx: &UnboundedSender<Msg>) {
    ask_history(
        reader,
        tx,
        |why| Msg::StoredMatrixLoaded(Err(why)),
        move |store| Msg::StoredMatrixLoaded(stored_matrix(store, id).map(Box::new)),
    );
}

/// Stored matrix `id` ready to reopen; an error names it and what is wrong.
fn stored_matrix(store: &Store, id: MatrixId) -> Result<StoredMatrix, String> {
    let matrix = record::read(store, id)?
        .ok_or_else(|| format!("no matrix {id} in the history (alt+x lists the stored ones)"))?;
    let rows = u32::try_from(matrix.plan.prompts.len()).unwrap_or(u32::MAX);
    let requests = (0..rows).map(|row| request::cell_request(&matrix.plan, row)).collect();
    Ok(StoredMatrix { matrix, requests })
}

/// Read the batch jobs not fetched yet off the UI task; answers with `Msg::BatchJobs`.
pub fn read_batch_jobs(reader: Option<Arc<Mutex<Store>>>, tx: &UnboundedSender<Msg>) {
    ask_history(
        reader,
        tx,
        |why| Msg::BatchJobs(Err(why)),
        |store| Msg::BatchJobs(store.batch_jobs(true).map_err(|error| error.to_string())),
    );
}

/// The plans of the matrices this session stored, so each cell is written against its own.
#[derive(Debug, Default)]
pub struct MatrixWrites {
    plans: HashMap<MatrixId, MatrixPlan>,
}

impl MatrixWrites {
    /// Write a matrix or a cell through `recording`; `false` when `effect` is neither. A row
    /// that cannot be made is reported as a problem; without a history nothing is written.
    pub fn write(&mut self, effect: &Effect, recording: Option<&Recording>, tx: &UnboundedSender<Msg>) -> bool {
        match effect {
            Effect::NewMatrix { plan } => {
                match record::plan_row(plan) {
                    Ok(row) => {
                        if let Some(recording) = recording {
                            recording.send(Command::NewMatrix(Box::new(row)));
                        }
                    }
                    Err(why) => drop(tx.send(Msg::Problem(format!("history: matrix {}: {why}", plan.id)))),
                }
                self.plans.insert(plan.id, (**plan).clone());
            }
            Effect::TrackMatrix { plan } => drop(self.plans.insert(plan.id, (**plan).clone())),
            Effect::SaveCell { matrix, run, outcome } => {
                let (Some(plan), Some(recording)) = (self.plans.get(matrix), recording) else { return true };
                let mut outcome = (**outcome).clone();
                outcome.run = recording.run_key(*run);
                recording.send(Command::SaveCell(Box::new(record::cell_row(plan, &outcome))));
            }
            _ => return false,
        }
        true
    }
}
