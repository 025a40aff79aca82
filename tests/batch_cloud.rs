//! `batch::service` on the Bedrock and Vertex routes against an in-process emulator in demo
//! mode: submit, poll and fetch through the control planes and the S3 and Cloud Storage
//! stand-ins, a partially failed job, a cancelled one, the minimum record count, and the
//! config keys a job needs.

use routeplay::auth::google::GoogleTokens;
use routeplay::batch::{BatchContext, BatchRecord, JobState, JobStatus, RecordResult, service};
use routeplay::client::Client;
use routeplay::config::file::{BedrockBatchSettings, Config, Network, VertexBatchSettings};
use routeplay::emulator::{self, EmulatorHandle, EmulatorOptions};
use routeplay::matrix::CellKey;
use routeplay::routes::request::ChatRequest;
use routeplay::routes::spec::BatchApi;
use routeplay::routes::{RouteId, Target};
use std::sync::Arc;
use std::time::{Duration, Instant};

const INVOKE_MODEL: &str = "anthropic.emulator-sonnet-v1:0";

async fn start(step_ms: u64) -> EmulatorHandle {
    let options = EmulatorOptions {
        tokens_per_second: 0.0,
        batch_step: Duration::from_millis(step_ms),
        ..EmulatorOptions::default()
    };
    emulator::start(options).await.expect("the emulator starts")
}

fn config(min_records: Option<usize>) -> Config {
    let mut config = Config::default();
    config.batch.bedrock = BedrockBatchSettings {
        bucket: Some("routeplay-batch".into()),
        prefix: Some("tests/".into()),
        role_arn: Some("arn:aws:iam::123456789012:role/routeplay-batch".into()),
        min_records,
        timeout_hours: None,
    };
    config.batch.vertex = VertexBatchSettings { bucket: Some("routeplay-batch".into()), prefix: None };
    config
}

fn context(emulator: &EmulatorHandle, config: Config) -> BatchContext {
    BatchContext {
        client: Client::plain_http(&Network::default()),
        config: Arc::new(config),
        emulator_url: Some(emulator.base_url()),
        google_tokens: GoogleTokens::default(),
        demo: true,
    }
}

/// `count` records asking "Question N"; those in `faulty` carry the emulator's 500 fault.
fn records(count: u32, faulty: &[u32]) -> Vec<BatchRecord> {
    (0..count)
        .map(|prompt| {
            let fault = if faulty.contains(&prompt) { " routeplay-fault:500" } else { "" };
            BatchRecord {
                custom_id: format!("p{prompt}t0s0"),
                cell: CellKey { prompt, target: 0, sample: 0 },
                request: ChatRequest::single(format!("Question {prompt}{fault}")),
            }
        })
        .collect()
}

fn api(route: RouteId) -> BatchApi {
    route.spec().batch.expect("the route has a batch service")
}

