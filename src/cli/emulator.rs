//! `routeplay emulator`: serve the emulator on loopback until Ctrl+C or SIGTERM, logging
//! every request with secrets masked.

use super::EmulatorArgs;
use crate::emulator::{self, EmulatorOptions, GoogleDemo};
use std::path::PathBuf;
use tokio::signal::unix::{SignalKind, signal};

pub async fn run(args: EmulatorArgs) -> i32 {
    let config = super::load_config(&crate::config::paths::Paths::discover());
    // The default key is public; a key of the user's own is shown masked.
    let key_shown = if args.api_key == crate::emulator::EMULATOR_API_KEY {
        args.api_key.clone()
    } else {
        crate::auth::secret::mask(&args.api_key)
    };
    let google = match trusted_google_keys(&args.trust_google_key) {
        Ok(google) => google,
        Err(problem) => {
            eprintln!("routeplay: --trust-google-key {problem}");
            return 1;
        }
    };
    let trusted: Vec<String> = google.service_account_emails().map(str::to_owned).collect();
    let options = EmulatorOptions {
        port: args.port,
        api_key: args.api_key,
        tokens_per_second: args.tokens_per_second.unwrap_or(config.emulator.tokens_per_second),
        answer_tokens: config.emulator.answer_tokens,
        blocked_words: config.emulator.blocked_words.clone(),
        batch_step: std::time::Duration::from_millis(config.emulator.batch_step_ms),
        log_requests: true,
        aws: emulator::AwsDemo::default(),
        google,
    };
    let handle = match emulator::start(options).await {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("routeplay: cannot listen on 127.0.0.1:{}: {error}", args.port);
            return 1;
        }
    };
    eprintln!("routeplay emulator listening on {}", handle.base_url());
    let url = handle.base_url();
    eprintln!("  Anthropic Messages: POST {url}/v1/messages (x-api-key: {key_shown}, anthropic-version: 2023-06-01)");
    eprintln!(
        "  try: ANTHROPIC_BASE_URL={url} ANTHROPIC_API_KEY=<that key> routeplay ask --route anthropic --model emulator-sonnet hi"
    );
    eprintln!("  models: {}", crate::emulator::MODELS.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", "));
    eprintln!(
        "  Bedrock: POST {url}/model/ID/{{invoke,invoke-with-response-stream,converse,converse-stream}}, \
         Mantle POST {url}/anthropic/v1/messages, GET {url}/foundation-models, STS POST {url}/"
    );
    eprintln!(
        "  AWS demo credentials: AWS_ACCESS_KEY_ID={} (any region), or the Bedrock API key {}",
        emulator::AWS_DEMO_ACCESS_KEY_ID,
        emulator::AWS_DEMO_BEARER_KEY
    );
    print_google(&url, &trusted);
    eprintln!(
        "  faults: add -fault-NAME to a model id (429, 529, 500, model-not-ready, 429-then-ok, 529-then-ok, \
         model-not-ready-then-ok, error-mid-stream, cut, stall, malformed, crc, truncated, model-stream-error; \
         Google surfaces also 429-array, 429-retry-long, 404, 403, crlf)"
    );
    wait_for_stop().await;
    match handle.shutdown().await {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("routeplay: the emulator did not stop cleanly: {error}");
            1
        }
    }
}

/// The Google demo credentials, trusting each service-account key file in `files`.
fn trusted_google_keys(files: &[PathBuf]) -> Result<GoogleDemo, String> {
    let mut google = GoogleDemo::default();
    for file in files {
        let shown = file.display();
        let text = std::fs::read_to_string(file).map_err(|error| format!("{shown}: {error}"))?;
        let key: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{shown}: not JSON: {error}"))?;
        google.trust_service_account(&key).map_err(|problem| format!("{shown}: {problem}"))?;
    }
    Ok(google)
}

/// The Google endpoints and the demo credentials that open them.
fn print_google(url: &str, trusted: &[String]) {
    let port = url.rsplit(':').next().unwrap_or("");
    eprintln!(
        "  Gemini API: POST {url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse, GET {url}/v1beta/models \
         (x-goog-api-key: {})",
        emulator::GOOGLE_DEMO_API_KEY
    );
    eprintln!(
        "  Vertex: POST {url}/v1/projects/{}/locations/global/publishers/{{google/models/gemini-2.5-flash:streamGenerateContent,\
         anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict}} (Authorization: Bearer <token from /token>)",
        emulator::GOOGLE_DEMO_PROJECT
    );
    eprintln!(
        "  Google OAuth: POST {url}/token, GET {url}/tokeninfo; metadata server: GCE_METADATA_HOST=127.0.0.1:{port} \
         (account {})",
        emulator::GOOGLE_DEMO_METADATA_ACCOUNT
    );
    eprintln!("  Google demo ADC (save as a file, point GOOGLE_APPLICATION_CREDENTIALS at it):");
    eprintln!("    {}", emulator::google_demo_authorized_user(url));
    if !trusted.is_empty() {
        eprintln!("  trusted Google service accounts: {}", trusted.join(", "));
    }
}

async fn wait_for_stop() {
    let Ok(mut sigterm) = signal(SignalKind::terminate()) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = sigterm.recv() => {}
    }
}
