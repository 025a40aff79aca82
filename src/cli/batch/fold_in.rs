//! Fetching an ended job's results into the history and its matrix: each result a stored run
//! and its cell ([`crate::batch::fold`]), then the job marked fetched, so fetching again stores
//! nothing twice.

use super::jobs::StoredJob;
use crate::batch::fold::{Folded, FromJob, fold};
use crate::batch::{BatchContext, Provider, service};
use crate::config::paths::Paths;
use crate::matrix::{CellStatus, Matrix, record, request};
use crate::models::Catalog;
use crate::routes::request::ChatRequest;
use crate::store::{Command, Store, now_ms};
use std::collections::HashMap;

/// What a fetch came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetched {
    pub done: usize,
    pub failed: usize,
}

/// The matrix job `job` answers, read from the store.
pub fn stored_matrix(store: &Store, job: &StoredJob) -> Result<Matrix, String> {
    let id = job.row.matrix.ok_or_else(|| {
        format!("batch job {}: its matrix was deleted, so its results have no cells to go to", job.row.id)
    })?;
    let (row, cells) = store
        .matrix(id)
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("batch job {}: matrix {id} is not in the history", job.row.id))?;
    record::from_rows(&row, &cells)
}

/// Fetch `job`'s results and fold them into the history and `matrix` (its own matrix),
/// writing through `store`. A job already fetched is left alone.
pub async fn fetch_into(
    context: &BatchContext,
    store_path: &std::path::Path,
    job: &mut StoredJob,
    matrix: &mut Matrix,
) -> Result<Fetched, String> {
    let results = service::fetch(context, job.api, &job.target, &job.row.remote_id, &job.detail).await?;
    let cells: HashMap<&str, _> = job.detail.records.iter().map(|(id, cell)| (id.as_str(), *cell)).collect();
    let catalog = Catalog::with_user_file(&Paths::discover().models_file()).0;
    let from = FromJob {
        provider: Provider::of(job.api),
        remote_id: &job.row.remote_id,
        target: &job.target,
        sent_ms: job.row.created_ms,
    };
    let mut requests: HashMap<u32, ChatRequest> = HashMap::new();
    let mut commands = Vec::new();
    let mut fetched = Fetched { done: 0, failed: 0 };
    for result in &results {
        let Some(&key) = cells.get(result.custom_id.as_str()) else { continue };
        let request = requests.entry(key.prompt).or_insert_with(|| {
            request::cell_request(&matrix.plan, key.prompt)
                .unwrap_or_else(|_| ChatRequest::single(prompt_of(matrix, key.prompt)))
        });
        let Folded { commands: writes, cell } = fold(&from, key, request, result, &catalog, now_ms());
        if cell.status == CellStatus::Done {
            fetched.done += 1;
        } else {
            fetched.failed += 1;
        }
        commands.extend(writes);
        commands.push(Command::SaveCell(Box::new(record::cell_row(&matrix.plan, &cell))));
        matrix.set(cell);
    }
    job.row.fetched = true;
    job.row.updated_ms = now_ms();
    commands.push(job.command());
    let path = store_path.to_path_buf();
    tokio::task::spawn_blocking(move || apply(&path, commands))
        .await
        .map_err(|error| format!("history: {error}"))??;
    Ok(fetched)
}

/// Apply every write, in order, on one connection.
fn apply(path: &std::path::Path, commands: Vec<Command>) -> Result<(), String> {
    let store = Store::open(path).map_err(|error| error.to_string())?;
    for command in commands {
        store.apply(command).map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// A row's prompt as the item has it, when its full request cannot be rebuilt (an
/// attachment gone since it was sent).
fn prompt_of(matrix: &Matrix, prompt: u32) -> String {
    matrix.plan.prompts.get(prompt as usize).map(crate::matrix::PromptItem::rendered_prompt).unwrap_or_default()
}
