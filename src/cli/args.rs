//! What the command line accepts: the playground's flags, each subcommand and its options,
//! with the help text and examples `--help` prints.

use crate::config::ranges::{TEMPERATURE, TOKENS_PER_SECOND, TOP_P};
use crate::routes::{Place, PlaceKind, Places};
use clap::{Args, Parser, Subcommand};

mod controls;
mod history;
mod scale;
pub use controls::ControlArgs;
pub use history::{HistoryArgs, HistoryCommand};
pub use scale::{BatchArgs, BatchCommand, MatrixArgs, MatrixCommand, MatrixOptions};

// Float flags are checked when they are parsed: finite and in range, or clap says which flag
// and what range, before anything runs (`replay --speed` is checked by `replay` itself).
fn temperature(text: &str) -> Result<f32, String> {
    TEMPERATURE.parse_f32(text)
}

fn top_p(text: &str) -> Result<f32, String> {
    TOP_P.parse_f32(text)
}

fn tokens_per_second(text: &str) -> Result<f64, String> {
    TOKENS_PER_SECOND.parse(text)
}

/// A terminal playground for calling LLMs over their different routes.
#[derive(Debug, Parser)]
#[command(
    name = "routeplay",
    version,
    about,
    long_about = "routeplay is a terminal playground for calling large language models over their \
                  different routes: the Anthropic API; Amazon Bedrock's Mantle, InvokeModel and Converse; \
                  the Gemini API; Gemini and Claude on Vertex AI; and a built-in emulator that speaks \
                  every route's wire. Without a subcommand it opens the playground.",
    after_help = "Examples:\n  routeplay                          open the playground where the last session left off\n  \
                  routeplay ask \"Why is the sky blue?\"\n  routeplay routes --json\n  routeplay emulator --port 8080"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Route the playground starts on (default: the last session's, from config.toml, else the
    /// first route with a credential set, else `emulator`).
    #[arg(long, global = false)]
    pub route: Option<String>,
    /// Model the playground starts on.
    #[arg(long)]
    pub model: Option<String>,
    /// Send every Bedrock and Google route to the built-in emulator with demo credentials, so
    /// the whole signing, token and framing path can be shown offline.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub places: PlaceArgs,
    /// Open on the compare view with the set `[compare.sets.NAME]` from config.toml.
    #[arg(long, value_name = "NAME")]
    pub compare: Option<String>,
    /// Present the demo script `[demo.scripts.NAME]` from config.toml: ctrl+n replays each step.
    #[arg(long, value_name = "NAME")]
    pub script: Option<String>,
    /// Start clean: ignore the last session's route, model, place, system prompt, parameters,
    /// theme and conversation (saved in state.toml in the data directory).
    #[arg(long)]
    pub fresh: bool,
    /// Open on the stored matrix ID (`routeplay matrix list` shows them): its cells as they
    /// were, to read, open row by row or resume with s.
    #[arg(long, value_name = "ID")]
    pub matrix: Option<i64>,
}

/// The request's system prompt and parameters, as `ask` and `compare` take them.
#[derive(Debug, Clone, Default, Args)]
pub struct RequestArgs {
    /// System prompt.
    #[arg(long)]
    pub system: Option<String>,
    /// Maximum output tokens.
    #[arg(long)]
    pub max_tokens: Option<u32>,
    /// Sampling temperature, 0 to 2.
    #[arg(long, value_parser = temperature)]
    pub temperature: Option<f32>,
    /// Nucleus sampling, 0 to 1.
    #[arg(long, value_parser = top_p)]
    pub top_p: Option<f32>,
    /// A stop sequence (repeatable).
    #[arg(long = "stop")]
    pub stop: Vec<String>,
    #[command(flatten)]
    pub controls: ControlArgs,
}

/// Options of `routeplay replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The conversation's id (from `routeplay history list`).
    pub id: i64,
    /// How much faster than recorded: 1 is the original pace (0.01 to 1000).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
}

