//! `config.toml`: the user's settings. Every field is optional; a broken file is reported
//! with its line and the app carries on with defaults.

use super::problem::Problem;
use serde::Deserialize;
use std::path::Path;

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Theme name (`dark`, `light`, `catppuccin-mocha`, `gruvbox-dark`, or a user theme).
    pub theme: Option<String>,
    pub defaults: Defaults,
    pub network: Network,
    pub emulator: EmulatorSettings,
    pub routes: Routes,
    pub compare: CompareSettings,
    pub demo: DemoSettings,
    pub history: HistorySettings,
    pub batch: BatchSettings,
}

/// `[batch]`: the providers' batch services (`compare --prompts FILE --batch`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BatchSettings {
    /// Seconds between polls while `--wait` waits for jobs (default 30; 0.2 at least).
    pub poll_secs: Option<f64>,
    pub bedrock: BedrockBatchSettings,
    pub vertex: VertexBatchSettings,
}

/// `[batch.bedrock]`: where Bedrock batch jobs read and write their records, and the role they
/// run as.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BedrockBatchSettings {
    /// The S3 bucket for input and output records.
    pub bucket: Option<String>,
    /// The key prefix under it (default `routeplay/`).
    pub prefix: Option<String>,
    /// The IAM service role Bedrock assumes to read and write the bucket.
    pub role_arn: Option<String>,
    /// The fewest records a job may hold (the model's Service Quota, default 100); smaller
    /// groups of cells go on-demand.
    pub min_records: Option<usize>,
    /// Job timeout in hours, 24 to 168 (default 24).
    pub timeout_hours: Option<u32>,
}

/// `[batch.vertex]`: where Vertex batch prediction jobs read and write their records.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VertexBatchSettings {
    /// The Cloud Storage bucket for input and output records.
    pub bucket: Option<String>,
    /// The object prefix under it (default `routeplay/`).
    pub prefix: Option<String>,
}

/// `[history]`: what the history keeps of each run.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistorySettings {
    /// How much of each response body to keep for the inspector, in KiB (default 1024); `0`
    /// keeps the request and the response's status and headers only. Stream events, for
    /// replay, are kept whole either way.
    pub keep_response_kib: Option<u64>,
    /// Keep each attached file's bytes (as base64) with its run, so the run can be sent again
    /// or exported whole; off by default: the history keeps each file's name, kind, size and
    /// SHA-256 only.
    pub keep_attachments: bool,
}

impl HistorySettings {
    /// The response bytes each run keeps.
    #[must_use]
    pub fn kept_response_bytes(&self) -> usize {
        usize::try_from(self.keep_response_kib.unwrap_or(1024).saturating_mul(1024)).unwrap_or(usize::MAX)
    }
}

/// `[demo]`: scripts for presenting, played a step at a time.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DemoSettings {
    /// `[demo.scripts.NAME] steps = [ID, …]`: stored conversations (ids from `routeplay history
    /// list`) replayed in order.
    pub scripts: std::collections::BTreeMap<String, DemoScript>,
}

/// One demo script.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoScript {
    pub steps: Vec<i64>,
}

/// What the playground starts with.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Defaults {
    pub route: Option<String>,
    pub model: Option<String>,
    pub system: Option<String>,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
    pub top_p: Option<f32>,
    pub stop_sequences: Option<Vec<String>>,
    /// Request metadata sent with every run (`[defaults.metadata]`): Bedrock's
    /// `requestMetadata`, Vertex's labels; `--meta KEY=VALUE` adds to it and wins per key.
    pub metadata: std::collections::BTreeMap<String, String>,
}

/// `[compare]`: named sets of targets for `routeplay compare --set NAME`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareSettings {
    /// `[compare.sets.NAME]`, by name.
    pub sets: std::collections::BTreeMap<String, CompareSet>,
    /// Cells of a prompt-set matrix in flight at once on each route (default 4).
    pub concurrency: Option<usize>,
    /// `[compare.concurrency_per_route]`: the same, per route name (`bedrock-converse = 2`).
    pub concurrency_per_route: std::collections::BTreeMap<String, usize>,
    /// Milliseconds between two samples of one cell under `--repeat` (default 250).
    pub repeat_spacing_ms: Option<u64>,
    /// Ask before starting a matrix whose estimated cost passes this many US dollars
    /// (default 5).
    pub confirm_above_usd: Option<f64>,
    /// Ask before starting a matrix of more cells than this (default 500).
    pub confirm_above_cells: Option<usize>,
}

