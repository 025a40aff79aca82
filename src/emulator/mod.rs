//! The built-in emulator: the server side of each route's wire, on 127.0.0.1, for demos and
//! tests. One axum router ([`router`]) with one module per surface, told apart by path:
//! the Anthropic Messages surface ([`anthropic`]): `POST /v1/messages`, `GET /v1/models`,
//! `GET /v1/models/{id}`; and the AWS surfaces ([`bedrock`]): the Bedrock runtime
//! (`/model/{modelId}/invoke`, `…/invoke-with-response-stream`, `…/converse`,
//! `…/converse-stream`), Mantle (`/anthropic/v1/messages`), the Bedrock control plane
//! (`/foundation-models`, `/inference-profiles`) and STS (`POST /`), all behind SigV4
//! ([`AwsDemo`]); and the Google surfaces ([`google`]): the Gemini API
//! (`/v1beta/models/{model}:streamGenerateContent`, `…:generateContent`, `GET /v1beta/models`),
//! Vertex Gemini and Vertex Claude (`/v1/projects/{p}/locations/{l}/publishers/{google,anthropic}/
//! models/{model}:{method}`, publisher model lists under `/v1beta1/publishers/…`), Google OAuth
//! (`POST /token`, `GET /tokeninfo`) and the GCE metadata server (`/computeMetadata/v1/…`), with
//! the credentials of [`GoogleDemo`]; and the OpenAI Chat Completions surfaces ([`openai`]):
//! OpenAI (`POST /v1/chat/completions`, `GET /v1/models` without `anthropic-version`), Bedrock
//! Mantle (`POST /openai/v1/chat/completions`, `GET /openai/v1/models`, and `/v1/chat/completions`
//! with AWS credentials) and Vertex (`POST /v1/projects/{p}/locations/{l}/endpoints/openapi/chat/
//! completions`), each behind its platform's credentials.
//!
//! Answers are deterministic Markdown built from the prompt ([`answer`]): same prompt, system
//! prompt, turn and model, same text. Models are listed in [`MODELS`]; any other id starting
//! with `emulator-` answers like `emulator-sonnet`, anything else is a 404.
//!
//! # Faults
//!
//! Ask for one with a model suffix `-fault-<name>` (`emulator-sonnet-fault-429`,
//! `emulator-thinking-fault-cut`) or the header `x-routeplay-fault: <name>` (the header wins).
//!
//! | name | what happens |
//! | --- | --- |
//! | `429` | HTTP 429 `rate_limit_error`, `retry-after: 1` |
//! | `529` | HTTP 529 `overloaded_error` |
//! | `500` | HTTP 500 `api_error` |
//! | `model-not-ready` | HTTP 529 `overloaded_error` (Bedrock: 429 `ModelNotReadyException`) |
//! | `429-then-ok` | the first request per key gets 429 with `retry-after: 0`, later ones are answered; the key is `x-routeplay-fault-key`, else the conversation's text |
//! | `529-then-ok`, `model-not-ready-then-ok` | as `429-then-ok`, with the first request refused as `529` or `model-not-ready` |
//! | `error-mid-stream` | 3 deltas, then `event: error` (`overloaded_error`), then the stream ends |
//! | `cut` | 3 deltas, then the connection drops (no `message_stop`) |
//! | `stall` | 3 deltas, then silence until the client leaves, shutdown, or 10 minutes (then a drop) |
//! | `malformed` | 3 deltas, then one `content_block_delta` whose data is not JSON, then the rest |
//! | `crc` | event streams: 3 deltas, then a frame with a wrong message CRC, then the rest; SSE has no checksums: an extra `ping` |
//! | `truncated` | 3 deltas, then the first half of a frame, then the body ends cleanly |
//! | `model-stream-error` | event streams: 3 deltas, then a `modelStreamErrorException` frame; SSE: as `error-mid-stream` |
//! | `429-array` | Google surfaces only: the 429 body wrapped in a JSON array, `[{"error":…}]` |
//! | `429-retry-long` | Google surfaces only: the 429, its Gemini API `RetryInfo` asking for 90 s |
//! | `404` | Google surfaces only: the model's 404 (`Publisher Model … not found.`) |
//! | `403` | Google surfaces only: 403 `PERMISSION_DENIED` (Vertex: `IAM_PERMISSION_DENIED`) |
//! | `crlf` | Google and Chat Completions surfaces only: the stream as usual, every line ending in `\r\n` |
//! | `keep-alive` | Chat Completions surfaces only: a `: keep-alive` comment before every event |
//! | `no-done` | Chat Completions surfaces only: the finish and usage chunks, then no `data: [DONE]` |
//! | `no-finish` | Chat Completions surfaces only: 3 deltas, then the body ends cleanly (no `finish_reason`, no `[DONE]`) |
//!
//! The Bedrock surfaces render these in their own shapes (see [`bedrock`]), and so do the Google
//! ones (see [`google`]): `429` is `RESOURCE_EXHAUSTED`, `529` 503 `UNAVAILABLE`, `500`
//! `INTERNAL`, and a Gemini stream's `error-mid-stream` is a bare multi-line JSON error object
//! after 3 chunks (Vertex Claude sends the Anthropic `event: error`). The Chat Completions
//! surfaces render them in OpenAI's shapes (Vertex's HTTP errors in Google's; see [`openai`]).
//! Each surface refuses another surface's own names like any unknown fault (400).
//!
//! Stream faults only apply to streaming requests; with `stream: false` they are ignored.
//!
//! # Request controls
//!
//! Each surface reads the controls from its own wire into a surface-neutral `Asked`, refuses
//! what its real service refuses (the Messages surfaces: a thinking budget under 1024 or not
//! under `max_tokens`, `top_k` or a `temperature` other than 1 beside thinking, unknown block
//! types, image media types other than JPEG/PNG/GIF/WebP or bytes that are not what the media
//! type says; Invoke and Vertex Claude: `url` sources), and the same core ([`turn`]) answers:
//!
//! | control | what the emulator does |
//! | --- | --- |
//! | thinking | a plain model thinks first; the budget caps the thinking tokens |
//! | attachments | count toward the input: 1,600 tokens per image, 1,500 per PDF page (one page per started 50 KB), one per 4 bytes of text |
//! | cache marks | the conversation's prefixes are remembered (per model, 5 minutes from last use, at most 1,024): the first request writes, a repeat reads, a longer conversation reads its cached start and writes the rest |
//! | guardrail | with one named (Invoke's headers), a prompt or answer holding a blocked word ([`EmulatorOptions::blocked_words`], default `blocked-word`) is answered with the blocked message; Invoke adds `amazon-bedrock-guardrailAction` (and, with the trace on, `amazon-bedrock-trace`) beside the message or to the last chunk. Mantle has no guardrail parameters and ignores the headers |
//! | service tier, latency | the Messages surfaces report `usage.service_tier`: `priority` for `auto`, else `standard`; Invoke echoes `X-Amzn-Bedrock-Service-Tier` and `-PerformanceConfig-Latency` when asked |
//! | request metadata | Invoke checks `X-Amzn-Bedrock-Request-Metadata` against Bedrock's rules |
//!
//! # Per-request headers
//!
//! `x-routeplay-tokens-per-second` (pace; 0 = none), `x-routeplay-answer-tokens` (answer size,
//! capped at 8192), `x-routeplay-retry-after` (seconds, for `429` and `429-then-ok`),
//! `x-routeplay-fault`, `x-routeplay-fault-key`. A bad value is a 400 naming the header.

