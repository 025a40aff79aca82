//! `routeplay batch list|status|fetch|cancel`: the jobs `compare --batch` sent, which outlive
//! the process that sent them. A job is named by routeplay's id, the provider's id, or a
//! unique tail of it.

pub(super) mod fold_in;
pub(super) mod jobs;
pub(super) mod wait;

use super::BatchArgs;
use super::BatchCommand;
use super::output::outln;
use crate::batch::service;
use crate::config::paths::Paths;
use crate::store::Store;
use jobs::StoredJob;

pub async fn run(args: BatchArgs) -> i32 {
    super::exit_code(command(args.command).await)
}

async fn command(command: BatchCommand) -> Result<i32, String> {
    match command {
        BatchCommand::List { pending, json } => list(pending, json),
        BatchCommand::Status { id, json } => status(&id, json).await,
        BatchCommand::Fetch { id, wait } => fetch(&id, wait).await,
        BatchCommand::Cancel { id } => cancel(&id).await,
    }
}

fn list(pending: bool, json: bool) -> Result<i32, String> {
    let store = jobs::open_store()?;
    let rows = store.batch_jobs(pending).map_err(|error| error.to_string())?;
    if rows.is_empty() && !json {
        eprintln!("routeplay: no {}batch jobs", if pending { "pending " } else { "" });
    }
    for row in rows {
        let job = jobs::understand(row)?;
        if json {
            outln!("{}", job.json());
        } else {
            outln!("{}", job.line());
        }
    }
    Ok(0)
}

async fn status(id: &str, json: bool) -> Result<i32, String> {
    let mut job = jobs::find(&jobs::open_store()?, id)?;
    let context = jobs::context();
    let status = service::status(&context, job.api, &job.target, &job.row.remote_id).await?;
    job.seen(status);
    wait::save(&store_path(), &job)?;
    if json {
        outln!("{}", job.json());
    } else {
        outln!("{}", job.line());
    }
    Ok(0)
}

async fn fetch(id: &str, wait_first: bool) -> Result<i32, String> {
    let store = jobs::open_store()?;
    let mut job = jobs::find(&store, id)?;
    if job.row.fetched {
        eprintln!("routeplay: batch job {} was fetched already: its runs are in the history", job.row.id);
        return Ok(0);
    }
    let mut matrix = fold_in::stored_matrix(&store, &job)?;
    drop(store);
    let context = jobs::context();
    let path = store_path();
    if wait_first {
        if let Some(code) = wait::until_ended(&context, &path, std::slice::from_mut(&mut job)).await? {
            eprintln!("routeplay: stopped waiting; the job goes on: `routeplay batch fetch {} --wait`", job.row.id);
            return Ok(code);
        }
    } else {
        let status = service::status(&context, job.api, &job.target, &job.row.remote_id).await?;
        job.seen(status);
        wait::save(&path, &job)?;
        if !job.row.ended {
            return Err(format!(
                "batch job {} is {} ({} of {} processed): fetch it once it has ended, or wait with \
                 `routeplay batch fetch {} --wait`",
                job.row.id,
                job.row.state,
                job.detail.status.counts.total - job.detail.status.counts.processing,
                job.detail.status.counts.total,
                job.row.id
            ));
        }
    }
    let fetched = fold_in::fetch_into(&context, &path, &mut job, &mut matrix).await?;
    outln!(
        "batch job {}: {} runs stored ({} done, {} failed) in the history and matrix {}",
        job.row.id,
        fetched.done + fetched.failed,
        fetched.done,
        fetched.failed,
        matrix.plan.id
    );
    Ok(i32::from(fetched.failed > 0))
}

async fn cancel(id: &str) -> Result<i32, String> {
    let mut job: StoredJob = jobs::find(&jobs::open_store()?, id)?;
    if job.row.ended {
        return Err(format!("batch job {} has ended ({}): there is nothing to cancel", job.row.id, job.row.state));
    }
    let context = jobs::context();
    let status = service::cancel(&context, job.api, &job.target, &job.row.remote_id).await?;
    job.seen(status);
    wait::save(&store_path(), &job)?;
    outln!("{}", job.line());
    eprintln!("routeplay: cancel asked; `routeplay batch fetch {} --wait` stores what was done", job.row.id);
    Ok(0)
}

fn store_path() -> std::path::PathBuf {
    Store::file(&Paths::discover())
}