/// One named compare: its targets (`ROUTE[@REGION]:MODEL`) and, optionally, the parameters it
/// runs with; command-line flags win over these, these over `[defaults]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareSet {
    pub targets: Vec<String>,
    pub system: Option<String>,
    pub max_tokens: Option<u32>,
    pub temperature: Option<f32>,
    pub top_p: Option<f32>,
    pub stop_sequences: Option<Vec<String>>,
}

/// Timeouts and retries for every route.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// Seconds to establish a connection.
    pub connect_timeout_secs: f64,
    /// Seconds without a byte (headers or body) before a run fails.
    pub idle_timeout_secs: f64,
    /// Retries before the first byte of what the route's SDK retries (see `routes::retry_policy`).
    pub max_retries: u32,
    /// Seconds a whole run may take, retries included, before it fails; `0` means no limit.
    /// Ends a stream that trickles or sends keep-alives forever.
    pub run_deadline_secs: f64,
    /// The most answer text (text and thinking together) a run keeps, in MiB; a longer answer
    /// fails with what arrived so far.
    pub max_answer_mib: u64,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            connect_timeout_secs: 10.0,
            idle_timeout_secs: 60.0,
            max_retries: 2,
            run_deadline_secs: 600.0,
            max_answer_mib: 32,
        }
    }
}

impl Network {
    /// Seconds to establish a connection, as a duration.
    #[must_use]
    pub fn connect_timeout(&self) -> std::time::Duration {
        seconds(self.connect_timeout_secs, Self::default().connect_timeout_secs)
    }

    /// Seconds without a byte before a run fails, as a duration.
    #[must_use]
    pub fn idle_timeout(&self) -> std::time::Duration {
        seconds(self.idle_timeout_secs, Self::default().idle_timeout_secs)
    }

    /// How long a whole run may take; `None` when `run_deadline_secs` is 0.
    #[must_use]
    pub fn run_deadline(&self) -> Option<std::time::Duration> {
        (self.run_deadline_secs != 0.0).then(|| seconds(self.run_deadline_secs, Self::default().run_deadline_secs))
    }

    /// The most answer text a run keeps, in bytes.
    #[must_use]
    pub fn max_answer_bytes(&self) -> usize {
        usize::try_from(self.max_answer_mib.max(1).saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

/// `secs` as a duration of at least 0.1 s, or `fallback` when `secs` is no usable number of
/// seconds (NaN, infinite, negative or past a year). Loading the config already rejects such
/// values with the file and line; this keeps a value set in code from panicking.
fn seconds(secs: f64, fallback: f64) -> std::time::Duration {
    const YEAR: f64 = 365.0 * 24.0 * 3600.0;
    let usable = if secs.is_finite() && (0.0..=YEAR).contains(&secs) { secs } else { fallback };
    std::time::Duration::from_secs_f64(usable.max(0.1))
}

/// The word that makes the emulator's guardrails intervene unless `[emulator] blocked_words`
/// names others.
pub const DEFAULT_BLOCKED_WORD: &str = "blocked-word";

/// The embedded emulator.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmulatorSettings {
    /// Output pace of the embedded emulator.
    pub tokens_per_second: f64,
    /// Length of the emulator's answers, in tokens.
    pub answer_tokens: u32,
    /// Words that make a named guardrail intervene, in a prompt or an answer.
    pub blocked_words: Vec<String>,
    /// Milliseconds each emulated batch job spends in each of its states before the next.
    pub batch_step_ms: u64,
}

impl Default for EmulatorSettings {
    fn default() -> Self {
        Self {
            tokens_per_second: 80.0,
            answer_tokens: 120,
            blocked_words: vec![DEFAULT_BLOCKED_WORD.to_owned()],
            batch_step_ms: 500,
        }
    }
}

/// Per-route settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Routes {
    pub anthropic: AnthropicSettings,
    pub bedrock: BedrockSettings,
    pub google: GoogleSettings,
    pub openai: OpenAiSettings,
}

/// `[routes.openai]`: OpenAI's API, or a local server that speaks its Chat Completions.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenAiSettings {
    /// Overrides `OPENAI_BASE_URL` and `https://api.openai.com/v1`: the whole base URL, `/v1`
    /// included, to which `/chat/completions` is added.
    pub base_url: Option<String>,
    /// Used when `OPENAI_API_KEY` is not set.
    pub api_key: Option<String>,
}

