//! Thinking settings go only to models that think. Every Gemini request once asked for
//! thoughts (`thinkingConfig.includeThoughts`), which Vertex and the Gemini API refuse for a
//! model without thinking (`gemini-2.0-flash`): now the catalog decides, per target, and the
//! emulator refuses the question as the real services do.

#[path = "support/cli.rs"]
mod cli;

use routeplay::auth::Credential;
use routeplay::auth::demo::GOOGLE_DEMO_API_KEY;
use routeplay::auth::secret::Secret;
use routeplay::client::plan::plan;
use routeplay::client::setup::{Auth, RouteSetup};
use routeplay::emulator::{self, EmulatorOptions};
use routeplay::routes::request::ChatRequest;
use routeplay::routes::{RouteId, Target};
use serde_json::Value;

/// The `generationConfig` routeplay sends to `model` on `route`.
fn generation_config(route: RouteId, model: &str) -> Value {
    let auth = Auth::Header(Credential::ApiKey(Secret::new("k")));
    let setup = RouteSetup::new("http://127.0.0.1:9".into(), String::new(), auth, "test".into());
    let (http, _) = plan(&Target::new(route, model), &ChatRequest::single("Hi"), &setup);
    serde_json::from_slice::<Value>(&http.body).unwrap()["generationConfig"].clone()
}

#[test]
fn thoughts_are_asked_of_thinking_models_only() {
    for route in [RouteId::GeminiApi, RouteId::VertexGemini] {
        for model in ["gemini-2.0-flash", "gemini-2.0-flash-001", "gemini-2.5-flash-lite", "gemini-next-unknown"] {
            let config = generation_config(route, model);
            assert!(config.get("thinkingConfig").is_none(), "{route} {model}: {config}");
        }
        for model in ["gemini-2.5-pro", "gemini-2.5-flash"] {
            assert_eq!(generation_config(route, model)["thinkingConfig"]["includeThoughts"], true, "{route} {model}");
        }
    }
}

#[tokio::test]
async fn the_emulator_refuses_thoughts_from_a_model_that_does_not_think() {
    let emulator = emulator::start(EmulatorOptions { tokens_per_second: 0.0, ..EmulatorOptions::default() })
        .await
        .expect("the emulator starts");
    let ask = |model: &str, include_thoughts: bool| {
        let url = format!("{}/v1beta/models/{model}:generateContent", emulator.base_url());
        let body = serde_json::json!({
            "contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
            "generationConfig": {"thinkingConfig": {"includeThoughts": include_thoughts}},
        });
        async move {
            let response = reqwest::Client::new()
                .post(url)
                .header("x-goog-api-key", GOOGLE_DEMO_API_KEY)
                .json(&body)
                .send()
                .await
                .expect("the emulator answers");
            (response.status().as_u16(), response.text().await.unwrap_or_default())
        }
    };
    let (status, body) = ask("gemini-2.0-flash", true).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("include_thoughts is only enabled when thinking is enabled"), "{body}");
    assert!(body.contains("INVALID_ARGUMENT"), "{body}");
    assert_eq!(ask("gemini-2.0-flash", false).await.0, 200);
    assert_eq!(ask("gemini-2.5-pro", true).await.0, 200);
    emulator.shutdown().await.expect("the emulator stops");
}

#[test]
fn ask_in_demo_mode_answers_on_a_model_without_thinking() {
    for route in ["gemini-api", "vertex-gemini"] {
        let home = tempfile::tempdir().unwrap();
        let output = cli::routeplay_command(
            home.path(),
            &["ask", "--demo", "--route", route, "--model", "gemini-2.0-flash", "Hi"],
        )
        .output()
        .unwrap();
        assert!(output.status.success(), "{route}: {}", cli::text(&output.stderr));
    }
}
