//! The options of `routeplay history` and its subcommands.

use clap::{Args, Subcommand};

/// `routeplay history …`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: HistoryCommand,
}

/// What to do with the history.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Conversations, newest first.
    List {
        /// Only conversations with a run on this route.
        #[arg(long)]
        route: Option<String>,
        /// Only conversations with a run of this model.
        #[arg(long)]
        model: Option<String>,
        /// Only conversations with a run in this status (running, done, failed, cancelled, interrupted).
        #[arg(long)]
        status: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over prompts and answers; matches are shown in [brackets].
    Search {
        /// Words to find (the last one also matches as a prefix).
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One conversation with every turn and its figures.
    Show {
        id: i64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One conversation as Markdown (for people) or JSON (complete enough to re-run).
    Export {
        id: i64,
        /// `md` or `json`.
        #[arg(long, default_value = "md")]
        format: String,
    },
    /// Per route and model: runs, failure rate, median time to first token and total time, tokens.
    Stats {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Delete a conversation and its runs.
    Delete { id: i64 },
}
