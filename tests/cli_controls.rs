//! The request controls on the command line: `compare --json` records carry the controls sent
//! and a `parity` array saying what each route dropped, mapped or left unconfirmed of them;
//! `ask` says the same on standard error after the answer.

#[path = "support/cli.rs"]
mod cli;

use cli::{routeplay_command, text};
use serde_json::Value;
use std::process::Stdio;

#[test]
fn each_record_names_what_its_route_did_with_the_controls() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = [
        "compare",
        "--demo",
        "--json",
        "--max-tokens",
        "40",
        "--top-k",
        "40",
        "--guardrail",
        "abc1:2",
        "--target",
        "bedrock-converse:meta.emulator-llama-v1:0",
        "--target",
        "vertex-claude@us-east5:claude-sonnet-4-5@20250929",
        "--target",
        "gemini-api:gemini-2.5-flash",
        "Hi there",
    ];
    let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
    let records: Vec<Value> =
        text(&out.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect();
    assert_eq!(records.len(), 3, "stdout: {}\nstderr: {}", text(&out.stdout), text(&out.stderr));
    let parity = |route: &str| -> Vec<String> {
        let record = records.iter().find(|record| record["route"] == route).expect(route);
        assert_eq!(record["controls"]["top_k"], 40, "{record}");
        assert_eq!(record["controls"]["guardrail"]["id"], "abc1", "{record}");
        record["parity"]
            .as_array()
            .expect("a parity array")
            .iter()
            .map(|line| line.as_str().unwrap().to_owned())
            .collect()
    };
    let converse = parity("bedrock-converse");
    assert!(converse.iter().any(|line| line.starts_with("bedrock-converse: top_k not sent: ")), "{converse:?}");
    assert!(
        converse.iter().any(|line| line.starts_with("bedrock-converse: guardrail mapped to guardrailConfig")),
        "{converse:?}"
    );
    let vertex = parity("vertex-claude");
    assert!(vertex.iter().any(|line| line.starts_with("vertex-claude: guardrail not sent: ")), "{vertex:?}");
    assert!(!vertex.iter().any(|line| line.contains("top_k")), "Vertex Claude carries top_k: {vertex:?}");
    let gemini = parity("gemini-api");
    assert!(gemini.contains(&"gemini-api: top_k mapped to generationConfig.topK".to_owned()), "{gemini:?}");
}

#[test]
fn ask_says_the_controls_sent_and_what_the_route_did_with_them_on_stderr() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = [
        "ask",
        "--demo",
        "--route",
        "bedrock-converse",
        "--model",
        "meta.emulator-llama-v1:0",
        "--max-tokens",
        "200",
        "--top-k",
        "40",
        "--service-tier",
        "flex",
        "Hi there",
    ];
    let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!text(&out.stdout).is_empty(), "the answer is on stdout");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.contains(&"routeplay: controls: top_k 40 · tier flex; served: tier flex"), "{stderr}");
    assert!(
        lines.iter().any(|line| line.starts_with("routeplay: parity: bedrock-converse: top_k not sent: ")),
        "{stderr}"
    );
    assert!(
        lines.contains(&"routeplay: parity: bedrock-converse: service tier mapped to serviceTier.type"),
        "{stderr}"
    );
}

#[test]
fn ask_json_carries_the_controls_what_was_served_and_a_guardrails_verdict() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = [
        "ask",
        "--demo",
        "--json",
        "--route",
        "bedrock-invoke",
        "--model",
        "anthropic.emulator-sonnet-v1:0",
        "--guardrail",
        "abc123:1",
        "--service-tier",
        "flex",
        "Say blocked-word for me",
    ];
    let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
    let record: Value = serde_json::from_str(text(&out.stdout).trim()).expect("one JSON record");
    assert_eq!(record["controls"]["guardrail"], serde_json::json!({"id": "abc123", "version": "1"}), "{record}");
    assert_eq!(record["served"]["service_tier"], "flex", "{record}");
    assert_eq!(record["guardrail"]["intervened"], true, "{record}");
    let assessment = record["guardrail"]["assessment"].as_array().expect("assessment lines");
    assert!(assessment.iter().any(|line| line.as_str().unwrap().contains("blocked-word")), "{record}");
    let parity: Vec<&str> = record["parity"].as_array().expect("parity").iter().map(|l| l.as_str().unwrap()).collect();
    assert!(parity.iter().any(|line| line.starts_with("bedrock-invoke: guardrail mapped to ")), "{parity:?}");
}