mod answer;
mod anthropic;
mod batches;
mod bedrock;
mod catalog;
mod cloud_batch;
mod controls;
mod drive;
mod extra_faults;
mod faults;
mod google;
mod guardrail;
mod ids;
pub mod log;
mod openai;
mod plan;
mod prompt_cache;
mod real_ids;
mod router;
mod sse;
mod state;
mod tag;
mod tokens;
mod turn;

pub use bedrock::{
    AWS_DEMO_ACCESS_KEY_ID, AWS_DEMO_ACCOUNT, AWS_DEMO_ARN, AWS_DEMO_BEARER_KEY, AWS_DEMO_SECRET_ACCESS_KEY, AwsDemo,
};
pub use catalog::MODELS;
pub use google::{
    GOOGLE_DEMO_API_KEY, GOOGLE_DEMO_CLIENT_ID, GOOGLE_DEMO_CLIENT_SECRET, GOOGLE_DEMO_METADATA_ACCOUNT,
    GOOGLE_DEMO_PROJECT, GOOGLE_DEMO_REFRESH_TOKEN, GOOGLE_DEMO_USER, GoogleDemo, GoogleUser,
    google_demo_authorized_user,
};

use axum::serve::ListenerExt as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The API key the embedded emulator route uses. Not a secret: the emulator is loopback only.
pub use crate::auth::demo::EMULATOR_API_KEY;