/// Where runs go beyond route and model.
#[derive(Debug, Clone, Default, Args)]
pub struct PlaceArgs {
    /// AWS region for the Bedrock routes (default: `AWS_REGION`, the profile's region).
    #[arg(long)]
    pub region: Option<String>,
    /// AWS profile for the Bedrock routes (default: `AWS_PROFILE`).
    #[arg(long)]
    pub profile: Option<String>,
    /// Google Cloud project for the Vertex routes (default: `GOOGLE_CLOUD_PROJECT`, the
    /// credential's project).
    #[arg(long)]
    pub project: Option<String>,
    /// Vertex AI location: `global`, `us`, `eu` or a region (default: `GOOGLE_CLOUD_LOCATION`,
    /// else `global`).
    #[arg(long)]
    pub location: Option<String>,
}

impl PlaceArgs {
    /// The places given, one for each kind of route (the playground's starting ones).
    #[must_use]
    pub fn places(&self) -> Places {
        Places {
            region: self.region.clone(),
            profile: self.profile.clone(),
            location: self.location.clone(),
            project: self.project.clone(),
        }
    }

    /// The place for a run on a route of `kind` alone (`ask`): there `--region` also names the
    /// Vertex location, since that is what users type.
    #[must_use]
    pub fn place(&self, kind: PlaceKind) -> Place {
        let mut places = self.places();
        if kind == PlaceKind::Vertex {
            places.location = places.location.or(places.region.take());
        }
        places.of(kind)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send one prompt and stream the answer to standard output.
    #[command(after_help = "Examples:\n  routeplay ask \"Summarise SigV4 in one line\"\n  \
                            echo 'Hello' | routeplay ask --route anthropic --model claude-haiku-4-5-20251001\n  \
                            routeplay ask --json --max-tokens 200 \"Name three rivers\"")]
    Ask(AskArgs),
    /// List every route with its credential status and where the credential comes from.
    #[command(after_help = "Examples:\n  routeplay routes\n  routeplay routes --json")]
    Routes {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Report the Bedrock and Google routes as `--demo` would run them.
        #[arg(long)]
        demo: bool,
        /// Check at this region, profile, project or location instead of the environment's.
        #[command(flatten)]
        places: PlaceArgs,
    },
    /// Serve the emulator on 127.0.0.1 so other tools (curl, SDKs) can use it.
    #[command(after_help = "Examples:\n  routeplay emulator --port 8080\n  \
                            ANTHROPIC_BASE_URL=http://127.0.0.1:8080 ANTHROPIC_API_KEY=routeplay-emulator your-tool")]
    Emulator(EmulatorArgs),
    /// Read, search, export and delete the runs the playground stored.
    #[command(after_help = "Examples:\n  routeplay history list --route bedrock-converse --limit 10\n  \
                            routeplay history search \"inference profile\"\n  routeplay history export 913731375166420256 --format md\n  \
                            routeplay history stats --json")]
    History(HistoryArgs),
    /// Play a stored conversation's answers again from their recorded stream events, offline,
    /// with the original pacing or faster.
    #[command(after_help = "Examples:\n  routeplay history list\n  routeplay replay 913731375166420256\n  \
                            routeplay replay 913731375166420256 --speed 4")]
    Replay(ReplayArgs),
    /// Send one prompt to 2 to 8 targets at once and compare their figures and answers.
    #[command(after_help = "Targets are ROUTE[@REGION]:MODEL, split at the first `:` (model ids may hold\n\
                            `:` and `@`); on Vertex routes the part after `@` is the location.\n\n\
                            Examples:\n  routeplay compare --target anthropic:claude-sonnet-4-5-20250929 \\\n    \
                            --target bedrock-converse@eu-west-1:eu.anthropic.claude-sonnet-4-5-20250929-v1:0 \\\n    \
                            --target vertex-claude@us-east5:claude-sonnet-4-5@20250929 \"Explain SigV4\"\n  \
                            routeplay compare --demo --target bedrock-invoke:anthropic.emulator-sonnet-v1:0 \\\n    \
                            --target gemini-api:gemini-2.5-flash \"Hi\"\n  \
                            routeplay compare --set claude --json < prompt.txt")]
    Compare(CompareArgs),
    /// List, show and export the matrices `compare --prompts` stored.
    #[command(after_help = "Examples:\n  routeplay matrix list\n  routeplay matrix show 913731375166420256\n  \
                            routeplay matrix export 913731375166420256 report.md")]
    Matrix(MatrixArgs),
    /// The batch jobs `compare --batch` sent: list them, ask their state, fetch their results
    /// into the history, or cancel them.
    #[command(
        after_help = "Examples:\n  routeplay batch list --pending\n  routeplay batch status msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d\n  \
                            routeplay batch fetch 913731375166420256 --wait"
    )]
    Batch(BatchArgs),
    /// Print a stored run's request as a runnable snippet: a curl command, an AWS CLI command or
    /// a Python script with the provider's SDK. Credentials are read from the environment when
    /// it runs, never written into it.
    #[command(after_help = "Examples:\n  routeplay history show 913731375166420256 --json   (each run's run_id)\n  \
                            routeplay snippet 913731375166420300 --as curl\n  \
                            routeplay snippet 913731375166420300 --as python --out again.py\n  \
                            routeplay snippet 913731375166420256 --as aws   (a conversation id: its last run)")]
    Snippet(SnippetArgs),
    /// Show what a stored run really sent and received, as the playground's inspector does:
    /// the request (credentials masked), its SigV4 signature, the response's status and
    /// headers, and the stream frame by frame.
    #[command(after_help = "Examples:\n  routeplay inspect 913731375166420300\n  \
                            routeplay inspect 913731375166420300 --raw | less\n  \
                            routeplay inspect 913731375166420256 --json   (a conversation id: its last run)")]
    Inspect(InspectArgs),
    /// Can I call this model on this route from here, and if not, why not: credential and
    /// identity, place, endpoint, DNS, TCP, TLS, clock, model access, and with `--probe` one
    /// request of one token. Exits 0 only when every checked route is ready.
    #[command(after_help = "Examples:\n  routeplay doctor\n  routeplay doctor --demo\n  \
                            routeplay doctor --route bedrock-converse --region eu-west-1 --probe\n  \
                            routeplay doctor --json --route vertex-claude --model claude-sonnet-4-5@20250929")]
    Doctor(DoctorArgs),
    /// Write a conversation (or one run) with its recorded stream events to one JSON file.
    #[command(after_help = "Examples:\n  routeplay export-run 913731375166420256 slow-converse.json\n  \
                            routeplay import-run slow-converse.json   (on another machine)")]
    ExportRun(ExportRunArgs),
    /// Add a file written by `export-run` to the history as a new conversation; prints its id.
    #[command(after_help = "Examples:\n  routeplay import-run slow-converse.json\n  \
                            routeplay replay \"$(routeplay import-run slow-converse.json)\" --speed 4")]
    ImportRun(ImportRunArgs),
}

