//! The options of compare at scale: `compare --prompts`, `routeplay matrix …` and
//! `routeplay batch …`.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// The options `compare` takes for a prompt-set matrix.
#[derive(Debug, Args)]
pub struct MatrixOptions {
    /// A prompt-set file: JSONL (one object per line with `prompt`, and optional `id`,
    /// `system`, `attachments`, `vars`) or plain text (one prompt per non-empty line). Sends
    /// every prompt to every target as a stored, resumable matrix.
    #[arg(long, value_name = "FILE")]
    pub prompts: Option<PathBuf>,
    /// Send each cell N times and report p50, p90 and max of TTFT, tok/s and total time.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeat: u32,
    /// Resume a stored matrix: send only the cells not yet done.
    #[arg(long, value_name = "MATRIX_ID", conflicts_with_all = ["prompts", "targets", "set"])]
    pub resume: Option<i64>,
    /// Also write the matrix to FILE: `.csv`, `.jsonl` or `.md` (a Markdown report).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Cells in flight at once on each route (default `[compare] concurrency`, else 4).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Start without asking, whatever the estimated cost or size.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Send the matrix through each target's batch service (Anthropic Message Batches,
    /// Bedrock batch inference, Vertex batch prediction) at the batch price.
    #[arg(long, requires = "prompts")]
    pub batch: bool,
    /// With `--batch`: wait until every job has ended, then fetch the results.
    #[arg(long, requires = "batch")]
    pub wait: bool,
}

/// `routeplay matrix …`
#[derive(Debug, Args)]
pub struct MatrixArgs {
    #[command(subcommand)]
    pub command: MatrixCommand,
}

/// What to do with stored matrices.
#[derive(Debug, Subcommand)]
pub enum MatrixCommand {
    /// Stored matrices, most recently updated first.
    List {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// A matrix's figures per target and its findings.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Write a matrix to a file: `.csv`, `.jsonl` or `.md`.
    Export { id: i64, out: PathBuf },
}

/// `routeplay batch …`
#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(subcommand)]
    pub command: BatchCommand,
}

/// What to do with the batch jobs routeplay sent.
#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Every job, newest first, with its state and counts as last seen.
    List {
        /// Only jobs whose results are not fetched yet.
        #[arg(long)]
        pending: bool,
        #[arg(long)]
        json: bool,
    },
    /// Ask the provider for a job's state now.
    Status {
        /// routeplay's job id, the provider's id, or the tail of it.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Fetch an ended job's results into the history and its matrix.
    Fetch {
        id: String,
        /// Wait for the job to end first.
        #[arg(long)]
        wait: bool,
    },
    /// Ask the provider to stop a job.
    Cancel { id: String },
}
