//! `ANTHROPIC_BEDROCK_MANTLE_BASE_URL` means what it means in Anthropic's SDK
//! (`AnthropicBedrockMantle`): the whole base URL, ending in `/anthropic`, to which
//! `/v1/messages` is added. Set as the SDK documents it, a Mantle run reaches the emulator's
//! Mantle endpoint; routeplay once added `/anthropic` again and got a 404.

#[path = "support/cli.rs"]
mod cli;

use routeplay::auth::demo::AWS_DEMO_BEARER_KEY;
use routeplay::emulator::{self, EmulatorOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mantle_base_url_set_as_the_sdk_documents_it_reaches_mantle() {
    let emulator = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
        .await
        .expect("the emulator starts");
    let base = format!("{}/anthropic", emulator.base_url());
    let home = tempfile::tempdir().expect("home");
    let mut command = cli::routeplay_command(
        home.path(),
        &["ask", "--route", "bedrock-mantle", "--model", "anthropic.emulator-sonnet", "Hi"],
    );
    command
        .env("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", &base)
        .env("AWS_BEARER_TOKEN_BEDROCK", AWS_DEMO_BEARER_KEY)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let output = tokio::task::spawn_blocking(move || command.output().expect("run routeplay")).await.unwrap();
    emulator.shutdown().await.expect("the emulator stops");
    assert!(output.status.success(), "{}", cli::text(&output.stderr));
    assert!(!cli::text(&output.stdout).trim().is_empty(), "an answer streamed");
}