/// Options of `routeplay doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Check only this route (default: every route).
    #[arg(long, value_name = "ROUTE")]
    pub route: Option<String>,
    /// The model to check (needs --route; default: the route's default model).
    #[arg(long)]
    pub model: Option<String>,
    /// Also send one request of one output token (its estimated cost is shown first).
    #[arg(long)]
    pub probe: bool,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
    /// Check the routes as `--demo` runs them: on the built-in emulator, offline.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub places: PlaceArgs,
}

/// Options of `routeplay snippet`.
#[derive(Debug, Args)]
pub struct SnippetArgs {
    /// A run id (`run_id` in `routeplay history show ID --json`), or a conversation id for its
    /// last run.
    pub id: i64,
    /// What to write: `curl`, `aws` (the Bedrock runtime routes) or `python`.
    #[arg(long = "as", value_name = "KIND", default_value = "curl")]
    pub format: crate::snippet::Format,
    /// Write the snippet to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

/// Options of `routeplay inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A run id (`run_id` in `routeplay history show ID --json`), or a conversation id for its
    /// last run.
    pub id: i64,
    /// Show each frame's raw bytes (with `--json`: each frame's bytes in base64).
    #[arg(long)]
    pub raw: bool,
    /// Print JSON: the request, the response and the frames.
    #[arg(long)]
    pub json: bool,
}

