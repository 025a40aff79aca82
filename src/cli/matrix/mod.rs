//! `routeplay compare --prompts FILE` (and `--resume ID`): a prompt set sent to every target
//! as a stored matrix, and `routeplay matrix list|show|export`.
//!
//! The matrix is stored before its first cell is sent, each cell as it ends, so a matrix cut
//! short (a signal, a `kill -9`) is resumed with `compare --resume ID`: every cell not done is
//! sent again, no done cell is.

mod batch;
mod confirm;
pub mod driver;
pub mod outcome;
mod plan;
mod progress;
mod report;
mod stored;

use super::live::{Signals, recording};
use super::output::out;
use super::{CompareArgs, MatrixArgs};
use crate::auth::google::GoogleTokens;
use crate::client::Client;
use crate::config::file::Config;
use crate::config::paths::Paths;
use crate::emulator::EmulatorHandle;
use crate::matrix::export::Format;
use crate::matrix::{CellKey, CellStatus, Matrix, record};
use crate::runtime::RunContext;
use crate::store::{Command, Store};
use std::io::IsTerminal;
use std::sync::Arc;

/// `compare --prompts FILE …` or `compare --resume ID`; returns the exit code.
pub async fn run(args: CompareArgs) -> i32 {
    super::exit_code(matrix(args).await)
}

/// `routeplay matrix …`; returns the exit code.
#[must_use]
pub fn command(args: MatrixArgs) -> i32 {
    super::exit_code(stored::command(args))
}

async fn matrix(args: CompareArgs) -> Result<i32, String> {
    let config = super::load_config(&Paths::discover());
    let resumed = args.matrix.resume;
    let mut matrix = match resumed {
        Some(id) => plan::load(id)?,
        None => Matrix::new(plan::new_plan(&args, &config)?),
    };
    if resumed.is_some() && matrix.plan.batch {
        return Err(format!(
            "matrix {} was sent as batch jobs: `routeplay batch list` shows them and `routeplay batch fetch ID` \
             folds their results in; --resume sends the cells of an on-demand matrix",
            matrix.plan.id
        ));
    }
    if matrix.plan.batch {
        batch::refuse_without_wait(&matrix, args.matrix.wait)?;
    }
    let limits = plan::limits(args.matrix.concurrency, &config.compare)?;
    if let Some(path) = &args.matrix.out {
        Format::of_path(path)?;
    }
    let plan = &matrix.plan;
    let emulator =
        super::builtin_emulator::start_if_needed(&plan.targets, plan.demo, args.tokens_per_second, &config).await?;
    let context = run_context(&matrix, config, emulator.as_ref());
    let id = matrix.plan.id;
    let to_send: Vec<CellKey> = matrix.to_send().collect();
    if resumed.is_some() {
        eprintln!("routeplay: resuming matrix {id}: {} of {} cells to send", to_send.len(), matrix.cells.len());
    } else {
        let pricing = outcome::Pricing::load();
        let estimate = confirm::estimate(&matrix.plan, &context, pricing.catalog()).await;
        eprint!("{}", super::terminal_text::for_stderr(&confirm::describe(&matrix.plan, &estimate)));
        let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        confirm::allow(&estimate, &context.config.compare, args.matrix.yes, terminal)?;
    }
    if matrix.plan.batch {
        return batch_matrix(&mut matrix, &args, &context).await;
    }
    // Listened for only now: until the matrix is stored, a signal ends the process as usual
    // (a Ctrl-C at the question above included), and nothing is lost.
    let mut signals = Signals::listen().map_err(|error| format!("cannot listen for signals: {error}"))?;
    let history = &context.config.history;
    let keep_response = history.kept_response_bytes();
    let mut recording = recording(keep_response).map(|r| r.keeping_attachment_bytes(history.keep_attachments));
    if resumed.is_none()
        && let Some(recording) = &recording
    {
        recording.send(Command::NewMatrix(Box::new(record::plan_row(&matrix.plan)?)));
    }
    if resumed.is_none() {
        eprintln!("routeplay: matrix {id}: {} cells to send", to_send.len());
    }
    let mut progress = progress::ProgressLine::new(std::io::stderr().is_terminal());
    let driver = driver::Driver::new(&mut matrix, &context, recording.as_mut(), keep_response);
    let signal = driver.run(to_send, limits, signals.next(), |tick| progress.update(tick)).await;
    progress.finish(&matrix);
    if let Some(recording) = recording {
        // Joining the writer thread blocks; keep it off the runtime's threads.
        let _ = tokio::task::spawn_blocking(move || recording.close()).await;
    }
    super::builtin_emulator::stop(emulator).await;
    print_results(&matrix, &args)?;
    if let Some(code) = signal {
        eprintln!(
            "routeplay: cancelled by a signal; the cells not done are kept pending: resume with `routeplay compare \
             --resume {id}`"
        );
        return Ok(code);
    }
    Ok(exit_code(&matrix))
}

/// `--batch`: the matrix stored at once (the batch jobs name it), then sent as batch jobs.
async fn batch_matrix(matrix: &mut Matrix, args: &CompareArgs, context: &RunContext) -> Result<i32, String> {
    let store = Store::open(Store::file(&Paths::discover())).map_err(|e| format!("history: {e}"))?;
    store.new_matrix(&record::plan_row(&matrix.plan)?).map_err(|e| format!("history: {e}"))?;
    let batch_context = crate::batch::BatchContext {
        client: context.client.clone(),
        config: Arc::clone(&context.config),
        emulator_url: context.emulator_url.clone(),
        google_tokens: context.google_tokens.clone(),
        demo: matrix.plan.demo,
    };
    let code = batch::run(matrix, &batch_context, args.matrix.wait).await?;
    if args.matrix.wait {
        print_results(matrix, args)?;
    }
    Ok(code)
}

/// The table and findings (or one JSON record per cell) on standard output, and `--out`.
fn print_results(matrix: &Matrix, args: &CompareArgs) -> Result<(), String> {
    let store = report::history();
    if args.json {
        out!("{}", report::render(matrix, Format::Jsonl, store.as_ref()));
    } else {
        out!("{}", report::table(matrix));
    }
    if let Some(path) = &args.matrix.out {
        report::write(matrix, path, store.as_ref())?;
        eprintln!("routeplay: wrote {}", path.display());
    }
    Ok(())
}

/// 0 when every cell is done; else 1, saying how many are not.
fn exit_code(matrix: &Matrix) -> i32 {
    let failed = matrix.cells.iter().filter(|cell| cell.status != CellStatus::Done).count();
    if failed == 0 {
        return 0;
    }
    for line in report::failure_reasons(matrix) {
        eprintln!("routeplay: {}", super::terminal_text::for_stderr(&line));
    }
    let again = if matrix.plan.batch {
        format!("`routeplay matrix show {} --json` names each", matrix.plan.id)
    } else {
        format!("`routeplay compare --resume {}` sends them again", matrix.plan.id)
    };
    eprintln!("routeplay: {} of {} failed; {again}", failed, crate::app::counted(matrix.cells.len(), "cell"));
    1
}

fn run_context(matrix: &Matrix, config: Config, emulator: Option<&EmulatorHandle>) -> RunContext {
    let plain = matrix.plan.targets.iter().all(|t| super::input::plain_http_only(t.route, &config, matrix.plan.demo));
    RunContext {
        client: if plain { Client::plain_http(&config.network) } else { Client::new(&config.network) },
        config: Arc::new(config),
        emulator_url: emulator.map(EmulatorHandle::base_url),
        google_tokens: GoogleTokens::default(),
    }
}