/// The compare: one Claude model on four routes with thinking, `top_k` and a PDF. Each
/// record names what its route did: Converse maps thinking and `top_k` to its own fields, Mantle
/// is not confirmed to take PDFs (and says which routes do), and every route flags `top_k` beside
/// thinking, which Claude rejects (the emulator then refuses the run as the real APIs do).
#[test]
fn a_compare_of_one_claude_model_names_each_routes_parity_lines() {
    let home = tempfile::tempdir().expect("tempdir");
    let pdf = home.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").expect("pdf written");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let options = routeplay::emulator::EmulatorOptions { tokens_per_second: 0.0, ..Default::default() };
    let emulator = runtime.block_on(routeplay::emulator::start(options)).expect("emulator starts");
    let args = [
        "compare",
        "--demo",
        "--json",
        "--project",
        "demo",
        "--thinking",
        "2048",
        "--top-k",
        "40",
        "--max-tokens",
        "4096",
        "--attach",
        pdf.to_str().expect("utf-8 path"),
        "--target",
        "anthropic:claude-sonnet-4-5-20250929",
        "--target",
        "bedrock-mantle:anthropic.claude-sonnet-4-5",
        "--target",
        "bedrock-converse:us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "--target",
        "vertex-claude@us-east5:claude-sonnet-4-5@20250929",
        "Summarise the report",
    ];
    let out = routeplay_command(home.path(), &args)
        .env("ANTHROPIC_API_KEY", routeplay::emulator::EMULATOR_API_KEY)
        .env("ANTHROPIC_BASE_URL", emulator.base_url())
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    runtime.block_on(emulator.shutdown()).expect("emulator stops");
    let records: Vec<Value> =
        text(&out.stdout).lines().map(|line| serde_json::from_str(line).expect("one JSON record per line")).collect();
    assert_eq!(records.len(), 4, "stderr: {}", text(&out.stderr));
    let parity = |route: &str| -> Vec<String> {
        let record = records.iter().find(|record| record["route"] == route).expect(route);
        let lines = record["parity"].as_array().expect("a parity array");
        lines.iter().map(|line| line.as_str().expect("text").to_owned()).collect()
    };
    for route in ["anthropic", "bedrock-mantle", "bedrock-converse", "vertex-claude"] {
        assert!(parity(route).contains(&format!("{route}: extended thinking rejects top_k 40")), "{route}");
    }
    let converse = parity("bedrock-converse");
    for line in [
        "bedrock-converse: thinking budget mapped to additionalModelRequestFields.thinking",
        "bedrock-converse: top_k mapped to additionalModelRequestFields.top_k",
    ] {
        assert!(converse.contains(&line.to_owned()), "{converse:?}");
    }
    assert!(converse.iter().any(|line| line.starts_with("bedrock-converse: PDF mapped to document blocks")));
    let mantle = parity("bedrock-mantle");
    assert!(
        mantle.contains(
            &"bedrock-mantle: PDF sent as document blocks (base64); not confirmed for bedrock-mantle; anthropic, \
              bedrock-converse, vertex-claude do"
                .to_owned()
        ),
        "{mantle:?}"
    );
    let refused = records.iter().find(|record| record["route"] == "anthropic").expect("anthropic");
    assert!(refused["error"].as_str().unwrap_or_default().contains("top_k"), "the emulator refuses it: {refused}");
}

#[test]
fn metadata_from_the_config_goes_under_the_flags() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    std::fs::write(home.path().join("config/config.toml"), "[defaults.metadata]\nteam = \"config\"\napp = \"demo\"\n")
        .expect("config written");
    let args = [
        "ask",
        "--demo",
        "--json",
        "--route",
        "bedrock-converse",
        "--model",
        "meta.emulator-llama-v1:0",
        "--meta",
        "team=cli",
        "Hi",
    ];
    let out = routeplay_command(home.path(), &args).stdin(Stdio::null()).output().expect("runs");
    let record: Value = serde_json::from_str(text(&out.stdout).trim()).expect("one JSON record");
    assert_eq!(record["controls"]["metadata"], serde_json::json!({"app": "demo", "team": "cli"}), "{record}");
    assert_eq!(record["status"], "done", "{record}");
}

#[test]
fn the_emulators_blocked_words_come_from_the_config() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    std::fs::write(home.path().join("config/config.toml"), "[emulator]\nblocked_words = [\"banana\"]\n")
        .expect("config written");
    let ask = |prompt: &str| -> Value {
        let args =
            ["ask", "--demo", "--json", "--route", "bedrock-invoke", "--model", "anthropic.emulator-sonnet-v1:0"];
        let mut command = routeplay_command(home.path(), &args);
        let out = command.args(["--guardrail", "abc123", prompt]).stdin(Stdio::null()).output().expect("runs");
        serde_json::from_str(text(&out.stdout).trim()).expect("one JSON record")
    };
    assert_eq!(ask("I like banana bread")["guardrail"]["intervened"], true);
    assert_eq!(ask("Say blocked-word")["guardrail"]["intervened"], false, "the configured list replaces the default");
}