/// Options of `routeplay export-run`.
#[derive(Debug, Args)]
pub struct ExportRunArgs {
    /// A conversation id (all its runs) or a run id (that run).
    pub id: i64,
    /// The JSON file to write.
    pub file: std::path::PathBuf,
}

/// Options of `routeplay import-run`.
#[derive(Debug, Args)]
pub struct ImportRunArgs {
    /// A file written by `routeplay export-run`.
    pub file: std::path::PathBuf,
}

/// Options of `routeplay compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The prompt; read from standard input when absent.
    pub prompt: Option<String>,
    /// A target, `ROUTE[@REGION]:MODEL` (repeatable, 2 to 8 in all).
    #[arg(long = "target", value_name = "ROUTE[@REGION]:MODEL")]
    pub targets: Vec<String>,
    /// A named set of targets from `[compare.sets.NAME]` in config.toml.
    #[arg(long)]
    pub set: Option<String>,
    #[command(flatten)]
    pub request: RequestArgs,
    /// Google Cloud project for the Vertex targets.
    #[arg(long)]
    pub project: Option<String>,
    /// AWS profile for the Bedrock targets.
    #[arg(long)]
    pub profile: Option<String>,
    /// Send Bedrock and Google targets to the built-in emulator with demo credentials.
    #[arg(long)]
    pub demo: bool,
    /// Output pace of the built-in emulator, in tokens per second (default: as fast as possible).
    #[arg(long, value_parser = tokens_per_second)]
    pub tokens_per_second: Option<f64>,
    /// Print one JSON record per target per line instead of the table and answers.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub matrix: MatrixOptions,
}

/// Options of `routeplay ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// The prompt; read from standard input when absent.
    pub prompt: Option<String>,
    #[arg(long, value_name = "ROUTE", help = route_help())]
    pub route: Option<String>,
    /// Model id on that route.
    #[arg(long)]
    pub model: Option<String>,
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub places: PlaceArgs,
    /// Print one JSON record at the end instead of streaming text.
    #[arg(long)]
    pub json: bool,
    /// Send Bedrock and Google routes to the built-in emulator with demo credentials.
    #[arg(long)]
    pub demo: bool,
    /// Count the request's input tokens with the route's counting endpoint, and their cost;
    /// send nothing to the model.
    #[arg(long)]
    pub count_only: bool,
}

/// Options of `routeplay emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Output pace in tokens per second (0: as fast as possible).
    #[arg(long, value_parser = tokens_per_second)]
    pub tokens_per_second: Option<f64>,
    /// The x-api-key clients must send.
    #[arg(long, default_value = crate::emulator::EMULATOR_API_KEY)]
    pub api_key: String,
    /// A Google service-account key file (JSON) whose self-signed JWTs and jwt-bearer
    /// assertions the Google surfaces accept; only its public key is kept. Repeatable.
    #[arg(long = "trust-google-key", value_name = "FILE")]
    pub trust_google_key: Vec<std::path::PathBuf>,
}

/// `--route`'s help: every route, from the route list itself.
fn route_help() -> String {
    let names: Vec<&str> = crate::routes::RouteId::ALL.iter().map(|route| route.name()).collect();
    format!("Route to send on: {}", names.join(", "))
}