/// How long `shutdown` waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// The `x-api-key` (or `Authorization: Bearer`) value requests must carry.
    pub api_key: String,
    /// Output pace; 0 (or anything not positive) means no delay.
    pub tokens_per_second: f64,
    /// Print one line per request to stderr (secrets masked).
    pub log_requests: bool,
    /// About how many tokens an answer has before `max_tokens` cuts it.
    pub answer_tokens: u32,
    /// The AWS credentials the Bedrock surfaces accept (SigV4 and Bedrock API key).
    pub aws: AwsDemo,
    /// What the Google surfaces accept: the Gemini API key, OAuth users, trusted service accounts.
    pub google: GoogleDemo,
    /// Words a guardrail blocks: a request that names a guardrail and holds one of these
    /// (whole word, any case) in its prompt, or gets one in its answer, is intervened.
    pub blocked_words: Vec<String>,
    /// How long an emulated batch job stays in each state before its next
    /// (`[emulator] batch_step_ms`), so a whole batch runs in seconds.
    pub batch_step: std::time::Duration,
}

/// The word a guardrail blocks unless the options name others (`[emulator] blocked_words`).
pub use crate::config::file::DEFAULT_BLOCKED_WORD;

impl Default for EmulatorOptions {
    fn default() -> Self {
        Self {
            port: 0,
            api_key: EMULATOR_API_KEY.to_owned(),
            tokens_per_second: 200.0,
            log_requests: false,
            answer_tokens: 120,
            aws: AwsDemo::default(),
            google: GoogleDemo::default(),
            blocked_words: vec![DEFAULT_BLOCKED_WORD.to_owned()],
            batch_step: std::time::Duration::from_millis(500),
        }
    }
}

/// A running emulator; dropping it does not stop it, `shutdown` does.
#[derive(Debug)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, the base URL for the Anthropic wire.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop gracefully: accept no new connections, send what in-flight streams have left without
    /// pauses (a stall ends with a drop), and wait for connections to close, at most 5 s.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.stop.send_replace(true);
        let mut server = self.server;
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut server).await {
            Ok(joined) => joined.map_err(std::io::Error::other)?,
            Err(_elapsed) => {
                server.abort();
                Ok(())
            }
        }
    }
}

/// Bind 127.0.0.1 and serve in a background task.
pub async fn start(options: EmulatorOptions) -> std::io::Result<EmulatorHandle> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopping) = watch::channel(false);
    let app = router::build(Arc::new(state::EmulatorState::new(options, addr.port(), stopping.clone())));
    // Each event goes out as it is written: without this, on a kept-alive connection Nagle's
    // algorithm holds a stream's small writes until the client's delayed ACK (about 40 ms).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let server =
        tokio::spawn(async move { axum::serve(listener, app).with_graceful_shutdown(state::stopping(stopping)).await });
    Ok(EmulatorHandle { addr, stop, server })
}