/// `[routes.google]`: the Gemini API and both Vertex AI routes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GoogleSettings {
    /// A Gemini API key, used when neither `GEMINI_API_KEY` nor `GOOGLE_API_KEY` is set.
    pub api_key: Option<String>,
    /// The Vertex project; else `GOOGLE_CLOUD_PROJECT`, else the credential's own.
    pub project: Option<String>,
    /// The Vertex location; else `GOOGLE_CLOUD_LOCATION`, else `global`.
    pub location: Option<String>,
    /// Billed for quota (`x-goog-user-project`); else `GOOGLE_CLOUD_QUOTA_PROJECT`, else the
    /// credential's `quota_project_id`.
    pub quota_project: Option<String>,
    /// Overrides `GOOGLE_GEMINI_BASE_URL` and `https://generativelanguage.googleapis.com`.
    pub gemini_base_url: Option<String>,
    /// Overrides `GOOGLE_VERTEX_BASE_URL` and the host for the location.
    pub vertex_base_url: Option<String>,
}

/// `[routes.bedrock]`: every Bedrock route.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BedrockSettings {
    /// AWS region; else `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's region.
    pub region: Option<String>,
    /// AWS profile; else `AWS_PROFILE`, else the default chain.
    pub profile: Option<String>,
    /// A Bedrock API key, used when `AWS_BEARER_TOKEN_BEDROCK` is not set.
    pub api_key: Option<String>,
    /// Overrides `ANTHROPIC_BEDROCK_MANTLE_BASE_URL` and `https://bedrock-mantle.{region}.api.aws/anthropic`:
    /// the whole base URL, as in Anthropic's SDK, to which `/v1/messages` is added.
    pub mantle_base_url: Option<String>,
    /// Overrides `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL` and the regional host.
    pub runtime_base_url: Option<String>,
    /// Overrides `AWS_BEDROCK_BASE_URL` and `https://bedrock-mantle.{region}.api.aws/openai/v1`
    /// for Mantle's OpenAI-compatible route: the whole base URL, to which `/chat/completions` is added.
    pub openai_base_url: Option<String>,
}

/// `[routes.anthropic]`
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnthropicSettings {
    /// Overrides `ANTHROPIC_BASE_URL` and the default `https://api.anthropic.com`.
    pub base_url: Option<String>,
    /// Used when neither `ANTHROPIC_API_KEY` nor `ANTHROPIC_AUTH_TOKEN` is set.
    pub api_key: Option<String>,
    /// The `anthropic-version` header; `2023-06-01` when unset.
    pub version: Option<String>,
}

impl Config {
    /// Read `path`. A missing file is the default config. Each bad key (unknown, of the wrong
    /// type, or out of range) is a problem naming the file and line, and falls back to its
    /// default while the rest of the file applies; a file that cannot be read at all (or is
    /// larger than 1 MiB) is one problem, and the defaults apply.
    #[must_use]
    pub fn load(path: &Path) -> (Config, Vec<Problem>) {
        match crate::files::read::read_capped(path) {
            Ok(text) => Self::parse(path, &text),
            Err(error) if error.is_not_found() => (Config::default(), Vec::new()),
            Err(error) => {
                (Config::default(), vec![Problem { file: path.to_path_buf(), line: None, message: error.detail() }])
            }
        }
    }

    /// Parse config text, keeping every good key; `path` only names the file in the problems.
    #[must_use]
    pub fn parse(path: &Path, text: &str) -> (Config, Vec<Problem>) {
        let (mut config, doc, mut problems) = super::lenient::parse::<Config>(path, text);
        problems.extend(super::validate::check_ranges(&mut config, &doc, path, text));
        problems.sort_by_key(|problem| problem.line);
        (config, problems)
    }
}

#[cfg(test)]
mod tests;