/// Poll until the job ends (bounded).
async fn wait_end(context: &BatchContext, target: &Target, id: &str) -> JobStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = service::status(context, api(target.route), target, id).await.expect("status");
        if status.state.is_end() {
            return status;
        }
        assert!(Instant::now() < deadline, "the job never ended: {status:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Each record answered with its own prompt quoted back (the emulator's answers quote it).
fn assert_answers(results: &[RecordResult], records: &[BatchRecord], failing: &[u32]) {
    assert_eq!(results.len(), records.len());
    for (result, record) in results.iter().zip(records) {
        assert_eq!(result.custom_id, record.custom_id);
        if failing.contains(&record.cell.prompt) {
            let error = result.outcome.as_ref().expect_err("a faulted record fails");
            assert!(error.contains("500") || error.contains("Internal"), "{error}");
        } else {
            let answer = result.outcome.as_ref().expect("answered");
            let asked = format!("Question {}", record.cell.prompt);
            assert!(answer.text.contains(&asked), "{} should quote {asked}: {}", record.custom_id, answer.text);
            assert!(answer.usage.output_tokens.is_some_and(|tokens| tokens > 0), "{answer:?}");
        }
    }
}

async fn run_through(
    context: &BatchContext,
    target: &Target,
    records: &[BatchRecord],
) -> (JobStatus, Vec<RecordResult>) {
    let submitted =
        service::submit(context, api(target.route), target, "routeplay test", records).await.expect("submitted");
    assert_eq!(submitted.detail.records.len(), records.len());
    let status = wait_end(context, target, &submitted.remote_id).await;
    let results = service::fetch(context, api(target.route), target, &submitted.remote_id, &submitted.detail)
        .await
        .expect("fetched");
    (status, results)
}

#[tokio::test]
async fn bedrock_invoke_and_converse_run_a_whole_job_and_answer_alike() {
    let emulator = start(20).await;
    let context = context(&emulator, config(None));
    let records = records(100, &[]);
    let invoke = Target::new(RouteId::BedrockInvoke, INVOKE_MODEL);
    let (status, invoked) = run_through(&context, &invoke, &records).await;
    assert_eq!((status.state, status.raw_state.as_str()), (JobState::Succeeded, "Completed"));
    assert_eq!((status.counts.total, status.counts.succeeded, status.counts.failed), (100, 100, 0));
    assert!(status.output.as_deref().is_some_and(|out| out.starts_with("s3://routeplay-batch/tests/routeplay-test/")));
    assert_answers(&invoked, &records, &[]);
    let converse = Target::new(RouteId::BedrockConverse, INVOKE_MODEL);
    let (_, conversed) = run_through(&context, &converse, &records).await;
    assert_answers(&conversed, &records, &[]);
    for (a, b) in invoked.iter().zip(&conversed) {
        let (a, b) = (a.outcome.as_ref().expect("ok"), b.outcome.as_ref().expect("ok"));
        assert_eq!(a.text, b.text, "both surfaces give the emulator's one answer");
    }
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_record_with_a_fault_fails_alone_and_the_job_partly_succeeds() {
    let emulator = start(20).await;
    let context = context(&emulator, config(None));
    let records = records(100, &[3, 57]);
    let target = Target::new(RouteId::BedrockConverse, INVOKE_MODEL);
    let (status, results) = run_through(&context, &target, &records).await;
    assert_eq!((status.state, status.counts.failed, status.counts.succeeded), (JobState::PartiallySucceeded, 2, 98));
    assert_answers(&results, &records, &[3, 57]);
    let claude = Target::new(RouteId::VertexClaude, "claude-sonnet-4-5@20250929");
    let few = records[..5].to_vec();
    let (status, results) = run_through(&context, &claude, &few).await;
    assert_eq!(
        (status.state, status.raw_state.as_str()),
        (JobState::PartiallySucceeded, "JOB_STATE_PARTIALLY_SUCCEEDED")
    );
    assert_eq!((status.counts.succeeded, status.counts.failed), (4, 1));
    assert_answers(&results, &few, &[3]);
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn vertex_gemini_joins_lines_by_their_echoed_request_even_for_repeated_prompts() {
    let emulator = start(20).await;
    let context = context(&emulator, config(None));
    let mut records = records(6, &[]);
    // A second sample of prompt 2: the same request, another cell.
    records.push(BatchRecord {
        custom_id: "p2t0s1".into(),
        cell: CellKey { prompt: 2, target: 0, sample: 1 },
        ..records[2].clone()
    });
    let target = Target::new(RouteId::VertexGemini, "gemini-2.5-flash");
    let (status, results) = run_through(&context, &target, &records).await;
    assert_eq!((status.state, status.counts.succeeded), (JobState::Succeeded, 7));
    assert!(status.output.as_deref().is_some_and(|out| out.contains("/prediction-model-")), "{status:?}");
    assert_answers(&results, &records, &[]);
    let claude = Target::new(RouteId::VertexClaude, "claude-sonnet-4-5@20250929");
    let (status, results) = run_through(&context, &claude, &records[..6]).await;
    assert_eq!(status.state, JobState::Succeeded);
    assert_answers(&results, &records[..6], &[]);
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_cancelled_job_keeps_what_it_answered_and_the_rest_is_unprocessed() {
    // Two steps of running at 500 ms leave time to ask for the stop while it runs.
    let emulator = start(500).await;
    let context = context(&emulator, config(None));
    let records = records(100, &[]);
    for target in
        [Target::new(RouteId::BedrockInvoke, INVOKE_MODEL), Target::new(RouteId::VertexGemini, "gemini-2.5-flash")]
    {
        let api = api(target.route);
        let submitted = service::submit(&context, api, &target, "cancel me", &records).await.expect("submitted");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = service::status(&context, api, &target, &submitted.remote_id).await.expect("status");
            if status.state == JobState::Running && status.counts.succeeded > 0 {
                break;
            }
            assert!(Instant::now() < deadline && !status.state.is_end(), "never ran: {status:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let cancelling = service::cancel(&context, api, &target, &submitted.remote_id).await.expect("cancelled");
        assert_eq!(cancelling.state, JobState::Cancelling, "{cancelling:?}");
        let ended = wait_end(&context, &target, &submitted.remote_id).await;
        assert_eq!(ended.state, JobState::Cancelled, "{ended:?}");
        let results =
            service::fetch(&context, api, &target, &submitted.remote_id, &submitted.detail).await.expect("fetched");
        let answered = results.iter().filter(|result| result.outcome.is_ok()).count();
        assert!(answered > 0 && answered < 100, "{answered} answered before the stop");
        let unprocessed = results.iter().find_map(|result| result.outcome.as_ref().err()).expect("some unprocessed");
        assert!(unprocessed.contains("not processed"), "{unprocessed}");
        let again = service::cancel(&context, api, &target, &submitted.remote_id).await.expect_err("already ended");
        assert!(again.contains("HTTP 400"), "{again}");
    }
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn below_the_minimum_bedrock_is_refused_here_or_fails_validation_there() {
    let emulator = start(10).await;
    let target = Target::new(RouteId::BedrockInvoke, INVOKE_MODEL);
    let few = records(5, &[]);
    let refused = service::submit(&context(&emulator, config(None)), api(target.route), &target, "few", &few)
        .await
        .expect_err("below 100 records");
    assert!(refused.contains("at least 100 records") && refused.contains("[batch.bedrock] min_records"), "{refused}");
    // A lower configured quota lets it through; the emulator keeps Bedrock's 100 and fails it.
    let lowered = context(&emulator, config(Some(5)));
    let submitted = service::submit(&lowered, api(target.route), &target, "few", &few).await.expect("sent");
    let status = wait_end(&lowered, &target, &submitted.remote_id).await;
    assert_eq!(status.state, JobState::Failed);
    assert!(status.message.as_deref().is_some_and(|m| m.contains("below the minimum of 100")), "{status:?}");
    emulator.shutdown().await.expect("stops");
}

#[tokio::test]
async fn missing_settings_are_named_by_their_config_keys_before_anything_is_sent() {
    // No emulator: nothing may be sent.
    let offline = BatchContext {
        client: Client::plain_http(&Network::default()),
        config: Arc::new(Config::default()),
        emulator_url: None,
        google_tokens: GoogleTokens::default(),
        demo: true,
    };
    let records = records(100, &[]);
    let bedrock = Target::new(RouteId::BedrockInvoke, INVOKE_MODEL);
    let error = service::submit(&offline, api(bedrock.route), &bedrock, "x", &records).await.expect_err("no bucket");
    assert!(error.contains("[batch.bedrock] bucket"), "{error}");
    let mut no_role = config(None);
    no_role.batch.bedrock.role_arn = None;
    let no_role = BatchContext { config: Arc::new(no_role), ..offline.clone() };
    let error = service::submit(&no_role, api(bedrock.route), &bedrock, "x", &records).await.expect_err("no role");
    assert!(error.contains("[batch.bedrock] role_arn"), "{error}");
    let vertex = Target::new(RouteId::VertexClaude, "claude-sonnet-4-5@20250929");
    let error = service::submit(&offline, api(vertex.route), &vertex, "x", &records).await.expect_err("no bucket");
    assert!(error.contains("[batch.vertex] bucket"), "{error}");
}
