//! The Anthropic Message Batches client against the emulator over real HTTP, through the
//! shared `batch::service` calls: on the emulator route and on the anthropic route pointed at a
//! standalone emulator by its config (base URL and key), a whole job, a partially failed one,
//! a cancelled one, and a refusal as one line.

use routeplay::auth::google::GoogleTokens;
use routeplay::batch::service::{self, Submitted};
use routeplay::batch::{BatchContext, BatchRecord, JobState, RecordResult};
use routeplay::client::Client;
use routeplay::config::file::Config;
use routeplay::emulator::{self, EMULATOR_API_KEY, EmulatorHandle, EmulatorOptions};
use routeplay::matrix::CellKey;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::spec::BatchApi;
use routeplay::routes::{RouteId, Target};
use std::sync::Arc;
use std::time::{Duration, Instant};

const API: BatchApi = BatchApi::AnthropicMessageBatches;

async fn start(step_ms: u64) -> EmulatorHandle {
    let options = EmulatorOptions {
        tokens_per_second: 0.0,
        batch_step: Duration::from_millis(step_ms),
        ..EmulatorOptions::default()
    };
    emulator::start(options).await.expect("starts")
}

/// A context whose emulator route is `emu`, and whose anthropic route is `emu` too, by the
/// config file's base URL and key (`key`).
fn context(emu: &EmulatorHandle, key: &str) -> BatchContext {
    let mut config = Config::default();
    config.routes.anthropic.base_url = Some(emu.base_url());
    config.routes.anthropic.api_key = Some(key.to_owned());
    BatchContext {
        client: Client::plain_http(&config.network),
        config: Arc::new(config),
        emulator_url: Some(emu.base_url()),
        google_tokens: GoogleTokens::default(),
        demo: false,
    }
}

fn records(prompts: &[&str]) -> Vec<BatchRecord> {
    prompts
        .iter()
        .enumerate()
        .map(|(n, prompt)| {
            let cell = CellKey { prompt: u32::try_from(n).unwrap(), target: 0, sample: 0 };
            BatchRecord { custom_id: format!("p{n}t0s0"), cell, request: ChatRequest::single(*prompt) }
        })
        .collect()
}

/// Poll until the job ends (at most 20 s).
async fn until_ended(context: &BatchContext, target: &Target, id: &str) -> routeplay::batch::JobStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = service::status(context, API, target, id).await.expect("status");
        if status.state.is_end() {
            return status;
        }
        assert!(Instant::now() < deadline, "the job never ended: {status:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn result<'a>(results: &'a [RecordResult], id: &str) -> &'a RecordResult {
    results.iter().find(|result| result.custom_id == id).expect("a result for every record")
}

#[tokio::test]
async fn a_job_on_the_emulator_route_is_submitted_polled_and_fetched() {
    let emu = start(40).await;
    let context = context(&emu, EMULATOR_API_KEY);
    let target = Target::new(RouteId::Emulator, "emulator-sonnet");
    let sent = records(&["one", "two", "three"]);
    let Submitted { remote_id, detail } = service::submit(&context, API, &target, "job", &sent).await.expect("sent");
    assert!(remote_id.starts_with("msgbatch_"), "{remote_id}");
    assert_eq!(detail.records.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["p0t0s0", "p1t0s0", "p2t0s0"]);
    assert_eq!((detail.status.state, detail.status.raw_state.as_str()), (JobState::Running, "in_progress"));
    assert_eq!((detail.status.counts.total, detail.status.counts.processing), (3, 3));
    let ended = until_ended(&context, &target, &remote_id).await;
    assert_eq!((ended.state, ended.counts.succeeded), (JobState::Succeeded, 3));
    assert!(ended.output.is_some_and(|url| url.ends_with("/results")));
    let results = service::fetch(&context, API, &target, &remote_id, &detail).await.expect("fetched");
    assert_eq!(results.len(), 3);
    let answer = result(&results, "p1t0s0").outcome.as_ref().expect("answered");
    assert!(!answer.text.is_empty());
    assert!(answer.usage.input_tokens.is_some() && answer.usage.output_tokens.is_some());
    assert!(answer.message_id.as_deref().is_some_and(|id| id.starts_with("msg_01")));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_partially_failed_job_keeps_each_record_s_reason() {
    let emu = start(20).await;
    let context = context(&emu, EMULATOR_API_KEY);
    // The first request of a prompt is refused once (429-then-ok), the second is answered.
    let target = Target::new(RouteId::Anthropic, "emulator-sonnet-fault-429-then-ok");
    let Submitted { remote_id, detail } =
        service::submit(&context, API, &target, "job", &records(&["same", "same"])).await.expect("sent");
    let ended = until_ended(&context, &target, &remote_id).await;
    assert_eq!(ended.state, JobState::PartiallySucceeded);
    assert_eq!((ended.counts.succeeded, ended.counts.failed), (1, 1));
    let results = service::fetch(&context, API, &target, &remote_id, &detail).await.expect("fetched");
    let refused = result(&results, "p0t0s0").outcome.as_ref().expect_err("refused");
    assert!(refused.starts_with("errored: rate_limit_error: "), "{refused}");
    assert!(result(&results, "p1t0s0").outcome.is_ok());
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_cancelled_job_ends_cancelled_with_every_unprocessed_record_cancelled() {
    let emu = start(2000).await;
    let context = context(&emu, EMULATOR_API_KEY);
    let target = Target::new(RouteId::Anthropic, "emulator-sonnet");
    let Submitted { remote_id, detail } =
        service::submit(&context, API, &target, "job", &records(&["a", "b"])).await.expect("sent");
    let cancelling = service::cancel(&context, API, &target, &remote_id).await.expect("cancel asked");
    assert_eq!((cancelling.state, cancelling.raw_state.as_str()), (JobState::Cancelling, "canceling"));
    let ended = until_ended(&context, &target, &remote_id).await;
    assert_eq!((ended.state, ended.counts.cancelled), (JobState::Cancelled, 2));
    let results = service::fetch(&context, API, &target, &remote_id, &detail).await.expect("fetched");
    assert!(results.iter().all(|result| result.outcome.as_ref().is_err_and(|why| why.starts_with("cancelled"))));
    emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_refusal_is_one_line_with_status_type_message_and_fix() {
    let emu = start(20).await;
    let context = context(&emu, "not-the-key");
    let target = Target::new(RouteId::Anthropic, "emulator-sonnet");
    let error = service::submit(&context, API, &target, "job", &records(&["a"])).await.expect_err("refused");
    assert!(!error.contains('\n'), "{error}");
    assert!(
        error.starts_with("Anthropic Message Batches: anthropic · emulator-sonnet: HTTP 401 authentication_error: ")
    );
    assert!(error.contains("api_key (config.toml)"), "the fix names where the key came from: {error}");
    assert!(!error.contains("not-the-key"), "the key is never shown: {error}");
    let error = service::status(&context, API, &target, "msgbatch_gone").await.expect_err("refused");
    assert!(error.contains("job msgbatch_gone") && error.contains("HTTP 401"), "{error}");
    let empty = service::submit(&context, API, &target, "job", &[]).await.expect_err("nothing to send");
    assert!(empty.contains("1 to 100000"), "{empty}");
    emu.shutdown().await.unwrap();
}
